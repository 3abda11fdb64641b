// /teams/[slug] - a team's page for its members: members and roles, invitations (owner and admins),
// leave or delete. Anyone else, signed in or not a member, gets the 404 page: a team's existence does
// not leak.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDate, formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import type { InvitationState } from "@/lib/teams/invitation-tokens";
import {
  canChangeRole,
  canDeleteTeam,
  canInviteWithRole,
  canLeave,
  canManageInvitations,
  canRemoveMember,
  canTransferOwnership,
} from "@/lib/teams/permissions";
import { teamPageData } from "@/lib/teams/queries";
import { teamNotes } from "@/lib/teams/team-notes";
import { TEAM_ROLE_NAMES } from "@/lib/teams/schemas";
import {
  ChangeRoleForm,
  DeleteTeamForm,
  InvitationLinkForm,
  InviteUserForm,
  LeaveTeamForm,
  RemoveMemberButton,
  RevokeInvitationButton,
  TransferOwnershipButton,
} from "../_components/team-forms";

export const metadata: Metadata = { title: "Team", robots: { index: false } };

const STATE_NAMES: Record<InvitationState, string> = {
  valid: "Open",
  expired: "Expired",
  "used-up": "Used up",
  revoked: "Revoked",
};

export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/teams/${encodeURIComponent(slug)}`);
  const data = await teamPageData(db, user.id, slug);
  if (!data) notFound();
  const { team, myRole, members, invitations } = data;
  const written = (await teamNotes(db, user.id, team.id)) ?? { articles: [], notes: [] };
  const manages = canManageInvitations(myRole);

  return (
    <div className="mx-auto max-w-3xl space-y-10 px-4 py-10 sm:px-6">
      <div className="space-y-2">
        <p>
          <Link href="/teams" className="text-muted underline">
            Your teams
          </Link>
        </p>
        <h1 className="font-reading text-3xl font-semibold tracking-tight break-words">{team.name}</h1>
        {team.description ? <p className="break-words whitespace-pre-line">{team.description}</p> : null}
        <p className="text-muted text-sm">
          You are {myRole === "OWNER" ? "the owner" : `a${myRole === "ADMIN" ? "n admin" : " member"}`} ·
          created {formatDate(team.createdAt)}
        </p>
      </div>

      <section aria-labelledby="team-notes-title" className="space-y-4">
        <h2 id="team-notes-title" className="text-xl font-semibold">
          Articles and notes
        </h2>
        {written.articles.length === 0 ? (
          <p className="text-muted">
            No team notes yet. Choose {team.name} when you annotate an article to share a note with the team.
          </p>
        ) : (
          <>
            <ul className="space-y-1" aria-label="Articles with team notes">
              {written.articles.map((article) => (
                <li key={article.slug}>
                  <Link href={`/articles/${encodeURIComponent(article.slug)}`} className="underline">
                    {article.title}
                  </Link>{" "}
                  <span className="text-muted text-sm">
                    · {article.notes} team {article.notes === 1 ? "note" : "notes"}
                  </span>
                </li>
              ))}
            </ul>
            <h3 className="font-semibold">Latest team notes</h3>
            <ul className="divide-rule border-rule divide-y rounded border" aria-label="Latest team notes">
              {written.notes.map((note) => (
                <li key={note.id} className="p-3">
                  <Link
                    href={`/articles/${encodeURIComponent(note.articleSlug)}#annotation-${note.id}`}
                    className="break-words underline"
                  >
                    {note.excerpt || "(a highlight)"}
                  </Link>
                  <p className="text-muted text-sm">
                    {note.authorName} on {note.articleTitle} · {formatDateTime(note.createdAt)}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="members-title" className="space-y-4">
        <h2 id="members-title" className="text-xl font-semibold">
          Members ({members.length})
        </h2>
        <ul className="divide-rule border-rule divide-y rounded border" aria-label="Members">
          {members.map((member) => {
            const isSelf = member.userId === user.id;
            return (
              <li key={member.userId} className="flex flex-wrap items-start justify-between gap-3 p-4">
                <div className="min-w-0">
                  <p className="font-medium break-words">
                    {member.name}
                    {isSelf ? <span className="text-muted font-normal"> (you)</span> : null}
                  </p>
                  <p className="text-muted text-sm">
                    @{member.handle} · {TEAM_ROLE_NAMES[member.role]} · joined {formatDate(member.joinedAt)}
                  </p>
                </div>
                <div className="flex flex-wrap items-start gap-2">
                  {canChangeRole(myRole, member.role, "MEMBER", isSelf) ? (
                    <ChangeRoleForm
                      slug={team.slug}
                      userId={member.userId}
                      name={member.name}
                      role={member.role}
                    />
                  ) : null}
                  {canTransferOwnership(myRole, member.role, isSelf) ? (
                    <TransferOwnershipButton slug={team.slug} userId={member.userId} name={member.name} />
                  ) : null}
                  {canRemoveMember(myRole, member.role, isSelf) ? (
                    <RemoveMemberButton slug={team.slug} userId={member.userId} name={member.name} />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      {manages ? (
        <section aria-labelledby="invite-title" className="space-y-8">
          <h2 id="invite-title" className="text-xl font-semibold">
            Invite people
          </h2>
          <div className="space-y-3">
            <h3 className="font-semibold">By link</h3>
            <p className="text-muted text-sm">
              Anyone with the link can join until it expires or is used up. Only a fingerprint of it is
              stored, so it is shown once.
            </p>
            <InvitationLinkForm slug={team.slug} canInviteAdmins={canInviteWithRole(myRole, "ADMIN")} />
          </div>
          <div className="space-y-3">
            <h3 className="font-semibold">By email or handle</h3>
            <InviteUserForm slug={team.slug} canInviteAdmins={canInviteWithRole(myRole, "ADMIN")} />
          </div>
          <div className="space-y-3">
            <h3 className="font-semibold">Invitations</h3>
            {invitations.length === 0 ? (
              <p className="text-muted">No invitations yet.</p>
            ) : (
              <ul className="divide-rule border-rule divide-y rounded border" aria-label="Invitations">
                {invitations.map((invitation) => {
                  const description = invitation.invitee
                    ? `invitation for ${invitation.invitee.name}`
                    : `invitation link created ${formatDateTime(invitation.createdAt)}`;
                  return (
                    <li key={invitation.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
                      <div className="min-w-0 text-sm">
                        <p className="font-medium">
                          {invitation.invitee
                            ? `For ${invitation.invitee.name} (@${invitation.invitee.handle})`
                            : "Link"}{" "}
                          · {TEAM_ROLE_NAMES[invitation.role]} · {STATE_NAMES[invitation.state]}
                        </p>
                        <p className="text-muted">
                          Used {invitation.uses} of {invitation.maxUses} · expires{" "}
                          {formatDateTime(invitation.expiresAt)} · by {invitation.createdBy}
                        </p>
                      </div>
                      {invitation.state === "valid" ? (
                        <RevokeInvitationButton
                          slug={team.slug}
                          invitationId={invitation.id}
                          description={description}
                        />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="leave-title" className="space-y-4">
        <h2 id="leave-title" className="text-xl font-semibold">
          {canDeleteTeam(myRole) ? "Delete the team" : "Leave the team"}
        </h2>
        {canLeave(myRole) ? (
          <>
            <p className="text-muted">
              You will stop seeing the team&apos;s annotations at once. Your own notes shared with the team
              stay in it.
            </p>
            <LeaveTeamForm slug={team.slug} teamName={team.name} />
          </>
        ) : (
          <>
            <p className="text-muted">
              As the owner you cannot leave: make another member the owner first. Deleting the team removes
              its members and invitations; every annotation shared with it becomes private to its author.
            </p>
            <DeleteTeamForm slug={team.slug} />
          </>
        )}
      </section>
    </div>
  );
}
