// Discussion limits without zod, so the comment form and the thread (browser code) can show them without
// shipping the schema library. lib/discussion/schemas.ts re-exports these same constants.

/** Longest reply or article comment, in characters of Markdown source. */
export const MAX_COMMENT_LENGTH = 5_000;
/** Replies nest visually to this many levels; deeper ones are shown flat with "replying to @name". */
export const MAX_THREAD_DISPLAY_DEPTH = 3;
/** Top-level article comments per page, by default and at most. */
export const DEFAULT_COMMENTS_PAGE_SIZE = 20;
export const MAX_COMMENTS_PAGE_SIZE = 50;
/** Replies loaded for one thread (an annotation's, or below one page of article comments). */
export const MAX_THREAD_REPLIES = 1_000;
/** People linked and notified from one text: more @handles than this stay plain text. */
export const MAX_MENTIONS_PER_TEXT = 10;
/** Suggestions the @mention autocomplete returns. */
export const MAX_MENTION_SUGGESTIONS = 8;
export const MAX_MENTION_QUERY_LENGTH = 24;

export const REACTION_KINDS = ["AGREE", "DISAGREE", "QUESTION"] as const;
export type ReactionKindDto = (typeof REACTION_KINDS)[number];

export const COMMENT_SORTS = ["oldest", "newest", "reactions"] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];
