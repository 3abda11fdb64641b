// Read side of discussion: an annotation's thread, an article's comment section and the people an
// @mention may name. Every read applies the same visibility as the margin (lib/discussion/access.ts).
import type { Prisma } from "../generated/prisma/client";
import { ApiError, parseOrThrow } from "../api/errors";
import { can } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import { annotationViewer, findPublishedArticle, findVisibleAnnotation, threadAudienceWhere } from "./access";
import { COMMENT_ROW_SELECT, emptyCounts, liveCursor, reactionSummary, toCommentDtos } from "./dto";
import { MAX_MENTION_SUGGESTIONS, MAX_THREAD_REPLIES } from "./limits";
import {
  commentListQuerySchema,
  type CommentPageDto,
  mentionQuerySchema,
  type PersonDto,
  type ThreadDto,
} from "./schemas";
import { nestThread } from "./thread-tree";
import { moderatesUnderReview } from "../annotations/visibility";
import { isSiteModerator } from "../moderation/permissions";

/** The thread of an annotation the viewer can see (404 otherwise), nested for display. */
export async function annotationThread(
  db: Db,
  user: SessionUser | null,
  annotationId: string,
): Promise<ThreadDto> {
  const viewer = await annotationViewer(db, user);
  const annotation = await findVisibleAnnotation(db, viewer, annotationId);
  const [rows, reactions, resolvedBy, membership, cursor] = await Promise.all([
    db.comment.findMany({
      where: { annotationId, kind: "ANNOTATION_REPLY" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_THREAD_REPLIES,
      select: COMMENT_ROW_SELECT,
    }),
    reactionSummary(db, "annotationId", [annotationId], user?.id ?? null),
    annotation.resolvedById
      ? db.user.findUnique({
          where: { id: annotation.resolvedById },
          select: { id: true, name: true, handle: true },
        })
      : null,
    user && annotation.teamId
      ? db.teamMembership.findUnique({
          where: { teamId_userId: { teamId: annotation.teamId, userId: user.id } },
          select: { role: true },
        })
      : null,
    liveCursor(db, annotation.articleId),
  ]);
  const replies = await toCommentDtos(db, rows, user?.id ?? null, moderatesUnderReview(viewer, annotation));
  return {
    annotationId,
    articleId: annotation.articleId,
    resolvedAt: annotation.resolvedAt?.toISOString() ?? null,
    resolvedBy,
    canResolve:
      annotation.visibility === "TEAM" &&
      can(user, "thread:resolve", {
        kind: "thread",
        authorId: annotation.authorId,
        actorTeamRole: membership?.role ?? null,
      }),
    canReply: can(user, "reply:create"),
    reactions: reactions.counts.get(annotationId) ?? emptyCounts(),
    myReactions: reactions.mine.get(annotationId) ?? [],
    replyCount: replies.filter((reply) => reply.state === "visible").length,
    replies: nestThread(replies),
    liveCursor: cursor,
  };
}

const SORT_ORDER: Record<CommentPageDto["sort"], Prisma.CommentOrderByWithRelationInput[]> = {
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  reactions: [{ reactions: { _count: "desc" } }, { createdAt: "asc" }, { id: "asc" }],
};

/**
 * One page of an article's comment section: top-level comments in the chosen order, each with its whole
 * thread (answers oldest first). Public: visitors read too.
 */
export async function articleComments(
  db: Db,
  user: SessionUser | null,
  slug: string,
  rawQuery: unknown,
): Promise<CommentPageDto> {
  const query = parseOrThrow(commentListQuerySchema, rawQuery);
  const article = await findPublishedArticle(db, slug);
  const topLevel: Prisma.CommentWhereInput = {
    articleId: article.id,
    kind: "ARTICLE_COMMENT",
    parentId: null,
  };
  const [roots, total, totalComments, cursor] = await Promise.all([
    db.comment.findMany({
      where: topLevel,
      orderBy: SORT_ORDER[query.sort],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: COMMENT_ROW_SELECT,
    }),
    db.comment.count({ where: topLevel }),
    db.comment.count({
      where: { articleId: article.id, kind: "ARTICLE_COMMENT", deletedAt: null, status: "PUBLISHED" },
    }),
    liveCursor(db, article.id),
  ]);
  const answers = roots.length
    ? await db.comment.findMany({
        where: { rootId: { in: roots.map((root) => root.id) } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: MAX_THREAD_REPLIES,
        select: COMMENT_ROW_SELECT,
      })
    : [];
  // Article comments are public: site moderators see those under review.
  const items = await toCommentDtos(
    db,
    [...roots, ...answers],
    user?.id ?? null,
    user !== null && isSiteModerator(user),
  );
  return {
    articleId: article.id,
    sort: query.sort,
    page: query.page,
    pageSize: query.pageSize,
    total,
    totalComments,
    comments: nestThread(items),
    viewer: user ? { id: user.id, handle: user.handle, canComment: can(user, "comment:create") } : null,
    liveCursor: cursor,
  };
}

/**
 * People an @mention may name in a thread: those who can see it (for a team annotation, its current
 * members), matching the typed prefix of a handle or a name. Signed-in users only.
 */
export async function mentionableUsers(
  db: Db,
  user: SessionUser | null,
  rawQuery: unknown,
): Promise<PersonDto[]> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to mention people.");
  const query = parseOrThrow(mentionQuerySchema, rawQuery);
  let audience: Prisma.UserWhereInput;
  if (query.annotationId) {
    const annotation = await findVisibleAnnotation(db, await annotationViewer(db, user), query.annotationId);
    audience = threadAudienceWhere(annotation);
  } else if (query.slug) {
    await findPublishedArticle(db, query.slug);
    audience = threadAudienceWhere(null);
  } else {
    throw new ApiError("invalid", "Say which thread: annotationId or slug.");
  }
  const match: Prisma.UserWhereInput = query.q
    ? { OR: [{ handle: { startsWith: query.q } }, { name: { contains: query.q, mode: "insensitive" } }] }
    : {};
  return db.user.findMany({
    where: { AND: [audience, match, { id: { not: user.id } }, { status: { not: "BANNED" } }] },
    orderBy: { handle: "asc" },
    take: MAX_MENTION_SUGGESTIONS,
    select: { id: true, name: true, handle: true },
  });
}
