// The one place a Comment row becomes what the API returns, and the lookups that go with it (authors,
// reaction counts, the viewer's own reactions), each done once per list rather than per row.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import { isUnderReview } from "../annotations/visibility";
import type { ModerationNoticeDto } from "../moderation/notice-text";
import { moderationNotices } from "../moderation/notices";
import { REACTION_KINDS, type ReactionKindDto } from "./limits";
import type { CommentDto, PersonDto, ReactionCountsDto } from "./schemas";

type Reader = Db | Prisma.TransactionClient;

export const COMMENT_ROW_SELECT = {
  id: true,
  kind: true,
  annotationId: true,
  parentId: true,
  rootId: true,
  depth: true,
  authorId: true,
  body: true,
  bodyHtml: true,
  status: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  version: true,
} as const;

export interface CommentRow {
  id: string;
  kind: "ANNOTATION_REPLY" | "ARTICLE_COMMENT";
  annotationId: string | null;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorId: string;
  body: string;
  bodyHtml: string;
  status: "PUBLISHED" | "PENDING" | "HIDDEN" | "REMOVED" | "SPAM";
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  version: number;
}

export function emptyCounts(): ReactionCountsDto {
  return { AGREE: 0, DISAGREE: 0, QUESTION: 0 };
}

export interface ReactionSummary {
  counts: Map<string, ReactionCountsDto>;
  mine: Map<string, ReactionKindDto[]>;
}

/** Reaction counts and the viewer's own reactions for comments (or annotations), two queries. */
export async function reactionSummary(
  db: Reader,
  target: "commentId" | "annotationId",
  ids: string[],
  viewerId: string | null,
): Promise<ReactionSummary> {
  const counts = new Map<string, ReactionCountsDto>();
  const mine = new Map<string, ReactionKindDto[]>();
  if (ids.length === 0) return { counts, mine };
  const where = target === "commentId" ? { commentId: { in: ids } } : { annotationId: { in: ids } };
  const [groups, own] = await Promise.all([
    db.reaction.groupBy({ by: [target, "kind"], where, _count: { _all: true } }),
    viewerId
      ? db.reaction.findMany({
          where: { ...where, userId: viewerId },
          select: { commentId: true, annotationId: true, kind: true },
        })
      : [],
  ]);
  for (const group of groups) {
    const id = group[target];
    if (!id) continue;
    const entry = counts.get(id) ?? emptyCounts();
    entry[group.kind] = group._count._all;
    counts.set(id, entry);
  }
  for (const reaction of own) {
    const id = reaction[target];
    if (!id) continue;
    const list = mine.get(id) ?? [];
    list.push(reaction.kind);
    mine.set(
      id,
      REACTION_KINDS.filter((kind) => list.includes(kind)),
    );
  }
  return { counts, mine };
}

export async function peopleById(db: Reader, ids: string[]): Promise<Map<string, PersonDto>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const people = await db.user.findMany({
    where: { id: { in: unique } },
    select: { id: true, name: true, handle: true },
  });
  return new Map(people.map((person) => [person.id, person]));
}

export function toCommentDto(
  row: CommentRow,
  viewerId: string | null,
  people: Map<string, PersonDto>,
  reactions: ReactionSummary,
  /** The viewer moderates this thread: items under review (pending, hidden) are visible to them. */
  moderates = false,
  notices?: Map<string, ModerationNoticeDto>,
): CommentDto {
  const isMine = viewerId !== null && row.authorId === viewerId;
  const seenByModerator = moderates && isUnderReview(row.status);
  const state: CommentDto["state"] = row.deletedAt
    ? "deleted"
    : row.status !== "PUBLISHED" && !isMine && !seenByModerator
      ? "withheld"
      : "visible";
  const visible = state === "visible";
  const notice = visible ? notices?.get(row.id) : undefined;
  return {
    ...(notice ? { moderation: notice } : {}),
    id: row.id,
    kind: row.kind,
    annotationId: row.annotationId,
    parentId: row.parentId,
    rootId: row.rootId,
    depth: row.depth,
    state,
    author: visible
      ? (people.get(row.authorId) ?? { id: row.authorId, name: "Unknown reader", handle: "unknown" })
      : null,
    body: visible && isMine ? row.body : null,
    bodyHtml: visible ? row.bodyHtml : "",
    isMine: visible && isMine,
    createdAt: row.createdAt.toISOString(),
    editedAt: visible ? (row.editedAt?.toISOString() ?? null) : null,
    version: row.version,
    reactions: visible ? (reactions.counts.get(row.id) ?? emptyCounts()) : emptyCounts(),
    myReactions: visible ? (reactions.mine.get(row.id) ?? []) : [],
    replyingTo: null,
    children: [],
  };
}

/** Rows to DTOs with their authors and reactions looked up once. */
export async function toCommentDtos(
  db: Reader,
  rows: CommentRow[],
  viewerId: string | null,
  moderates = false,
): Promise<CommentDto[]> {
  const ids = rows.map((row) => row.id);
  // Notices only for withheld items this viewer sees: their own, or under review in a thread they moderate.
  const noticed = rows.filter(
    (row) =>
      !row.deletedAt &&
      row.status !== "PUBLISHED" &&
      (row.authorId === viewerId || (moderates && isUnderReview(row.status))),
  );
  const [people, reactions, notices] = await Promise.all([
    peopleById(
      db,
      rows.map((row) => row.authorId),
    ),
    reactionSummary(db, "commentId", ids, viewerId),
    moderationNotices(db, "comment", noticed),
  ]);
  return rows.map((row) => toCommentDto(row, viewerId, people, reactions, moderates, notices));
}

/** The newest live event id of an article, as a string (bigint does not survive JSON). */
export async function liveCursor(db: Reader, articleId: string): Promise<string> {
  const row = await db.liveEvent.findFirst({
    where: { articleId },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return (row?.id ?? 0n).toString();
}
