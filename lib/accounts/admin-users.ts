// The admin's user management: list and search, change a role, suspend, ban, restore. Each change and
// its AuditLogEntry are written in one transaction, so there is never a change without its record
// (or a record without its change). The audit table is append-only: nothing in the app updates or
// deletes its rows.
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma-factory";
import { sanctionUser, standingSnapshot } from "@/lib/moderation/sanctions";
import { can, type Action, type Actor } from "@/lib/auth/can";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AccountStatus, Role } from "@/lib/generated/prisma/enums";
import { CHECK_FIELDS_MESSAGE, NOT_ALLOWED_MESSAGE, type AccountResult } from "./results";
import {
  banSchema,
  changeRoleSchema,
  fieldErrors,
  restoreSchema,
  suspendSchema,
  userSearchSchema,
} from "./schemas";

export const USERS_PAGE_SIZE = 25;

export const AUDIT_ACTIONS = {
  changeRole: "user.role_changed",
  suspend: "user.suspended",
  ban: "user.banned",
  restore: "user.restored",
} as const;

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  handle: string;
  role: Role;
  status: AccountStatus;
  statusReason: string | null;
  suspendedUntil: Date | null;
  createdAt: Date;
}

export async function listUsers(
  db: Db,
  actor: Actor,
  query: unknown,
): Promise<{ users: UserListItem[]; total: number; page: number; pageCount: number; q: string } | null> {
  if (!can(actor, "user:list")) return null;
  const { q, page } = userSearchSchema.parse(query ?? {});
  const where: Prisma.UserWhereInput =
    q === ""
      ? {}
      : {
          OR: [
            { email: { contains: q, mode: "insensitive" } },
            { name: { contains: q, mode: "insensitive" } },
            { handle: { contains: q, mode: "insensitive" } },
          ],
        };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: {
        id: true,
        email: true,
        name: true,
        handle: true,
        role: true,
        status: true,
        statusReason: true,
        suspendedUntil: true,
        createdAt: true,
      },
    }),
    db.user.count({ where }),
  ]);
  return { users, total, page, pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)), q };
}

const STANDING = { role: true, status: true, statusReason: true, suspendedUntil: true } as const;
type Standing = {
  role: Role;
  status: AccountStatus;
  statusReason: string | null;
  suspendedUntil: Date | null;
};

const snapshot = standingSnapshot;

class RefusedChange extends Error {}

/**
 * Reads the target under a row lock, lets `change` compute the new standing, writes it and the audit
 * entry, all in one transaction. `change` throws RefusedChange for a change that makes no sense.
 */
async function applyChange(
  db: Db,
  actor: Actor,
  action: Action,
  auditAction: string,
  userId: string,
  reason: string,
  change: (current: Standing) => Partial<Standing>,
  successMessage: (name: string) => string,
): Promise<AccountResult> {
  if (!can(actor, action, { kind: "user", id: userId })) {
    return {
      ok: false,
      message:
        userId === actor.id
          ? "You cannot change your own account here; ask another admin."
          : NOT_ALLOWED_MESSAGE,
    };
  }
  try {
    return await db.$transaction(async (tx) => {
      // The lock makes two admins acting on the same user at once take turns, so each audit entry's
      // "before" is what the change really replaced.
      const locked = await tx.$queryRaw<
        { id: string }[]
      >`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
      if (locked.length === 0) throw new RefusedChange("This user no longer exists.");
      const current = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { ...STANDING, name: true },
      });
      const next = { ...current, ...change(current) };
      await tx.user.update({
        where: { id: userId },
        data: {
          role: next.role,
          status: next.status,
          statusReason: next.statusReason,
          suspendedUntil: next.suspendedUntil,
        },
      });
      await tx.auditLogEntry.create({
        data: {
          action: auditAction,
          actorId: actor.id,
          targetUserId: userId,
          before: snapshot(current),
          after: snapshot(next),
          reason,
        },
      });
      return { ok: true as const, message: successMessage(current.name) };
    });
  } catch (error) {
    if (error instanceof RefusedChange) return { ok: false, message: error.message };
    throw error;
  }
}

const ROLE_LABEL: Record<Role, string> = { READER: "a reader", MODERATOR: "a moderator", ADMIN: "an admin" };

export async function changeRole(db: Db, actor: Actor, input: unknown): Promise<AccountResult> {
  const parsed = changeRoleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE };
  const { userId, role, reason } = parsed.data;
  return applyChange(
    db,
    actor,
    "user:changeRole",
    AUDIT_ACTIONS.changeRole,
    userId,
    reason,
    (current) => {
      if (current.role === role) throw new RefusedChange(`This user is already ${ROLE_LABEL[role]}.`);
      return { role };
    },
    (name) => `${name} is now ${ROLE_LABEL[role]}.`,
  );
}

// Suspending and banning are sanctions: one implementation (lib/moderation/sanctions.ts) records the
// Sanction, the audit entry and the notification for both /admin/users and /moderation. The admin's
// forms keep their own field checks and the admin-only rule of "user:suspend" / "user:ban".
async function viaSanction(
  db: Db,
  actor: Actor,
  action: Action,
  input: { userId: string; kind: "SUSPEND" | "BAN"; reason: string; until?: string },
  now: Date,
): Promise<AccountResult> {
  if (!can(actor, action, { kind: "user", id: input.userId })) {
    return {
      ok: false,
      message:
        input.userId === actor.id
          ? "You cannot change your own account here; ask another admin."
          : NOT_ALLOWED_MESSAGE,
    };
  }
  try {
    const result = await sanctionUser(db, actor, input, now);
    return { ok: true, message: result.message };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, message: error.message, errors: error.fields };
    throw error;
  }
}

export async function suspendUser(
  db: Db,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<AccountResult> {
  const parsed = suspendSchema(now).safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE };
  const { userId, reason } = parsed.data;
  const until = (input as { until: string }).until;
  return viaSanction(db, actor, "user:suspend", { userId, kind: "SUSPEND", reason, until }, now);
}

export async function banUser(db: Db, actor: Actor, input: unknown): Promise<AccountResult> {
  const parsed = banSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE };
  const { userId, reason } = parsed.data;
  return viaSanction(db, actor, "user:ban", { userId, kind: "BAN", reason }, new Date());
}

export async function restoreUser(db: Db, actor: Actor, input: unknown): Promise<AccountResult> {
  const parsed = restoreSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE };
  const { userId, reason } = parsed.data;
  return applyChange(
    db,
    actor,
    "user:restore",
    AUDIT_ACTIONS.restore,
    userId,
    reason,
    (current) => {
      // A suspension that has run out may still be restored: it tidies the row and records who did it.
      if (current.status === "ACTIVE") throw new RefusedChange("This account is already active.");
      return { status: "ACTIVE", statusReason: null, suspendedUntil: null };
    },
    (name) => `${name}'s account is active again.`,
  );
}

export interface AuditEntryView {
  id: string;
  action: string;
  actorName: string | null;
  reason: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  createdAt: Date;
}

/** The latest audit entries about one user, for the admin's view of that user. */
export async function auditTrail(
  db: Db,
  actor: Actor,
  userId: string,
  take = 20,
): Promise<AuditEntryView[] | null> {
  if (!can(actor, "user:list")) return null;
  const entries = await db.auditLogEntry.findMany({
    where: { targetUserId: userId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      action: true,
      reason: true,
      before: true,
      after: true,
      createdAt: true,
      actor: { select: { name: true } },
    },
  });
  return entries.map(({ actor: entryActor, ...entry }) => ({
    ...entry,
    actorName: entryActor?.name ?? null,
  }));
}
