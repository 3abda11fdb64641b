// Who may moderate which item, decided from roles alone. Pure (no database), so the rules are unit-tested
// as a table; lib/auth/can.ts exposes them as the "moderation:decide" action.
//
// - Site moderators and admins moderate public content, article comments and team content.
// - A team's owners and admins moderate that team's content (team annotations and their replies).
// - Nobody moderates a team they do not belong to, unless they are a site moderator.
// - Private annotations (and replies to them) have no audience but their author: nobody moderates them.
import type { AccountStatus, Role, TeamRole } from "@/lib/generated/prisma/enums";

/** Where an item is seen: by everyone, by one team, or by its author alone. */
export type ModerationScope = "public" | "team" | "private";

export interface ModeratorStanding {
  role: Role;
  status: AccountStatus;
}

export function isSiteModerator(actor: ModeratorStanding): boolean {
  return actor.status === "ACTIVE" && (actor.role === "MODERATOR" || actor.role === "ADMIN");
}

export function isTeamModeratorRole(teamRole: TeamRole | null): boolean {
  return teamRole === "OWNER" || teamRole === "ADMIN";
}

/** `actorTeamRole`: the actor's role in the item's team (null when not a member or not a team item). */
export function canModerateItem(actor: ModeratorStanding, scope: ModerationScope, actorTeamRole: TeamRole | null): boolean {
  if (actor.status !== "ACTIVE") return false;
  switch (scope) {
    case "public":
      return isSiteModerator(actor);
    case "team":
      return isSiteModerator(actor) || isTeamModeratorRole(actorTeamRole);
    case "private":
      return false;
  }
}
