// Telling moderators about reports. A new report notifies every moderator of the item once: while a
// moderator has an unread REPORT notification for the item, further reports join that batch instead of
// adding a row (the queue shows them all). An item whose oldest open report has waited more than
// REPORT_REMINDER_HOURS gets one REPORT_REMINDER per moderator; the sweep is idempotent (at most one
// reminder per moderator per waiting period), so it may run whenever a moderator loads the bell.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import { notify } from "../notifications/notify";
import type { ModeratedItem } from "./items";
import type { ItemKind } from "./schemas";

type Tx = Prisma.TransactionClient | Db;

/** How long an open report may wait before its moderators are reminded. */
export const REPORT_REMINDER_HOURS = 48;
/** Most waiting items one reminder sweep looks at (oldest first); the next sweep takes the rest. */
export const REPORT_REMINDER_BATCH = 200;

/** The ids of the people who may moderate the item (site staff; a team item's owners and admins too), but never its author. */
async function moderatorIdsOf(tx: Tx, item: Pick<ModeratedItem, "scope" | "teamId" | "authorId">) {
  if (item.scope === "private") return [];
  const staff = await tx.user.findMany({
    where: { role: { in: ["MODERATOR", "ADMIN"] }, status: "ACTIVE" },
    select: { id: true },
  });
  const teamModerators =
    item.scope === "team" && item.teamId
      ? await tx.teamMembership.findMany({
          where: { teamId: item.teamId, role: { in: ["OWNER", "ADMIN"] }, user: { status: "ACTIVE" } },
          select: { userId: true },
        })
      : [];
  const ids = new Set([...staff.map((user) => user.id), ...teamModerators.map((member) => member.userId)]);
  ids.delete(item.authorId);
  return [...ids];
}

function itemKeys(kind: ItemKind, itemId: string) {
  return kind === "annotation"
    ? { annotationId: itemId, commentId: null }
    : { annotationId: null, commentId: itemId };
}

function kindWord(kind: ItemKind): string {
  return kind === "annotation" ? "an annotation" : "a reply or comment";
}

/** Characters of the item's text quoted in a moderator's notification, so they know which item it is. */
export const REPORT_EXCERPT_LENGTH = 60;

/** The start of the item's text (its note, or the quote of a bare highlight), for moderators' eyes only. */
async function excerptOf(tx: Tx, kind: ItemKind, itemId: string): Promise<string> {
  const text =
    kind === "annotation"
      ? await tx.annotation
          .findUnique({ where: { id: itemId }, select: { body: true, exact: true } })
          .then((row) => row?.body || row?.exact || "")
      : await tx.comment
          .findUnique({ where: { id: itemId }, select: { body: true } })
          .then((row) => row?.body ?? "");
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > REPORT_EXCERPT_LENGTH ? `${flat.slice(0, REPORT_EXCERPT_LENGTH - 1)}…` : flat;
}

/** Inside the report's transaction: one unread REPORT notification per moderator per item. */
export async function notifyModeratorsOfReport(tx: Tx, item: ModeratedItem): Promise<number> {
  const moderators = await moderatorIdsOf(tx, item);
  if (moderators.length === 0) return 0;
  const keys = itemKeys(item.kind, item.id);
  const excerpt = await excerptOf(tx, item.kind, item.id);
  const alreadyTold = await tx.notification.findMany({
    where: { type: "REPORT", readAt: null, userId: { in: moderators }, ...keys },
    select: { userId: true },
  });
  const told = new Set(alreadyTold.map((row) => row.userId));
  return notify(
    tx,
    moderators
      .filter((id) => !told.has(id))
      .map((userId) => ({
        type: "REPORT" as const,
        userId,
        actorId: null,
        ...keys,
        data: { summary: `New reports on ${kindWord(item.kind)} wait in the Reported queue: “${excerpt}”` },
      })),
  );
}

/**
 * Reminds `moderatorId` of the items they may moderate whose oldest open report is older than
 * REPORT_REMINDER_HOURS, once per waiting period (no reminder of theirs for the item since that report).
 */
export async function remindOfWaitingReports(
  db: Db,
  moderatorId: string,
  now: Date = new Date(),
): Promise<number> {
  const moderator = await db.user.findUnique({
    where: { id: moderatorId },
    select: { role: true, status: true },
  });
  if (!moderator || moderator.status !== "ACTIVE") return 0;
  const site = moderator.role === "MODERATOR" || moderator.role === "ADMIN";
  const teams = site
    ? []
    : (
        await db.teamMembership.findMany({
          where: { userId: moderatorId, role: { in: ["OWNER", "ADMIN"] } },
          select: { teamId: true },
        })
      ).map((membership) => membership.teamId);
  if (!site && teams.length === 0) return 0;
  const cutoff = new Date(now.getTime() - REPORT_REMINDER_HOURS * 3_600_000);
  // Team reach: team annotations, and replies in their threads.
  const annotationReach: Prisma.AnnotationWhereInput = site
    ? { visibility: { in: ["PUBLIC", "TEAM"] } }
    : { visibility: "TEAM", teamId: { in: teams } };
  const waiting = await db.report.groupBy({
    by: ["annotationId", "commentId"],
    where: {
      closedAt: null,
      OR: [
        { annotation: { deletedAt: null, authorId: { not: moderatorId }, ...annotationReach } },
        {
          comment: {
            deletedAt: null,
            authorId: { not: moderatorId },
            ...(site ? {} : { annotation: annotationReach }),
          },
        },
      ],
    },
    _min: { createdAt: true },
    having: { createdAt: { _min: { lt: cutoff } } },
    orderBy: { _min: { createdAt: "asc" } },
    take: REPORT_REMINDER_BATCH,
  });
  if (waiting.length === 0) return 0;
  return db.$transaction(async (tx) => {
    // Serialises sweeps of one moderator (two bells loading at once), so a reminder is written once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`report-reminder:${moderatorId}`}))`;
    let created = 0;
    for (const group of waiting) {
      const since = group._min.createdAt ?? cutoff;
      const keys = { annotationId: group.annotationId, commentId: group.commentId };
      const reminded = await tx.notification.findFirst({
        where: { type: "REPORT_REMINDER", userId: moderatorId, ...keys, createdAt: { gte: since } },
        select: { id: true },
      });
      if (reminded) continue;
      const kind: ItemKind = group.annotationId ? "annotation" : "comment";
      created += await notify(tx, [
        {
          type: "REPORT_REMINDER",
          userId: moderatorId,
          actorId: null,
          ...keys,
          data: {
            summary: `Reports on ${kindWord(kind)} have waited more than ${REPORT_REMINDER_HOURS} hours`,
          },
        },
      ]);
    }
    return created;
  });
}

/** The item ids among `annotationIds` / `commentIds` that `reporterId` has reported (their own reports only). */
export async function reportedBy(
  db: Db,
  reporterId: string,
  ids: { annotationIds: string[]; commentIds: string[] },
): Promise<{ annotationIds: string[]; commentIds: string[] }> {
  const rows = await db.report.findMany({
    where: {
      reporterId,
      OR: [{ annotationId: { in: ids.annotationIds } }, { commentId: { in: ids.commentIds } }],
    },
    select: { annotationId: true, commentId: true },
  });
  return {
    annotationIds: rows.flatMap((row) => (row.annotationId ? [row.annotationId] : [])),
    commentIds: rows.flatMap((row) => (row.commentId ? [row.commentId] : [])),
  };
}
