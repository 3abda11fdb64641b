// Who may do what inside a team, decided from team roles alone. Pure (no database), so the rules are
// unit-tested as a table; lib/teams/commands.ts applies them and re-checks roles in the writes' `where`.
//
// - OWNER: exactly one per team. Manages everything, changes roles, passes ownership on, deletes the
//   team. Cannot leave (or be removed) without first transferring ownership.
// - ADMIN: invites (as a member), revokes invitations, removes plain members.
// - MEMBER: reads and writes the team's layer, leaves when they like.
// Site-wide rules (an account must be active to write) live in lib/auth/can.ts and are checked first.
import type { TeamRole } from "@/lib/generated/prisma/enums";

export const TEAM_ROLES = ["OWNER", "ADMIN", "MEMBER"] as const satisfies readonly TeamRole[];

export function canManageInvitations(role: TeamRole): boolean {
  return role === "OWNER" || role === "ADMIN";
}

/** Only the owner hands out the ADMIN role, by invitation or by a role change. */
export function canInviteWithRole(role: TeamRole, invitedRole: TeamRole): boolean {
  if (invitedRole === "OWNER") return false;
  if (invitedRole === "ADMIN") return role === "OWNER";
  return canManageInvitations(role);
}

export function canRemoveMember(actorRole: TeamRole, targetRole: TeamRole, isSelf: boolean): boolean {
  // Leaving is its own action; the owner is never removed (ownership must be transferred first).
  if (isSelf || targetRole === "OWNER") return false;
  if (actorRole === "OWNER") return true;
  return actorRole === "ADMIN" && targetRole === "MEMBER";
}

export function canChangeRole(
  actorRole: TeamRole,
  targetRole: TeamRole,
  newRole: TeamRole,
  isSelf: boolean,
): boolean {
  if (actorRole !== "OWNER" || isSelf) return false;
  return targetRole !== "OWNER" && newRole !== "OWNER";
}

export function canTransferOwnership(actorRole: TeamRole, targetRole: TeamRole, isSelf: boolean): boolean {
  return actorRole === "OWNER" && !isSelf && targetRole !== "OWNER";
}

/** The owner must transfer ownership first, so a team is never left without one. */
export function canLeave(role: TeamRole): boolean {
  return role !== "OWNER";
}

export function canDeleteTeam(role: TeamRole): boolean {
  return role === "OWNER";
}
