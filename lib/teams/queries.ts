// Read side of teams: the teams a user is in, and a team's page (members, invitations) for its members
// only. Membership is read on every request, so someone removed a moment ago already gets "not found".
import type { Db } from "../db/prisma-factory";
import type { TeamRole } from "../generated/prisma/enums";
import {
  hashInvitationToken,
  invitationState,
  type InvitationState,
  isWellFormedInvitationToken,
} from "./invitation-tokens";
import { rememberedVisibility, type VisibilityChoice } from "./layers";
import { canManageInvitations } from "./permissions";

/** Most invitations listed on a team's page (open ones first, then the most recent others). */
export const MAX_INVITATIONS_LISTED = 100;

const ROLE_ORDER: Record<TeamRole, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };

export interface MyTeam {
  slug: string;
  name: string;
  description: string;
  role: TeamRole;
  memberCount: number;
}

export async function listMyTeams(db: Db, userId: string): Promise<MyTeam[]> {
  const rows = await db.teamMembership.findMany({
    where: { userId },
    select: {
      role: true,
      team: {
        select: { slug: true, name: true, description: true, _count: { select: { memberships: true } } },
      },
    },
    orderBy: { team: { name: "asc" } },
  });
  return rows.map((row) => ({
    slug: row.team.slug,
    name: row.team.name,
    description: row.team.description,
    role: row.role,
    memberCount: row.team._count.memberships,
  }));
}

export interface TeamMemberView {
  userId: string;
  name: string;
  handle: string;
  role: TeamRole;
  joinedAt: string;
}

export interface TeamInvitationView {
  id: string;
  role: TeamRole;
  state: InvitationState;
  uses: number;
  maxUses: number;
  expiresAt: string;
  createdAt: string;
  createdBy: string;
  /** Set for an invitation addressed to one user. */
  invitee: { name: string; handle: string } | null;
}

export interface TeamPageData {
  team: { id: string; slug: string; name: string; description: string; createdAt: string };
  myRole: TeamRole;
  members: TeamMemberView[];
  /** Only for those who manage invitations (owner, admins); empty for plain members. */
  invitations: TeamInvitationView[];
}

/** The team page for a member; null for a missing team and for a non-member alike (the page 404s). */
export async function teamPageData(
  db: Db,
  userId: string,
  slug: string,
  now = new Date(),
): Promise<TeamPageData | null> {
  const membership = await db.teamMembership.findFirst({
    where: { userId, team: { slug } },
    select: {
      role: true,
      team: { select: { id: true, slug: true, name: true, description: true, createdAt: true } },
    },
  });
  if (!membership) return null;
  const { team, role } = membership;
  const [members, invitations] = await Promise.all([
    db.teamMembership.findMany({
      where: { teamId: team.id },
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, handle: true } } },
    }),
    canManageInvitations(role)
      ? db.teamInvitation.findMany({
          where: { teamId: team.id },
          select: {
            id: true,
            role: true,
            uses: true,
            maxUses: true,
            expiresAt: true,
            revokedAt: true,
            createdAt: true,
            createdBy: { select: { name: true } },
            invitee: { select: { name: true, handle: true } },
          },
          orderBy: { createdAt: "desc" },
          take: MAX_INVITATIONS_LISTED,
        })
      : Promise.resolve([]),
  ]);
  return {
    team: { ...team, createdAt: team.createdAt.toISOString() },
    myRole: role,
    members: members
      .map((member) => ({
        userId: member.user.id,
        name: member.user.name,
        handle: member.user.handle,
        role: member.role,
        joinedAt: member.createdAt.toISOString(),
      }))
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name)),
    invitations: invitations
      .map((invitation) => ({
        id: invitation.id,
        role: invitation.role,
        state: invitationState(invitation, now),
        uses: invitation.uses,
        maxUses: invitation.maxUses,
        expiresAt: invitation.expiresAt.toISOString(),
        createdAt: invitation.createdAt.toISOString(),
        createdBy: invitation.createdBy.name,
        invitee: invitation.invitee,
      }))
      .sort((a, b) => Number(b.state === "valid") - Number(a.state === "valid")),
  };
}

export type InvitationPreview =
  | {
      state: "valid";
      team: { name: string; slug: string; description: string };
      role: TeamRole;
      inviteeId: string | null;
    }
  | { state: Exclude<InvitationState, "valid"> | "invalid" };

/**
 * What the accept page shows for a token, writing nothing. Only a valid invitation reveals its team:
 * a revoked or expired link tells its holder nothing more than that.
 */
export async function previewInvitation(db: Db, token: string, now = new Date()): Promise<InvitationPreview> {
  if (!isWellFormedInvitationToken(token)) return { state: "invalid" };
  const row = await db.teamInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      role: true,
      inviteeId: true,
      uses: true,
      maxUses: true,
      expiresAt: true,
      revokedAt: true,
      team: { select: { name: true, slug: true, description: true } },
    },
  });
  if (!row) return { state: "invalid" };
  const state = invitationState(row, now);
  if (state !== "valid") return { state };
  return { state, team: row.team, role: row.role, inviteeId: row.inviteeId };
}

export interface VisibilityChoices {
  /** The teams the user may share with (their teams now), by name. */
  teams: { id: string; name: string; slug: string }[];
  /** What a new annotation starts with: the last choice, if it still applies. */
  remembered: VisibilityChoice;
}

/** For the annotator's "Team: <name>" choice and its layer switcher: the user's teams and last choice. */
export async function visibilityChoices(db: Db, userId: string): Promise<VisibilityChoices> {
  const [memberships, user] = await Promise.all([
    db.teamMembership.findMany({
      where: { userId },
      select: { team: { select: { id: true, name: true, slug: true } } },
      orderBy: { team: { name: "asc" } },
    }),
    db.user.findUnique({ where: { id: userId }, select: { lastVisibility: true } }),
  ]);
  const teams = memberships.map((membership) => membership.team);
  return {
    teams,
    remembered: rememberedVisibility(
      user?.lastVisibility ?? null,
      teams.map((team) => team.id),
    ),
  };
}
