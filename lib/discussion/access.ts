// Who may see and act in a thread. A reply is visible exactly when its annotation is (the same
// visibleAnnotationsWhere as the margin), and a thread the viewer cannot see is reported as not found,
// never as forbidden, so its existence does not leak. Article comments are public on a published article.
import type { Prisma } from "../generated/prisma/client";
import type { ItemStatus, Visibility } from "../generated/prisma/enums";
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import { annotationViewer } from "../annotations/queries";
import {
  type AnnotationViewer,
  isUnderReview,
  moderatesUnderReview,
  visibleAnnotationsWhere,
} from "../annotations/visibility";

type Reader = Db | Prisma.TransactionClient;

export const ANNOTATION_NOT_FOUND = "There is no annotation with this id.";
export const COMMENT_NOT_FOUND = "There is no reply or comment with this id.";
export const ARTICLE_NOT_FOUND = "There is no published article at this address.";

export interface ThreadAnnotation {
  id: string;
  articleId: string;
  authorId: string;
  visibility: Visibility;
  teamId: string | null;
  status: ItemStatus;
  resolvedAt: Date | null;
  resolvedById: string | null;
  article: { slug: string };
}

const THREAD_ANNOTATION_SELECT = {
  id: true,
  articleId: true,
  authorId: true,
  visibility: true,
  teamId: true,
  status: true,
  resolvedAt: true,
  resolvedById: true,
  article: { select: { slug: true } },
} as const;

/** The annotation if the viewer may see it (and its article is published); 404 otherwise. */
export async function findVisibleAnnotation(
  db: Reader,
  viewer: AnnotationViewer | null,
  annotationId: string,
): Promise<ThreadAnnotation> {
  const annotation = await db.annotation.findFirst({
    where: { AND: [visibleAnnotationsWhere(viewer), { id: annotationId, article: { status: "PUBLISHED" } }] },
    select: THREAD_ANNOTATION_SELECT,
  });
  if (!annotation) throw new ApiError("not_found", ANNOTATION_NOT_FOUND);
  return annotation;
}

export async function findPublishedArticle(db: Reader, slug: string): Promise<{ id: string; slug: string }> {
  const article = await db.article.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: { id: true, slug: true },
  });
  if (!article) throw new ApiError("not_found", ARTICLE_NOT_FOUND);
  return article;
}

/**
 * People who can see a thread, as a `where` on users: everyone for public published annotations and for
 * article comments; the author and current team members for a team annotation; the author alone otherwise.
 * Mentions link and notify only these people, and the autocomplete suggests only them.
 */
export function threadAudienceWhere(
  annotation: Pick<ThreadAnnotation, "authorId" | "visibility" | "teamId" | "status"> | null,
): Prisma.UserWhereInput {
  if (!annotation) return {};
  if (annotation.status === "PUBLISHED" && annotation.visibility === "PUBLIC") return {};
  if (annotation.status === "PUBLISHED" && annotation.visibility === "TEAM" && annotation.teamId) {
    return { OR: [{ id: annotation.authorId }, { memberships: { some: { teamId: annotation.teamId } } }] };
  }
  return { id: annotation.authorId };
}

export interface CommentInThread {
  id: string;
  kind: "ANNOTATION_REPLY" | "ARTICLE_COMMENT";
  articleId: string;
  annotationId: string | null;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorId: string;
  status: ItemStatus;
  deletedAt: Date | null;
  annotation: ThreadAnnotation | null;
  article: { slug: string };
}

/** A reply or comment whose thread the viewer may see; 404 otherwise. Deleted ones are returned too. */
export async function findVisibleComment(
  db: Reader,
  viewer: AnnotationViewer | null,
  commentId: string,
): Promise<CommentInThread> {
  const comment = await db.comment.findFirst({
    where: { id: commentId, article: { status: "PUBLISHED" } },
    select: {
      id: true,
      kind: true,
      articleId: true,
      annotationId: true,
      parentId: true,
      rootId: true,
      depth: true,
      authorId: true,
      status: true,
      deletedAt: true,
      article: { select: { slug: true } },
    },
  });
  if (!comment) throw new ApiError("not_found", COMMENT_NOT_FOUND);
  // A withheld item is its author's, and (while under review) its moderators', like a withheld annotation.
  const withheldFromViewer = comment.status !== "PUBLISHED" && comment.authorId !== viewer?.id;
  if (withheldFromViewer && !isUnderReview(comment.status))
    throw new ApiError("not_found", COMMENT_NOT_FOUND);
  if (comment.kind === "ARTICLE_COMMENT" || !comment.annotationId) {
    if (withheldFromViewer && !moderatesUnderReview(viewer, null))
      throw new ApiError("not_found", COMMENT_NOT_FOUND);
    return { ...comment, annotation: null };
  }
  const annotation = await db.annotation.findFirst({
    where: { AND: [visibleAnnotationsWhere(viewer), { id: comment.annotationId }] },
    select: THREAD_ANNOTATION_SELECT,
  });
  if (!annotation) throw new ApiError("not_found", COMMENT_NOT_FOUND);
  if (withheldFromViewer && !moderatesUnderReview(viewer, annotation))
    throw new ApiError("not_found", COMMENT_NOT_FOUND);
  return { ...comment, annotation };
}

export { annotationViewer };
