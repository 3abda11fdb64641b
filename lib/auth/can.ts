// The authorisation rules: who may do what. Pure (no Next.js, no database), so the whole matrix is
// unit-tested. lib/auth/permissions.ts wraps it with the session for server actions, pages and handlers;
// later issues add their actions here rather than inventing checks of their own.
import type { AccountStatus, Role, TeamRole } from "@/lib/generated/prisma/enums";
import { canModerateItem, type ModerationScope } from "@/lib/moderation/permissions";

export const ROLES = ["READER", "MODERATOR", "ADMIN"] as const satisfies readonly Role[];
export const STATUSES = ["ACTIVE", "SUSPENDED", "BANNED"] as const satisfies readonly AccountStatus[];

const ROLE_RANK: Record<Role, number> = { READER: 0, MODERATOR: 1, ADMIN: 2 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

/**
 * Every action that exists so far.
 * - account:read / account:security: one's own account page, password change and "sign out of all
 *   devices". Allowed whatever the status: they protect the account and write nothing others see.
 * - account:update: one's public profile (display name). A write, so ACTIVE only.
 * - user:*: the admin's user management. Never on oneself (no self-demotion or self-ban into lockout).
 * - annotation:create, comment:create, reply:create, report:create, team:create: content writes.
 * - moderation:access: the moderation queues.
 * - token:create: a personal API token (a new credential), so ACTIVE only. token:revoke: allowed whatever
 *   the status, like account:security: taking a credential away only ever protects the account.
 * - team:join (accept an invitation) and team:manage (invite, change roles, remove, transfer, delete; the
 *   team role itself is checked by lib/teams/permissions.ts): writes, so ACTIVE only. team:leave and
 *   notification:read (mark as read) are allowed whatever the status: they only take something away
 *   from, or tidy up, the user's own account.
 * - reaction:create: agree / disagree / question on an item the actor can see (visibility is checked by
 *   the query that finds the item, not here).
 * - thread:resolve: resolve or reopen a team annotation's thread. Allowed to the annotation's author and
 *   to the team's owners and admins, and only while they are members of that team (an ex-member author
 *   keeps their annotation but no longer steers the team's conversation).
 * - moderation:decide: a decision (approve, hide, remove, spam, restore, dismiss reports) on one item.
 *   Decided by the item's scope and the actor's role in its team (lib/moderation/permissions.ts).
 */
export const ACTIONS = [
  "account:read",
  "account:security",
  "account:update",
  "user:list",
  "user:changeRole",
  "user:suspend",
  "user:ban",
  "user:restore",
  "annotation:create",
  "comment:create",
  "reply:create",
  "report:create",
  "team:create",
  "moderation:access",
  "token:create",
  "token:revoke",
  "team:join",
  "team:manage",
  "team:leave",
  "notification:read",
  "reaction:create",
  "thread:resolve",
  "moderation:decide",
] as const;

export type Action = (typeof ACTIONS)[number];

/** Who is asking. `status` must be the effective status (see session-user.ts). */
export interface Actor {
  id: string;
  role: Role;
  status: AccountStatus;
}

/** What the action is about, when it is about something. */
export type Resource =
  | { kind: "user"; id: string }
  /** A team annotation's thread: who wrote the annotation, and the actor's role in its team (null: not a member). */
  | { kind: "thread"; authorId: string; actorTeamRole: TeamRole | null }
  /** A moderated item: where it is seen, and the actor's role in its team (null: not a member / no team). */
  | { kind: "moderatedItem"; scope: ModerationScope; actorTeamRole: TeamRole | null };

const STATUS_EXEMPT_ACTIONS = new Set<Action>([
  "account:read",
  "account:security",
  "token:revoke",
  "team:leave",
  "notification:read",
]);
const USER_ADMIN_ACTIONS = new Set<Action>(["user:changeRole", "user:suspend", "user:ban", "user:restore"]);

export function can(actor: Actor | null | undefined, action: Action, resource?: Resource): boolean {
  // Reading stays open to everyone; every action listed here needs an account.
  if (!actor) return false;
  // Suspended and banned users can read and look after their own account, and write nothing.
  if (actor.status !== "ACTIVE" && !STATUS_EXEMPT_ACTIONS.has(action)) return false;

  switch (action) {
    case "account:read":
    case "account:security":
    case "account:update":
    case "annotation:create":
    case "comment:create":
    case "reply:create":
    case "report:create":
    case "team:create":
    case "token:create":
    case "token:revoke":
    case "team:join":
    case "team:manage":
    case "team:leave":
    case "notification:read":
    case "reaction:create":
      return true;
    case "thread:resolve":
      return canResolveThread(actor, resource);
    case "moderation:access":
      return hasRole(actor.role, "MODERATOR");
    case "moderation:decide":
      // Which item decides: refuse rather than guess.
      if (resource?.kind !== "moderatedItem") return false;
      return canModerateItem(actor, resource.scope, resource.actorTeamRole);
    case "user:list":
      return actor.role === "ADMIN";
    case "user:changeRole":
    case "user:suspend":
    case "user:ban":
    case "user:restore":
      if (actor.role !== "ADMIN") return false;
      // An action on a user needs to know which user: refuse rather than guess.
      if (resource?.kind !== "user") return false;
      return resource.id !== actor.id;
  }
}

function canResolveThread(actor: Actor, resource: Resource | undefined): boolean {
  if (resource?.kind !== "thread" || resource.actorTeamRole === null) return false;
  return (
    resource.authorId === actor.id || resource.actorTeamRole === "OWNER" || resource.actorTeamRole === "ADMIN"
  );
}

export function isUserAdminAction(action: Action): boolean {
  return USER_ADMIN_ACTIONS.has(action);
}
