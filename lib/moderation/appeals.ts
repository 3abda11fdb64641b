// Appeals: the author of a withheld item (hidden, removed, spam) or a sanctioned user asks once, with a
// short message, for the decision to be reversed. Moderators who may make the original decision uphold or
// reverse it; reversing restores the item or lifts the sanction. Deciding an appeal is optimistic like an
// item decision (the appeal must still be OPEN), audited and notified in the same transaction.
import { Prisma } from "../generated/prisma/client";
import type { AppealStatus, ItemStatus } from "../generated/prisma/enums";
import { ApiError, parseOrThrow } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import { notify } from "../notifications/notify";
import type { SessionUser } from "../auth/session-user";
import { applyDecision } from "./commands";
import { findModeratedItem, teamRoleOf } from "./items";
import { canModerateItem, isSiteModerator, sanctionRefusal } from "./permissions";
import type { ModeratorReach } from "./queries";
import { liftSanction } from "./sanctions";
import { APPEAL_QUEUE_SIZE, appealDecisionSchema, appealSchema, type ItemKind } from "./schemas";

export const APPEAL_TWICE = "You have already appealed this decision; a decision can be appealed once.";
export const APPEAL_NOT_FOUND = "There is no decision of yours to appeal with this id.";
export const APPEAL_NOT_APPEALABLE =
  "Only a hidden, removed or spam decision, or a sanction, can be appealed.";
export const APPEAL_CANNOT_DECIDE =
  "You cannot decide this appeal: the decision it is about is not yours to moderate.";

/** Decisions on an item that withhold it from readers, and so may be appealed. */
export const APPEALABLE_ACTIONS = [
  "moderation.hide",
  "moderation.remove",
  "moderation.spam",
  "moderation.auto_hide",
] as const;
const WITHHELD: ItemStatus[] = ["HIDDEN", "REMOVED", "SPAM"];

function statusIn(value: Prisma.JsonValue): string | null {
  return value && typeof value === "object" && !Array.isArray(value) && typeof value.status === "string"
    ? value.status
    : null;
}

export interface AppealResult {
  id: string;
  message: string;
}

/** Files an appeal. Allowed whatever the account's status: a suspended or banned user may appeal. */
export async function createAppeal(
  db: Db,
  user: Pick<SessionUser, "id"> | null,
  rawInput: unknown,
): Promise<AppealResult> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to appeal.");
  const input = parseOrThrow(appealSchema, rawInput);
  if (input.sanctionId) {
    const sanction = await db.sanction.findFirst({
      where: { id: input.sanctionId, userId: user.id },
      select: { id: true },
    });
    if (!sanction) throw new ApiError("not_found", APPEAL_NOT_FOUND);
  } else {
    const entry = await db.auditLogEntry.findFirst({
      where: { id: input.auditEntryId ?? "", targetUserId: user.id, itemKind: { not: null } },
      select: { action: true, after: true },
    });
    if (!entry) throw new ApiError("not_found", APPEAL_NOT_FOUND);
    const after = statusIn(entry.after);
    if (!after || !WITHHELD.includes(after as ItemStatus))
      throw new ApiError("invalid", APPEAL_NOT_APPEALABLE);
  }
  try {
    const appeal = await db.appeal.create({
      data: {
        userId: user.id,
        sanctionId: input.sanctionId ?? null,
        auditEntryId: input.auditEntryId ?? null,
        message: input.message,
      },
      select: { id: true },
    });
    return {
      id: appeal.id,
      message: "Your appeal was received. A moderator will review it and you will be notified.",
    };
  } catch (error) {
    // One appeal per decision is a unique index, so two appeals sent at once still make one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ApiError("conflict", APPEAL_TWICE);
    throw error;
  }
}

export interface AppealDecisionResult {
  status: AppealStatus;
  message: string;
}

/**
 * A moderator upholds or reverses an appeal. Who may: for a decision on an item, whoever may moderate the
 * item now; for a sanction, whoever may sanction that user. 409 "already handled" when it is not OPEN.
 */
export async function decideAppeal(
  db: Db,
  actor: SessionUser | null,
  rawInput: unknown,
): Promise<AppealDecisionResult> {
  if (!actor) throw new ApiError("unauthenticated", "Sign in to moderate.");
  const input = parseOrThrow(appealDecisionSchema, rawInput);
  const appeal = await db.appeal.findUnique({
    where: { id: input.appealId },
    select: {
      id: true,
      userId: true,
      sanctionId: true,
      sanction: { select: { kind: true, user: { select: { id: true, role: true } } } },
      auditEntry: { select: { itemKind: true, itemId: true } },
    },
  });
  if (!appeal) throw new ApiError("not_found", "There is no appeal with this id.");
  if (appeal.userId === actor.id) throw new ApiError("forbidden", "You cannot decide your own appeal.");
  const item =
    appeal.auditEntry?.itemKind && appeal.auditEntry.itemId
      ? await findModeratedItem(db, appeal.auditEntry.itemKind as ItemKind, appeal.auditEntry.itemId)
      : null;
  if (appeal.sanction) {
    if (sanctionRefusal(actor, appeal.sanction.user)) throw new ApiError("forbidden", APPEAL_CANNOT_DECIDE);
  } else if (item) {
    if (!canModerateItem(actor, item.scope, await teamRoleOf(db, actor.id, item.teamId)))
      throw new ApiError("forbidden", APPEAL_CANNOT_DECIDE);
  } else {
    throw new ApiError("not_found", "The decision this appeal is about no longer exists.");
  }
  const status: AppealStatus = input.decision === "reverse" ? "REVERSED" : "UPHELD";

  return db.$transaction(async (tx) => {
    const claimed = await tx.appeal.updateMany({
      where: { id: appeal.id, status: "OPEN" },
      data: { status, decidedAt: new Date() },
    });
    if (claimed.count === 0) {
      const last = await tx.auditLogEntry.findFirst({
        where: { action: { startsWith: "appeal." }, after: { path: ["appealId"], equals: appeal.id } },
        orderBy: { createdAt: "desc" },
        select: { actor: { select: { name: true } } },
      });
      throw new ApiError(
        "conflict",
        `Already handled by ${last?.actor?.name ?? "another moderator"}. Reload to see the appeal as it is now.`,
      );
    }
    if (status === "REVERSED") {
      if (appeal.sanctionId) {
        await liftSanction(tx, actor.id, appeal.sanctionId, input.reason || "Appeal reversed");
      } else if (item) {
        // The item may have changed since (its version): restore it as it is now; a restore on a
        // published item is a no-op apart from the audit entry.
        const current =
          (await tx.annotation.findUnique({ where: { id: item.id }, select: { version: true } })) ??
          (await tx.comment.findUnique({ where: { id: item.id }, select: { version: true } }));
        await applyDecision(tx, { id: actor.id, name: actor.name }, item, {
          itemKind: item.kind,
          itemId: item.id,
          decision: "restore",
          expectedVersion: current?.version ?? item.version,
          reason: input.reason || "Appeal reversed",
        });
      }
    }
    await tx.auditLogEntry.create({
      data: {
        action: status === "REVERSED" ? "appeal.reversed" : "appeal.upheld",
        actorId: actor.id,
        targetUserId: appeal.userId,
        itemKind: item?.kind ?? null,
        itemId: item?.id ?? null,
        teamId: item?.teamId ?? null,
        before: { status: "OPEN", appealId: appeal.id },
        after: { status, appealId: appeal.id },
        reason: input.reason,
      },
    });
    const what = appeal.sanction
      ? "your appeal against the " + appeal.sanction.kind.toLowerCase()
      : "your appeal";
    const summary =
      status === "REVERSED"
        ? `A moderator accepted ${what}: the decision is reversed${input.reason ? `: ${input.reason}` : "."}`
        : `A moderator reviewed ${what} and upheld the decision${input.reason ? `: ${input.reason}` : "."}`;
    await notify(tx, [
      {
        type: appeal.sanction ? "SANCTION" : "MODERATION_DECISION",
        userId: appeal.userId,
        actorId: actor.id,
        ...(item ? { [item.kind === "annotation" ? "annotationId" : "commentId"]: item.id } : {}),
        data: { summary, appealId: appeal.id },
      },
    ]);
    return {
      status,
      message:
        status === "REVERSED"
          ? "Appeal accepted: the decision is reversed."
          : "Appeal rejected: the decision stands.",
    };
  });
}

export interface AppealQueueItem {
  id: string;
  createdAt: Date;
  message: string;
  user: { id: string; name: string; handle: string };
  /** What is appealed: a sanction, or a decision on an item with the item's text. */
  sanction: { kind: string; reason: string; until: Date | null } | null;
  decision: {
    action: string;
    reason: string;
    itemKind: string;
    itemId: string;
    text: string;
    status: string | null;
  } | null;
}

/** Open appeals within the moderator's reach: sanctions for site moderators, item decisions by scope. */
export async function appealQueue(
  db: Db,
  reach: ModeratorReach,
  actor: Pick<SessionUser, "role" | "status">,
): Promise<AppealQueueItem[]> {
  const site = reach.site && isSiteModerator(actor);
  const rows = await db.appeal.findMany({
    where: {
      status: "OPEN",
      OR: site
        ? [{ sanctionId: { not: null } }, { auditEntryId: { not: null } }]
        : [{ auditEntry: { teamId: { in: reach.teamIds } } }],
    },
    orderBy: { createdAt: "asc" },
    take: APPEAL_QUEUE_SIZE,
    select: {
      id: true,
      createdAt: true,
      message: true,
      user: { select: { id: true, name: true, handle: true } },
      sanction: { select: { kind: true, reason: true, until: true } },
      auditEntry: { select: { action: true, reason: true, itemKind: true, itemId: true } },
    },
  });
  const annotationIds = rows.flatMap((row) =>
    row.auditEntry?.itemKind === "annotation" && row.auditEntry.itemId ? [row.auditEntry.itemId] : [],
  );
  const commentIds = rows.flatMap((row) =>
    row.auditEntry?.itemKind === "comment" && row.auditEntry.itemId ? [row.auditEntry.itemId] : [],
  );
  const [annotations, comments] = await Promise.all([
    annotationIds.length
      ? db.annotation.findMany({
          where: { id: { in: annotationIds } },
          select: { id: true, body: true, exact: true, status: true },
        })
      : [],
    commentIds.length
      ? db.comment.findMany({
          where: { id: { in: commentIds } },
          select: { id: true, body: true, status: true },
        })
      : [],
  ]);
  const items = new Map<string, { text: string; status: string }>([
    ...annotations.map((row) => [row.id, { text: row.body ?? row.exact ?? "", status: row.status }] as const),
    ...comments.map((row) => [row.id, { text: row.body, status: row.status }] as const),
  ]);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    message: row.message,
    user: row.user,
    sanction: row.sanction,
    decision:
      row.auditEntry?.itemKind && row.auditEntry.itemId
        ? {
            action: row.auditEntry.action,
            reason: row.auditEntry.reason,
            itemKind: row.auditEntry.itemKind,
            itemId: row.auditEntry.itemId,
            text: items.get(row.auditEntry.itemId)?.text ?? "",
            status: items.get(row.auditEntry.itemId)?.status ?? null,
          }
        : null,
  }));
}

export interface DecisionOnMyItem {
  auditEntryId: string;
  createdAt: Date;
  action: string;
  reason: string;
  itemKind: string;
  itemId: string;
  status: string;
  text: string;
  articleSlug: string | null;
  appeal: { status: AppealStatus } | null;
}

/**
 * The latest withholding decision on each of the user's items that is still withheld: what they may
 * appeal (or have appealed), for their standing page and the notice on the item.
 */
export async function appealableDecisions(db: Db, userId: string, take = 50): Promise<DecisionOnMyItem[]> {
  const entries = await db.auditLogEntry.findMany({
    where: { targetUserId: userId, action: { in: [...APPEALABLE_ACTIONS] }, itemId: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take * 2,
    select: {
      id: true,
      createdAt: true,
      action: true,
      reason: true,
      itemKind: true,
      itemId: true,
      appeal: { select: { status: true } },
    },
  });
  const latest = new Map<string, (typeof entries)[number]>();
  for (const entry of entries) if (entry.itemId && !latest.has(entry.itemId)) latest.set(entry.itemId, entry);
  const ids = [...latest.keys()];
  const [annotations, comments] = await Promise.all([
    db.annotation.findMany({
      where: { id: { in: ids }, authorId: userId, deletedAt: null, status: { in: WITHHELD } },
      select: { id: true, body: true, exact: true, status: true, article: { select: { slug: true } } },
    }),
    db.comment.findMany({
      where: { id: { in: ids }, authorId: userId, deletedAt: null, status: { in: WITHHELD } },
      select: { id: true, body: true, status: true, article: { select: { slug: true } } },
    }),
  ]);
  const items = new Map([
    ...annotations.map(
      (row) =>
        [row.id, { text: row.body ?? row.exact ?? "", status: row.status, slug: row.article.slug }] as const,
    ),
    ...comments.map(
      (row) => [row.id, { text: row.body, status: row.status, slug: row.article.slug }] as const,
    ),
  ]);
  return [...latest.values()]
    .flatMap((entry) => {
      const item = entry.itemId ? items.get(entry.itemId) : undefined;
      if (!item || !entry.itemId || !entry.itemKind) return [];
      return [
        {
          auditEntryId: entry.id,
          createdAt: entry.createdAt,
          action: entry.action,
          reason: entry.reason,
          itemKind: entry.itemKind,
          itemId: entry.itemId,
          status: item.status,
          text: item.text,
          articleSlug: item.slug,
          appeal: entry.appeal,
        },
      ];
    })
    .slice(0, take);
}
