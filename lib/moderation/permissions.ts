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
export function canModerateItem(
  actor: ModeratorStanding,
  scope: ModerationScope,
  actorTeamRole: TeamRole | null,
): boolean {
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

export const SANCTION_NOT_MODERATOR = "Only site moderators and admins can warn, suspend or ban an account.";
export const SANCTION_SELF = "You cannot sanction your own account.";
export const SANCTION_ADMIN_BY_MODERATOR =
  "Moderators cannot sanction an admin's account; ask another admin.";
export const SANCTION_MODERATOR_BY_MODERATOR =
  "Moderators cannot sanction another moderator's account; ask an admin.";

/**
 * Who may warn, suspend or ban whom: site moderators and admins, never themselves. A moderator may only
 * sanction readers: moderators and admins answer to admins, so one moderator cannot silence another.
 * Returns null when allowed, else the refusal to show.
 */
export function sanctionRefusal(
  actor: ModeratorStanding & { id: string },
  target: { id: string; role: Role },
): string | null {
  if (!isSiteModerator(actor)) return SANCTION_NOT_MODERATOR;
  if (actor.id === target.id) return SANCTION_SELF;
  if (actor.role === "ADMIN") return null;
  if (target.role === "ADMIN") return SANCTION_ADMIN_BY_MODERATOR;
  if (target.role === "MODERATOR") return SANCTION_MODERATOR_BY_MODERATOR;
  return null;
}
