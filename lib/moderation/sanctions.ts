// Sanctions on accounts: warn (the user acknowledges before posting again), suspend until a date, ban.
// This is the one implementation: /moderation/users/[id] and /admin/users both come here. Each sanction
// writes, in one transaction under a lock on the user's row: the user's standing, the Sanction row, the
// audit entry, optionally the removal of all their visible content (one audit entry per item), and a
// notification carrying the reason the user sees.
import type { Prisma } from "../generated/prisma/client";
import type { AccountStatus, ItemStatus, Role, SanctionKind } from "../generated/prisma/enums";
import { ApiError, parseOrThrow } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import { notify } from "../notifications/notify";
import { sanctionRefusal, type ModeratorStanding } from "./permissions";
import { acknowledgeSchema, sanctionSchema } from "./schemas";

type Tx = Prisma.TransactionClient;

/** Where a warned user reads and acknowledges their warnings (the posting gate points here). */
export const WARNINGS_PATH = "/account/standing";

export const SANCTION_AUDIT_ACTIONS = {
  WARN: "user.warned",
  SUSPEND: "user.suspended",
  BAN: "user.banned",
} as const satisfies Record<SanctionKind, string>;
export const RESTORE_AUDIT_ACTION = "user.restored";
/** Audit action of each item withdrawn by "remove all their content". */
export const CONTENT_REMOVED_AUDIT_ACTION = "moderation.remove";

export const USER_NOT_FOUND = "There is no account with this id.";
export const ALREADY_BANNED = "This user is already banned.";
export const BANNED_RESTORE_FIRST = "This user is banned; restore the account first.";

export interface SanctionActor extends ModeratorStanding {
  id: string;
  name?: string;
}

export interface Standing {
  role: Role;
  status: AccountStatus;
  statusReason: string | null;
  suspendedUntil: Date | null;
}

export const STANDING_SELECT = {
  role: true,
  status: true,
  statusReason: true,
  suspendedUntil: true,
} as const;

/** The standing as the audit log records it (before/after of every account change). */
export function standingSnapshot(standing: Standing): Prisma.InputJsonObject {
  return {
    role: standing.role,
    status: standing.status,
    statusReason: standing.statusReason,
    suspendedUntil: standing.suspendedUntil?.toISOString() ?? null,
  };
}

/** Locks the user's row so two people acting on one account take turns; 404 when it does not exist. */
export async function lockUser(tx: Tx, userId: string): Promise<Standing & { id: string; name: string }> {
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  if (locked.length === 0) throw new ApiError("not_found", USER_NOT_FOUND);
  return tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, name: true, ...STANDING_SELECT },
  });
}

export interface SanctionResult {
  sanctionId: string;
  auditEntryId: string;
  removedItems: number;
  message: string;
}

const KIND_DONE: Record<SanctionKind, (name: string, until: Date | null) => string> = {
  WARN: (name) => `${name} is warned; they must acknowledge the warning before posting again.`,
  SUSPEND: (name, until) =>
    `${name} is suspended until ${until?.toISOString().slice(0, 10) ?? "further notice"}.`,
  BAN: (name) => `${name} is banned.`,
};

function summaryFor(kind: SanctionKind, reason: string, until: Date | null, removed: boolean): string {
  const also = removed ? " Your annotations, replies and comments were removed." : "";
  switch (kind) {
    case "WARN":
      return `A moderator warned you: ${reason}. Acknowledge the warning before posting again.${also}`;
    case "SUSPEND":
      return `Your account is suspended until ${until?.toISOString().slice(0, 10) ?? "further notice"}: ${reason}.${also}`;
    case "BAN":
      return `Your account is banned: ${reason}.${also}`;
  }
}

/**
 * Warns, suspends or bans a user. Refused (403) for anyone but site moderators and admins, on oneself,
 * and for a moderator acting on a moderator's or admin's account; nothing is written then.
 */
export async function sanctionUser(
  db: Db,
  actor: SanctionActor | null,
  rawInput: unknown,
  now = new Date(),
): Promise<SanctionResult> {
  if (!actor) throw new ApiError("unauthenticated", "Sign in to moderate.");
  const input = parseOrThrow(sanctionSchema(now), rawInput);
  return db.$transaction(async (tx) => {
    const target = await lockUser(tx, input.userId);
    const refusal = sanctionRefusal(actor, target);
    if (refusal) throw new ApiError("forbidden", refusal);
    if (target.status === "BANNED" && input.kind === "BAN") throw new ApiError("conflict", ALREADY_BANNED);
    if (target.status === "BANNED" && input.kind === "SUSPEND")
      throw new ApiError("conflict", BANNED_RESTORE_FIRST);

    const next: Standing =
      input.kind === "WARN"
        ? target
        : input.kind === "SUSPEND"
          ? { ...target, status: "SUSPENDED", statusReason: input.reason, suspendedUntil: input.until }
          : { ...target, status: "BANNED", statusReason: input.reason, suspendedUntil: null };
    if (input.kind !== "WARN") {
      await tx.user.update({
        where: { id: target.id },
        // Sessions re-read the standing on every request (session-user.ts), so this applies at once while
        // the user can still sign in, read, see why and appeal.
        data: { status: next.status, statusReason: next.statusReason, suspendedUntil: next.suspendedUntil },
      });
    }
    const sanction = await tx.sanction.create({
      data: {
        kind: input.kind,
        userId: target.id,
        actorId: actor.id,
        reason: input.reason,
        until: input.until,
        removedContent: input.removeContent,
      },
      select: { id: true },
    });
    const entry = await tx.auditLogEntry.create({
      data: {
        action: SANCTION_AUDIT_ACTIONS[input.kind],
        actorId: actor.id,
        targetUserId: target.id,
        before: standingSnapshot(target),
        after: standingSnapshot(next),
        reason: input.reason,
      },
      select: { id: true },
    });
    const removedItems = input.removeContent
      ? await removeAllContent(tx, actor.id, target.id, sanction.id, input.reason)
      : 0;
    await notify(tx, [
      {
        type: "SANCTION",
        userId: target.id,
        actorId: actor.id,
        data: {
          summary: summaryFor(input.kind, input.reason, input.until, input.removeContent),
          sanctionId: sanction.id,
        },
      },
    ]);
    const extra = input.removeContent
      ? ` ${removedItems} ${removedItems === 1 ? "item" : "items"} removed.`
      : "";
    return {
      sanctionId: sanction.id,
      auditEntryId: entry.id,
      removedItems,
      message: KIND_DONE[input.kind](target.name, input.until) + extra,
    };
  });
}

const REMOVABLE: ItemStatus[] = ["PUBLISHED", "PENDING", "HIDDEN", "SPAM"];

/**
 * Withdraws everything the user wrote that others could see: public and team annotations, replies in
 * their threads, article comments. Private notes are the author's alone and stay. One audit entry per
 * item, tagged with the sanction, so lifting the sanction can restore exactly these items.
 */
async function removeAllContent(
  tx: Tx,
  actorId: string,
  userId: string,
  sanctionId: string,
  reason: string,
): Promise<number> {
  const [annotations, comments] = await Promise.all([
    tx.annotation.findMany({
      where: { authorId: userId, deletedAt: null, status: { in: REMOVABLE }, visibility: { not: "PRIVATE" } },
      select: { id: true, status: true, visibility: true, teamId: true },
    }),
    tx.comment.findMany({
      where: {
        authorId: userId,
        deletedAt: null,
        status: { in: REMOVABLE },
        OR: [{ kind: "ARTICLE_COMMENT" }, { annotation: { visibility: { not: "PRIVATE" } } }],
      },
      select: { id: true, status: true, annotation: { select: { visibility: true, teamId: true } } },
    }),
  ]);
  const annotationIds = annotations.map((row) => row.id);
  const commentIds = comments.map((row) => row.id);
  const data = { status: "REMOVED" as const, version: { increment: 1 } };
  const closed = { closedAt: new Date() };
  if (annotationIds.length) {
    await tx.annotation.updateMany({ where: { id: { in: annotationIds } }, data });
    await tx.report.updateMany({
      where: { annotationId: { in: annotationIds }, closedAt: null },
      data: closed,
    });
  }
  if (commentIds.length) {
    await tx.comment.updateMany({ where: { id: { in: commentIds } }, data });
    await tx.report.updateMany({ where: { commentId: { in: commentIds }, closedAt: null }, data: closed });
  }
  const entry = (
    itemKind: "annotation" | "comment",
    id: string,
    before: ItemStatus,
    teamId: string | null,
  ) => ({
    action: CONTENT_REMOVED_AUDIT_ACTION,
    actorId,
    targetUserId: userId,
    itemKind,
    itemId: id,
    teamId,
    before: { status: before },
    after: { status: "REMOVED", sanctionId },
    reason,
  });
  const entries = [
    ...annotations.map((row) =>
      entry("annotation", row.id, row.status, row.visibility === "TEAM" ? row.teamId : null),
    ),
    ...comments.map((row) =>
      entry(
        "comment",
        row.id,
        row.status,
        row.annotation?.visibility === "TEAM" ? row.annotation.teamId : null,
      ),
    ),
  ];
  if (entries.length) await tx.auditLogEntry.createMany({ data: entries });
  return entries.length;
}

/**
 * Lifts a sanction (an appeal reversed): a suspension or ban in force is lifted when it is the user's
 * latest one, a warning counts as acknowledged, and the content it removed comes back. Inside the
 * caller's transaction, which also records the appeal's outcome.
 */
export async function liftSanction(
  tx: Tx,
  actorId: string,
  sanctionId: string,
  reason: string,
): Promise<void> {
  const sanction = await tx.sanction.findUniqueOrThrow({
    where: { id: sanctionId },
    select: { id: true, kind: true, userId: true, removedContent: true },
  });
  const target = await lockUser(tx, sanction.userId);
  if (sanction.kind === "WARN") {
    await tx.sanction.updateMany({
      where: { id: sanction.id, acknowledgedAt: null },
      data: { acknowledgedAt: new Date() },
    });
  } else {
    const latest = await tx.sanction.findFirst({
      where: { userId: sanction.userId, kind: { in: ["SUSPEND", "BAN"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    const expected = sanction.kind === "BAN" ? "BANNED" : "SUSPENDED";
    if (latest?.id === sanction.id && target.status === expected) {
      const next: Standing = { ...target, status: "ACTIVE", statusReason: null, suspendedUntil: null };
      await tx.user.update({
        where: { id: target.id },
        data: { status: "ACTIVE", statusReason: null, suspendedUntil: null },
      });
      await tx.auditLogEntry.create({
        data: {
          action: RESTORE_AUDIT_ACTION,
          actorId,
          targetUserId: target.id,
          before: standingSnapshot(target),
          after: standingSnapshot(next),
          reason,
        },
      });
    }
  }
  if (sanction.removedContent) await restoreRemovedContent(tx, actorId, sanction.userId, sanction.id, reason);
}

/** Puts back the items a sanction removed, those still removed (a later decision stands). */
async function restoreRemovedContent(
  tx: Tx,
  actorId: string,
  userId: string,
  sanctionId: string,
  reason: string,
): Promise<void> {
  const removed = await tx.auditLogEntry.findMany({
    where: {
      action: CONTENT_REMOVED_AUDIT_ACTION,
      targetUserId: userId,
      after: { path: ["sanctionId"], equals: sanctionId },
    },
    select: { itemKind: true, itemId: true, teamId: true },
  });
  const ids = (kind: string) =>
    removed.flatMap((row) => (row.itemKind === kind && row.itemId ? [row.itemId] : []));
  const data = { status: "PUBLISHED" as const, version: { increment: 1 } };
  const [annotations, comments] = await Promise.all([
    tx.annotation.findMany({
      where: { id: { in: ids("annotation") }, status: "REMOVED", deletedAt: null },
      select: { id: true },
    }),
    tx.comment.findMany({
      where: { id: { in: ids("comment") }, status: "REMOVED", deletedAt: null },
      select: { id: true },
    }),
  ]);
  if (annotations.length)
    await tx.annotation.updateMany({ where: { id: { in: annotations.map((row) => row.id) } }, data });
  if (comments.length)
    await tx.comment.updateMany({ where: { id: { in: comments.map((row) => row.id) } }, data });
  const restored = new Set([...annotations, ...comments].map((row) => row.id));
  const entries = removed
    .filter((row) => row.itemId && restored.has(row.itemId))
    .map((row) => ({
      action: "moderation.restore",
      actorId,
      targetUserId: userId,
      itemKind: row.itemKind,
      itemId: row.itemId,
      teamId: row.teamId,
      before: { status: "REMOVED" },
      after: { status: "PUBLISHED", sanctionId },
      reason,
    }));
  if (entries.length) await tx.auditLogEntry.createMany({ data: entries });
}

export const WARNING_NOT_FOUND = "There is no warning to acknowledge with this id.";

/** The warned user says "I understand": posting is allowed again. Only their own, unacknowledged warning. */
export async function acknowledgeWarning(
  db: Db,
  user: { id: string } | null,
  rawInput: unknown,
): Promise<void> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to acknowledge a warning.");
  const input = parseOrThrow(acknowledgeSchema, rawInput);
  // Ownership is part of the write's `where`: someone else's warning is simply not found.
  const updated = await db.sanction.updateMany({
    where: { id: input.sanctionId, userId: user.id, kind: "WARN", acknowledgedAt: null },
    data: { acknowledgedAt: new Date() },
  });
  if (updated.count === 0) throw new ApiError("not_found", WARNING_NOT_FOUND);
}

export interface SanctionView {
  id: string;
  kind: SanctionKind;
  reason: string;
  until: Date | null;
  removedContent: boolean;
  acknowledgedAt: Date | null;
  createdAt: Date;
  actorName: string | null;
  appeal: { id: string; status: "OPEN" | "UPHELD" | "REVERSED"; message: string } | null;
}

/** A user's sanctions, newest first (their own standing page, and the moderator's view of the user). */
export async function sanctionsOf(db: Db, userId: string, take = 50): Promise<SanctionView[]> {
  const rows = await db.sanction.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      kind: true,
      reason: true,
      until: true,
      removedContent: true,
      acknowledgedAt: true,
      createdAt: true,
      actor: { select: { name: true } },
      appeals: { select: { id: true, status: true, message: true } },
    },
  });
  return rows.map(({ actor, appeals, ...row }) => ({
    ...row,
    actorName: actor?.name ?? null,
    appeal: appeals[0] ?? null,
  }));
}

/** Warnings the user has not acknowledged yet, oldest first. */
export async function pendingWarnings(db: Db, userId: string) {
  return db.sanction.findMany({
    where: { userId, kind: "WARN", acknowledgedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true, reason: true, createdAt: true },
  });
}
