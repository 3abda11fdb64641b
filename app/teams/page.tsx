// /teams - the teams I am in, and a form to create one.
import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { listMyTeams } from "@/lib/teams/queries";
import { TEAM_ROLE_NAMES } from "@/lib/teams/schemas";
import { CreateTeamForm } from "./_components/team-forms";

export const metadata: Metadata = { title: "Your teams", robots: { index: false } };

export default async function TeamsPage() {
  const user = await requireUser("/teams");
  const teams = await listMyTeams(db, user.id);
  return (
    <div className="mx-auto max-w-2xl space-y-10 px-4 py-10 sm:px-6">
      <div className="space-y-2">
        <h1 className="font-reading text-3xl font-semibold tracking-tight">Your teams</h1>
        <p className="text-muted">
          A team shares its own layer of highlights and notes: annotations shared with a team are seen by its
          current members only.
        </p>
      </div>
      <section aria-labelledby="my-teams-title" className="space-y-4">
        <h2 id="my-teams-title" className="text-xl font-semibold">
          Teams you are in
        </h2>
        {teams.length === 0 ? (
          <p className="text-muted">
            You are not in any team yet. Create one below, or open an invitation link someone sent you.
          </p>
        ) : (
          <ul className="divide-rule border-rule divide-y rounded border">
            {teams.map((team) => (
              <li key={team.slug} className="flex flex-wrap items-baseline justify-between gap-2 p-4">
                <div className="min-w-0 space-y-1">
                  <Link href={`/teams/${team.slug}`} className="font-medium break-words underline">
                    {team.name}
                  </Link>
                  {team.description ? (
                    <p className="text-muted text-sm break-words">{team.description}</p>
                  ) : null}
                </div>
                <p className="text-muted text-sm">
                  {TEAM_ROLE_NAMES[team.role]} · {team.memberCount}{" "}
                  {team.memberCount === 1 ? "member" : "members"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="create-team-title" className="space-y-4">
        <h2 id="create-team-title" className="text-xl font-semibold">
          Create a team
        </h2>
        <CreateTeamForm />
      </section>
    </div>
  );
}
