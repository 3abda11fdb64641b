// Write side of moderation: readers report items they can see; moderators decide on items they may
// moderate. A decision changes the item's status under optimistic concurrency (its `version`), closes
// its open reports, appends one audit entry and notifies the author, all in one transaction.
import { Prisma } from "../generated/prisma/client";
import type { ItemStatus } from "../generated/prisma/enums";
import { ApiError, parseOrThrow } from "../api/errors";
import { can } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import {
  annotationViewer,
  findVisibleAnnotation,
  findVisibleComment,
  COMMENT_NOT_FOUND,
} from "../discussion/access";
import { recordLiveEvent } from "../live/events";
import { notify } from "../notifications/notify";
import { findModeratedItem, type ModeratedItem, teamRoleOf } from "./items";
import { type Decision, type DecisionInput, decisionSchema, type ItemKind, reportSchema } from "./schemas";
import { notifyModeratorsOfReport } from "./report-alerts";
import { readModerationSettings } from "./settings";

export const REPORT_OWN_ITEM = "You cannot report your own writing; edit or delete it instead.";
export const REPORT_TWICE = "You have already reported this item; moderators will look at it.";
export const CANNOT_MODERATE = "You cannot moderate this item: it is not in a team you moderate.";

/** The status each decision leaves the item in; "dismiss" closes the reports and keeps the status. */
const STATUS_AFTER: Record<Exclude<Decision, "dismiss">, ItemStatus> = {
  approve: "PUBLISHED",
  hide: "HIDDEN",
  remove: "REMOVED",
  spam: "SPAM",
  restore: "PUBLISHED",
};

const DECISION_VERBS: Record<Decision, string> = {
  approve: "approved",
  hide: "hid",
  remove: "removed",
  spam: "marked as spam",
  restore: "restored",
  dismiss: "dismissed the reports on",
};

const KIND_NAMES: Record<ItemKind, string> = { annotation: "annotation", comment: "reply or comment" };

export interface ReportResult {
  id: string;
  message: string;
}

/** Reports an item the reader can see (404 otherwise). Once per reader per item; never one's own. */
export async function createReport(
  db: Db,
  user: SessionUser | null,
  rawInput: unknown,
): Promise<ReportResult> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to report.");
  if (!can(user, "report:create"))
    throw new ApiError("forbidden", "Your account is suspended or banned, so you cannot report.");
  const input = parseOrThrow(reportSchema, rawInput);
  const viewer = await annotationViewer(db, user);
  let authorId: string;
  if (input.annotationId) {
    authorId = (await findVisibleAnnotation(db, viewer, input.annotationId)).authorId;
  } else {
    const comment = await findVisibleComment(db, viewer, input.commentId ?? "");
    if (comment.deletedAt) throw new ApiError("not_found", COMMENT_NOT_FOUND);
    authorId = comment.authorId;
  }
  if (authorId === user.id) throw new ApiError("forbidden", REPORT_OWN_ITEM);
  const { reportHideThreshold } = await readModerationSettings(db);
  try {
    const itemKind: ItemKind = input.annotationId ? "annotation" : "comment";
    const itemId = input.annotationId ?? input.commentId ?? "";
    const report = await db.$transaction(async (tx) => {
      // Reports on one item are counted one transaction at a time (see hideWhenReportedEnough). The lock
      // comes before the insert, whose foreign key would otherwise share-lock the row first and let two
      // reports deadlock on upgrading it.
      await lockItemRow(tx, itemKind, itemId);
      const created = await tx.report.create({
        data: {
          reporterId: user.id,
          annotationId: input.annotationId ?? null,
          commentId: input.commentId ?? null,
          reason: input.reason,
          note: input.note,
        },
        select: { id: true },
      });
      await hideWhenReportedEnough(tx, itemKind, itemId, reportHideThreshold);
      await notifyModeratorsOfReport(tx, await findModeratedItem(tx, itemKind, itemId));
      return created;
    });
    return { id: report.id, message: "Thank you: your report was received and moderators will review it." };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ApiError("conflict", REPORT_TWICE);
    throw error;
  }
}

/** The audit reason of an automatic hide; the actor is the system (null). */
export function autoHideReason(threshold: number): string {
  return `auto-hidden after ${threshold} ${threshold === 1 ? "report" : "reports"}`;
}
export const AUTO_HIDE_AUDIT_ACTION = "moderation.auto_hide";

/** Locks the item's row until the transaction ends (FOR NO KEY UPDATE: foreign keys to it still insert). */
async function lockItemRow(tx: Prisma.TransactionClient, kind: ItemKind, itemId: string): Promise<void> {
  if (kind === "annotation")
    await tx.$executeRaw`SELECT 1 FROM "Annotation" WHERE "id" = ${itemId} FOR NO KEY UPDATE`;
  else await tx.$executeRaw`SELECT 1 FROM "Comment" WHERE "id" = ${itemId} FOR NO KEY UPDATE`;
}

/**
 * Automatic rule: once `threshold` different readers have open reports on a published item, it is hidden
 * until a moderator reviews it (it stays in the Reported queue, its reports open). Inside the report's
 * transaction, which holds a lock on the item's row, so two reports arriving together count each other.
 * A threshold of 0 turns the rule off.
 */
export async function hideWhenReportedEnough(
  tx: Prisma.TransactionClient,
  kind: ItemKind,
  itemId: string,
  threshold: number,
): Promise<boolean> {
  if (threshold <= 0) return false;
  const itemKey = kind === "annotation" ? "annotationId" : "commentId";
  // One report per reader per item (a unique index), so open reports count different readers.
  const readers = await tx.report.count({ where: { [itemKey]: itemId, closedAt: null } });
  if (readers < threshold) return false;
  const item = await findModeratedItem(tx, kind, itemId);
  if (item.status !== "PUBLISHED") return false;
  const data = { status: "HIDDEN" as const, version: { increment: 1 } };
  const where = { id: itemId, status: "PUBLISHED" as const, deletedAt: null };
  const updated =
    kind === "annotation"
      ? await tx.annotation.updateMany({ where, data })
      : await tx.comment.updateMany({ where, data });
  if (updated.count === 0) return false;
  await tx.auditLogEntry.create({
    data: {
      action: AUTO_HIDE_AUDIT_ACTION,
      actorId: null,
      targetUserId: item.authorId,
      itemKind: kind,
      itemId,
      teamId: item.teamId,
      before: { status: "PUBLISHED" },
      after: { status: "HIDDEN" },
      reason: autoHideReason(threshold),
    },
  });
  // Readers who can see it now hear of the change (under its old, published scope) and lose it.
  await recordModerationLiveEvent(tx, item, "PUBLISHED", "system");
  return true;
}

/**
 * The live event of a status change by moderation (the automatic hide or a moderator's decision), so open
 * pages drop a hidden item or show an approved one without a reload. It is sent under `visibleStatus`:
 * PUBLISHED when the item was or becomes published (everyone who could see it hears of it), otherwise the
 * new status (then only its author hears). `actorId` "system" for the automatic rule; a moderator's id
 * otherwise: either way nobody's client takes it for its own change.
 */
async function recordModerationLiveEvent(
  tx: Prisma.TransactionClient,
  item: Pick<ModeratedItem, "kind" | "id" | "articleId" | "scope" | "teamId" | "authorId">,
  visibleStatus: ItemStatus,
  actorId: string,
): Promise<void> {
  const comment =
    item.kind === "comment"
      ? await tx.comment.findUniqueOrThrow({
          where: { id: item.id },
          select: { kind: true, annotationId: true, parentId: true },
        })
      : null;
  await recordLiveEvent(tx, {
    articleId: item.articleId,
    type:
      item.kind === "annotation"
        ? "annotation.updated"
        : comment?.kind === "ANNOTATION_REPLY"
          ? "reply.updated"
          : "comment.updated",
    visibility: item.scope === "public" ? "PUBLIC" : item.scope === "team" ? "TEAM" : "PRIVATE",
    teamId: item.teamId,
    authorId: item.authorId,
    itemStatus: visibleStatus,
    payload: {
      id: item.id,
      actorId,
      annotationId: item.kind === "annotation" ? item.id : (comment?.annotationId ?? null),
      commentId: item.kind === "comment" ? item.id : null,
      parentId: comment?.parentId ?? null,
    },
  });
}

export interface DecisionResult {
  itemKind: ItemKind;
  itemId: string;
  status: ItemStatus;
  version: number;
  auditEntryId: string;
}

/** A moderator's decision on one item. Refused (403) when the item is not theirs to moderate. */
export async function decide(db: Db, user: SessionUser | null, rawInput: unknown): Promise<DecisionResult> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to moderate.");
  const input = parseOrThrow(decisionSchema, rawInput);
  const item = await findModeratedItem(db, input.itemKind, input.itemId);
  const actorTeamRole = await teamRoleOf(db, user.id, item.teamId);
  if (!can(user, "moderation:decide", { kind: "moderatedItem", scope: item.scope, actorTeamRole })) {
    throw new ApiError("forbidden", CANNOT_MODERATE);
  }
  return db.$transaction((tx) => applyDecision(tx, { id: user.id, name: user.name }, item, input));
}

/**
 * The writes of a decision, inside the caller's transaction. Exported so a test can run it in a
 * transaction that then fails, and see that nothing (status, reports, audit entry) survives.
 */
export async function applyDecision(
  tx: Prisma.TransactionClient,
  actor: { id: string; name: string },
  item: ModeratedItem,
  rawInput: DecisionInput,
): Promise<DecisionResult> {
  const input = parseOrThrow(decisionSchema, rawInput);
  const where = { id: item.id, version: input.expectedVersion, deletedAt: null };
  // The status the item has at the expected version; a newer version means someone acted first.
  const current =
    item.kind === "annotation"
      ? await tx.annotation.findFirst({ where, select: { status: true } })
      : await tx.comment.findFirst({ where, select: { status: true } });
  if (!current) throw await alreadyHandled(tx, item);
  const before = current.status;
  const after = input.decision === "dismiss" ? before : STATUS_AFTER[input.decision];
  const data = { status: after, version: { increment: 1 } };
  // The version in the `where` is the concurrency check: of two decisions made on the same version,
  // the second finds no row to update (it waits for the first's row lock, then re-reads the version).
  const updated =
    item.kind === "annotation"
      ? await tx.annotation.updateMany({ where, data })
      : await tx.comment.updateMany({ where, data });
  if (updated.count === 0) throw await alreadyHandled(tx, item);

  const itemKey = item.kind === "annotation" ? "annotationId" : "commentId";
  await tx.report.updateMany({
    where: { [itemKey]: item.id, closedAt: null },
    data: { closedAt: new Date() },
  });
  const entry = await tx.auditLogEntry.create({
    data: {
      action: `moderation.${input.decision}`,
      actorId: actor.id,
      targetUserId: item.authorId,
      itemKind: item.kind,
      itemId: item.id,
      teamId: item.teamId,
      before: { status: before },
      after: { status: after },
      reason: input.reason,
    },
    select: { id: true },
  });
  if (after !== before) {
    // The same live event as the automatic hide: open pages drop a hidden item, show an approved one.
    const published = before === "PUBLISHED" || after === "PUBLISHED";
    await recordModerationLiveEvent(tx, item, published ? "PUBLISHED" : after, actor.id);
    const summary = `A moderator ${DECISION_VERBS[input.decision]} your ${KIND_NAMES[item.kind]}${input.reason ? `: ${input.reason}` : "."}`;
    // The notification leads to the item in its article, where its author reads the notice and may appeal.
    const article = await tx.article.findUnique({ where: { id: item.articleId }, select: { slug: true } });
    await notify(tx, [
      {
        type: "MODERATION_DECISION",
        userId: item.authorId,
        actorId: actor.id,
        [itemKey]: item.id,
        data: { summary, ...(article ? { articleSlug: article.slug } : {}) },
      },
    ]);
  }
  return {
    itemKind: item.kind,
    itemId: item.id,
    status: after,
    version: input.expectedVersion + 1,
    auditEntryId: entry.id,
  };
}

/** "Already handled by <name>": the latest decision on the item names who acted first. */
async function alreadyHandled(tx: Prisma.TransactionClient, item: ModeratedItem): Promise<ApiError> {
  const last = await tx.auditLogEntry.findFirst({
    where: { itemKind: item.kind, itemId: item.id },
    orderBy: { createdAt: "desc" },
    select: { actor: { select: { name: true } } },
  });
  return new ApiError(
    "conflict",
    last?.actor
      ? `Already handled by ${last.actor.name}. Reload to see the item as it is now.`
      : "This item changed since you loaded it. Reload to see it as it is now.",
  );
}
