// /invitations/[token] - the page an invitation link opens: the team's name and an Accept button. An
// expired, used-up, revoked or forged link gets a clear message instead; viewing the page writes nothing.
import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { INVITATION_MESSAGES } from "@/lib/teams/errors";
import { invitationPath } from "@/lib/teams/invitation-tokens";
import { previewInvitation } from "@/lib/teams/queries";
import { TEAM_ROLE_NAMES } from "@/lib/teams/schemas";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = {
  title: "Team invitation",
  robots: { index: false },
  // The token is a secret: never send it to another site in a Referer header.
  referrer: "no-referrer",
};

const TITLES = {
  invalid: "This invitation link is not valid",
  expired: "This invitation has expired",
  "used-up": "This invitation has been used up",
  revoked: "This invitation was withdrawn",
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [preview, user] = await Promise.all([previewInvitation(db, token), currentUser()]);

  if (preview.state !== "valid") {
    return (
      <div className="mx-auto max-w-xl space-y-4 px-4 py-10 sm:px-6">
        <h1 className="font-reading text-3xl font-semibold tracking-tight">{TITLES[preview.state]}</h1>
        <p>{INVITATION_MESSAGES[preview.state]}</p>
        <p>
          <Link href={user ? "/teams" : "/"} className="underline">
            {user ? "Your teams" : "Back to the articles"}
          </Link>
        </p>
      </div>
    );
  }

  const forSomeoneElse = user !== null && preview.inviteeId !== null && preview.inviteeId !== user.id;
  return (
    <div className="mx-auto max-w-xl space-y-6 px-4 py-10 sm:px-6">
      <div className="space-y-2">
        <p className="text-muted">You are invited to join</p>
        <h1 className="font-reading text-3xl font-semibold tracking-tight break-words">
          {preview.team.name}
        </h1>
        {preview.team.description ? (
          <p className="break-words whitespace-pre-line">{preview.team.description}</p>
        ) : null}
        <p className="text-muted text-sm">as {TEAM_ROLE_NAMES[preview.role].toLowerCase()}</p>
      </div>
      {!user ? (
        <p>
          <Link
            href={`/signin?callbackUrl=${encodeURIComponent(invitationPath(token))}`}
            className="underline"
          >
            Sign in to accept
          </Link>{" "}
          or{" "}
          <Link
            href={`/signup?callbackUrl=${encodeURIComponent(invitationPath(token))}`}
            className="underline"
          >
            create an account
          </Link>
          .
        </p>
      ) : forSomeoneElse ? (
        <p>{INVITATION_MESSAGES["not-for-you"]}</p>
      ) : (
        <AcceptInvitationForm token={token} />
      )}
    </div>
  );
}
