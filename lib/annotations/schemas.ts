// One schema module for annotations: limits, input schemas shared by the editor form, the route
// handlers and the import, and the shape the API returns.
import "../zod-jitless";
import type { ModerationNoticeDto } from "@/lib/moderation/notice-text";
import { z } from "zod";
import { ANNOTATION_LABEL_IDS, DEFAULT_LABEL } from "./labels";
import { MAX_ANNOTATION_BODY_LENGTH, MAX_QUOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from "./limits";
import { NO_NUL, NUL_MESSAGE } from "@/lib/validation/text";

// The limits live in ./limits.ts (no zod) so the browser can show them; re-exported for server code.
export { MAX_ANNOTATION_BODY_LENGTH, MAX_QUOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS };

export const MAX_IDEMPOTENCY_KEY_LENGTH = 100;

const idSchema = z.string().min(1).max(100).regex(NO_NUL, NUL_MESSAGE);

const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Tags cannot be empty")
  .max(MAX_TAG_LENGTH, `Tags are at most ${MAX_TAG_LENGTH} characters`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "Tags use letters, digits, spaces, - and _");

export const tagsSchema = z
  .array(tagSchema)
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags`)
  .transform((tags) => [...new Set(tags)]);

export const annotationBodySchema = z
  .string()
  .max(
    MAX_ANNOTATION_BODY_LENGTH,
    `Notes are at most ${MAX_ANNOTATION_BODY_LENGTH.toLocaleString("en")} characters`,
  )
  .regex(NO_NUL, NUL_MESSAGE)
  .transform((body) => (body.trim() === "" ? null : body));

export const selectorSchema = z.strictObject({
  exact: z
    .string()
    .min(1, "The quote is empty")
    .max(MAX_QUOTE_LENGTH, `Quotes are at most ${MAX_QUOTE_LENGTH} characters`)
    .regex(NO_NUL, NUL_MESSAGE),
  prefix: z.string().max(MAX_QUOTE_LENGTH).regex(NO_NUL, NUL_MESSAGE).default(""),
  suffix: z.string().max(MAX_QUOTE_LENGTH).regex(NO_NUL, NUL_MESSAGE).default(""),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});

export const visibilityInputSchema = z.enum(["PRIVATE", "PUBLIC", "TEAM"]);

export const createAnnotationSchema = z
  .strictObject({
    revisionId: idSchema,
    // null: a page note, about the whole article.
    selector: selectorSchema.nullable(),
    label: z.enum(ANNOTATION_LABEL_IDS, { error: "Unknown label" }).default(DEFAULT_LABEL),
    // Absent, empty or blank: no note (a bare highlight).
    body: annotationBodySchema.nullish().transform((body) => body ?? null),
    tags: tagsSchema.default([]),
    visibility: visibilityInputSchema.default("PRIVATE"),
    teamId: idSchema.nullable().default(null),
    // The reader's default visibility for new notes changes only when they ask (never as a side effect).
    makeDefault: z.boolean().default(false),
    idempotencyKey: z.string().min(8).max(MAX_IDEMPOTENCY_KEY_LENGTH).regex(NO_NUL, NUL_MESSAGE).optional(),
  })
  .refine((input) => input.selector !== null || input.body !== null, {
    message: "A page note needs some text",
    path: ["body"],
  })
  .refine((input) => (input.visibility === "TEAM") === (input.teamId !== null), {
    message: "Choose a team for team visibility",
    path: ["teamId"],
  });

export type CreateAnnotationInput = z.input<typeof createAnnotationSchema>;

export const updateAnnotationSchema = z
  .strictObject({
    label: z.enum(ANNOTATION_LABEL_IDS, { error: "Unknown label" }).optional(),
    body: annotationBodySchema.optional(),
    tags: tagsSchema.optional(),
    visibility: visibilityInputSchema.optional(),
    teamId: idSchema.nullable().optional(),
    // The version the editor started from (AnnotationDto.version): a write on a newer one is refused
    // (412) instead of silently replacing what another tab saved.
    version: z.number().int().nonnegative().optional(),
  })
  .refine((input) => Object.keys(input).some((key) => key !== "version"), { message: "Nothing to change" });

export type UpdateAnnotationInput = z.input<typeof updateAnnotationSchema>;

export const reattachAnnotationSchema = z.strictObject({
  revisionId: idSchema,
  selector: selectorSchema,
});

export type AnchorStatusDto = "EXACT" | "MOVED" | "FUZZY" | "ORPHANED";
export type VisibilityDto = "PRIVATE" | "TEAM" | "PUBLIC";
export type ItemStatusDto = "PUBLISHED" | "PENDING" | "HIDDEN" | "REMOVED" | "SPAM";

/** An annotation as the API returns it to a viewer allowed to see it. */
export interface AnnotationDto {
  id: string;
  articleId: string;
  revisionId: string;
  kind: "highlight" | "annotation" | "page-note";
  visibility: VisibilityDto;
  team: { id: string; name: string } | null;
  label: string;
  tags: string[];
  /** Markdown source; only sent to the author (for editing). */
  body: string | null;
  /** Sanitised HTML of the body, safe to insert. */
  bodyHtml: string | null;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
  /** The quote as first written, so an orphan can still show what it was attached to. */
  originalExact: string | null;
  anchorStatus: AnchorStatusDto;
  anchorScore: number | null;
  status: ItemStatusDto;
  /** Why a withheld item is withheld: sent only to its author and its moderators (lib/moderation/notices.ts). */
  moderation?: ModerationNoticeDto;
  author: { id: string; name: string; handle: string };
  isMine: boolean;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
  /** Raised by every write of the author's; sent back with an edit to detect a lost update. */
  version: number;
}

export interface PopularPassageDto {
  start: number;
  end: number;
  readers: number;
}

export interface AnnotationListDto {
  article: { id: string; slug: string; revisionId: string; revisionNumber: number };
  viewer: {
    id: string;
    name: string;
    handle: string;
    canAnnotate: boolean;
    cannotAnnotateReason: string | null;
    /** The teams the viewer may share with and view as a layer. */
    teams: { id: string; name: string }[];
    /** Where a new annotation starts: the viewer's last choice, if it is still allowed. */
    defaultVisibility: { visibility: VisibilityDto; teamId: string | null };
  } | null;
  annotations: AnnotationDto[];
  /** The viewer's own annotations that could not be re-anchored to the current revision. */
  orphans: AnnotationDto[];
  popular: PopularPassageDto[];
}

/** Error body of every annotation endpoint. */
export interface ApiErrorDto {
  error: { code: string; message: string; fields?: Record<string, string[]> };
  /** With a refused stale edit (412): the annotation as it is now. */
  current?: AnnotationDto;
}
