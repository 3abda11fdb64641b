// One schema module for discussion (annotation replies, article comments, reactions, threads): input
// schemas shared by the forms and the route handlers, and the shapes the API returns.
import "../zod-jitless";
import type { ModerationNoticeDto } from "@/lib/moderation/notice-text";
import { z } from "zod";
import {
  COMMENT_SORTS,
  DEFAULT_COMMENTS_PAGE_SIZE,
  MAX_COMMENT_LENGTH,
  MAX_COMMENTS_PAGE_SIZE,
  MAX_MENTION_QUERY_LENGTH,
  REACTION_KINDS,
  type CommentSort,
  type ReactionKindDto,
} from "./limits";
import { NO_NUL, NUL_MESSAGE } from "@/lib/validation/text";

export * from "./limits";

const MAX_ID_LENGTH = 100;
export const MAX_DISCUSSION_IDEMPOTENCY_KEY_LENGTH = 100;

export const commentBodySchema = z
  .string({ error: "Write something first" })
  .max(MAX_COMMENT_LENGTH, `Comments are at most ${MAX_COMMENT_LENGTH.toLocaleString("en")} characters`)
  .refine((body) => body.trim() !== "", "Write something first")
  .refine((body) => NO_NUL.test(body), NUL_MESSAGE);

const idSchema = z.string().min(1).max(MAX_ID_LENGTH).regex(NO_NUL, NUL_MESSAGE);

/** A reply in an annotation's thread; `parentId` null answers the annotation itself. */
export const createReplySchema = z.strictObject({
  body: commentBodySchema,
  parentId: idSchema.nullish().transform((value) => value ?? null),
  idempotencyKey: z
    .string()
    .min(8)
    .max(MAX_DISCUSSION_IDEMPOTENCY_KEY_LENGTH)
    .regex(NO_NUL, NUL_MESSAGE)
    .optional(),
});
export type CreateReplyInput = z.input<typeof createReplySchema>;

/** A comment below the article; `parentId` null starts a new thread. */
export const createCommentSchema = createReplySchema;
export type CreateCommentInput = CreateReplyInput;

export const editCommentSchema = z.strictObject({
  body: commentBodySchema,
  // The version the editor started from (CommentDto.version): a save on a newer one is refused (412).
  version: z.number().int().nonnegative().optional(),
});
export type EditCommentInput = z.input<typeof editCommentSchema>;

export const reactionSchema = z
  .strictObject({
    kind: z.enum(REACTION_KINDS, { error: "Unknown reaction" }),
    annotationId: idSchema.optional(),
    commentId: idSchema.optional(),
  })
  .refine((input) => (input.annotationId === undefined) !== (input.commentId === undefined), {
    message: "React to exactly one annotation or comment",
    path: ["commentId"],
  });
export type ReactionInput = z.input<typeof reactionSchema>;

export const commentListQuerySchema = z.strictObject({
  sort: z.enum(COMMENT_SORTS, { error: "Sort by oldest, newest or reactions" }).default("oldest"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_COMMENTS_PAGE_SIZE, `At most ${MAX_COMMENTS_PAGE_SIZE} comments per page`)
    .default(DEFAULT_COMMENTS_PAGE_SIZE),
});

export const mentionQuerySchema = z.strictObject({
  q: z.string().trim().toLowerCase().max(MAX_MENTION_QUERY_LENGTH).regex(NO_NUL, NUL_MESSAGE).default(""),
  annotationId: idSchema.optional(),
  slug: z.string().min(1).max(200).optional(),
});

// ── What the API returns ──

export type ReactionCountsDto = Record<ReactionKindDto, number>;

export interface PersonDto {
  id: string;
  name: string;
  handle: string;
}

/**
 * One reply or comment as a viewer sees it. A deleted or withheld item keeps its place in the thread
 * (its children stay visible) but shows neither its text nor its author.
 */
export interface CommentDto {
  id: string;
  kind: "ANNOTATION_REPLY" | "ARTICLE_COMMENT";
  annotationId: string | null;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  /** "deleted": removed by its author; "withheld": held by moderation and not the viewer's own. */
  state: "visible" | "deleted" | "withheld";
  /** Why a withheld item is withheld: sent only to its author and its moderators. */
  moderation?: ModerationNoticeDto;
  author: PersonDto | null;
  /** Markdown source, sent to the author only (for editing). */
  body: string | null;
  /** Sanitised HTML ("" when not visible). */
  bodyHtml: string;
  isMine: boolean;
  createdAt: string;
  editedAt: string | null;
  /** Raised by every write of the author's; sent back with an edit to detect a lost update. */
  version: number;
  reactions: ReactionCountsDto;
  myReactions: ReactionKindDto[];
  /** Set on a reply shown flat below the display depth: whom it answers. */
  replyingTo: PersonDto | null;
  children: CommentDto[];
}

export interface ThreadDto {
  annotationId: string;
  articleId: string;
  /** Team threads can be resolved; null when open. */
  resolvedAt: string | null;
  resolvedBy: PersonDto | null;
  canResolve: boolean;
  canReply: boolean;
  reactions: ReactionCountsDto;
  myReactions: ReactionKindDto[];
  replyCount: number;
  replies: CommentDto[];
  /** Latest live event id of the article when this was read: open the stream after it. */
  liveCursor: string;
}

export interface CommentPageDto {
  articleId: string;
  sort: CommentSort;
  page: number;
  pageSize: number;
  /** Top-level comments (threads) in all. */
  total: number;
  /** Comments of any depth, for the heading. */
  totalComments: number;
  comments: CommentDto[];
  viewer: { id: string; handle: string; canComment: boolean } | null;
  liveCursor: string;
}

export interface ReactionResultDto {
  reactions: ReactionCountsDto;
  myReactions: ReactionKindDto[];
}
