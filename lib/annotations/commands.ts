// Write side of annotations. Every function validates its input with the shared schemas, checks the
// caller's rights through lib/auth/can.ts, and writes in one transaction. Ownership is part of the
// `where` of each write, and an annotation the caller may not see is reported as not found (404), so its
// existence does not leak.
import { annotationWithCanonical, lockCanonicalsOfArticle } from "./canonical";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import { lockArticleForWrite } from "../articles/article-lock";
import { ApiError, parseOrThrow } from "../api/errors";
import { can } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import { describeRange, isValidRange, quoteMatchesPosition, reanchor, type TextSelector } from "./anchoring";
import { ANNOTATION_DTO_SELECT, toAnnotationDto } from "./dto";
import { renderUserMarkdown } from "./markdown";
import {
  type AnnotationDto,
  createAnnotationSchema,
  reattachAnnotationSchema,
  updateAnnotationSchema,
} from "./schemas";
import { findArticleForAnnotations } from "./queries";
import { annotationScope, recordLiveEvent } from "../live/events";
import { annotationText, moderatePost, statusAfterEdit } from "../moderation/gate";
import { scopeOf } from "../moderation/items";
import { enforceRateLimit } from "../rate-limit/enforce";
import type { RateLimitRule } from "../rate-limit/limits";

type Tx = Prisma.TransactionClient | Db;

export const IDEMPOTENCY_CONFLICT_MESSAGE =
  "This idempotency key was already used for a different annotation. Use a new key for a new annotation.";

export const STALE_EDIT_MESSAGE =
  "This note was changed elsewhere (another tab or device) since you opened it, so your edit was not saved. Your text is kept: compare it with the current version and save again.";

export const ARTICLE_CHANGED_MESSAGE =
  "The article changed since this page was opened. Reload to annotate the current version.";

function assertCanAnnotate(user: SessionUser | null): asserts user is SessionUser {
  if (!user) throw new ApiError("unauthenticated", "Sign in to highlight and annotate.");
  if (!can(user, "annotation:create")) {
    throw new ApiError(
      "forbidden",
      "Your account is suspended or banned, so you cannot highlight or annotate.",
    );
  }
}

/**
 * The selector as it applies to the current revision. A selection made on an older revision (a page
 * opened before a new one was published) is carried over only when its quote is found exactly; anything
 * less is refused rather than stored against stale text.
 */
async function selectorOnCurrentRevision(
  db: Tx,
  article: { id: string; revision: { id: string; plainText: string } },
  revisionId: string,
  selector: TextSelector,
): Promise<TextSelector> {
  const text = article.revision.plainText;
  if (revisionId !== article.revision.id) {
    const older = await db.articleRevision.findFirst({
      where: { id: revisionId, articleId: article.id },
      select: { plainText: true },
    });
    if (!older)
      throw new ApiError("invalid", "That revision does not belong to this article.", {
        revisionId: ["Unknown revision"],
      });
    if (!quoteMatchesPosition(older.plainText, selector)) {
      throw new ApiError("invalid", "The quote is not in the article at that position.", {
        selector: ["Quote and position disagree"],
      });
    }
    const moved = reanchor(describeRange(older.plainText, selector.start, selector.end), text);
    if (moved.status !== "EXACT" && moved.status !== "MOVED")
      throw new ApiError("article_changed", ARTICLE_CHANGED_MESSAGE);
    return describeRange(text, moved.start, moved.end);
  }
  if (!isValidRange(text, selector)) {
    throw new ApiError("invalid", "The selected range is outside the article.", {
      selector: ["Position out of range"],
    });
  }
  if (!quoteMatchesPosition(text, selector)) {
    throw new ApiError("invalid", "The quote is not in the article at that position.", {
      selector: ["Quote and position disagree"],
    });
  }
  // Context is taken from our own text, never from the client.
  return describeRange(text, selector.start, selector.end);
}

async function assertTeamMember(db: Db, userId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  const membership = await db.teamMembership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { teamId: true },
  });
  if (!membership)
    throw new ApiError("invalid", "You can only share with a team you belong to.", {
      teamId: ["Not a member of this team"],
    });
}

/**
 * Takes the article lock (lib/articles/article-lock.ts) at the start of a write's transaction and returns
 * the revision current under it: the one read before the transaction when no publish came in between,
 * otherwise the new one, so the write is stored against the text a publish can no longer supersede.
 */
async function revisionUnderLock(
  tx: Tx,
  article: { id: string; revision: { id: string; plainText: string } },
): Promise<{ id: string; plainText: string }> {
  const currentId = await lockArticleForWrite(tx, article.id);
  if (currentId === null || currentId === article.revision.id) return article.revision;
  return tx.articleRevision.findUniqueOrThrow({
    where: { id: currentId },
    select: { id: true, plainText: true },
  });
}

/** Trusted extras that are not part of the user-facing input (the open API keeps an imported IRI). */
export interface CreateAnnotationOptions {
  canonical?: string | null;
  /** Count it toward the moderation flood limit (lib/moderation/gate.ts): set by the HTTP routes. */
  enforceFloodLimit?: boolean;
  /**
   * The endpoint's write limit, counted only for a new write: a retry with an idempotency key that was
   * already answered gets its first result again without using up the caller's allowance.
   */
  writeLimit?: RateLimitRule;
}

export async function createAnnotation(
  db: Db,
  user: SessionUser | null,
  slug: string,
  rawInput: unknown,
  options: CreateAnnotationOptions = {},
) {
  assertCanAnnotate(user);
  const input = parseOrThrow(createAnnotationSchema, rawInput);
  const article = await findArticleForAnnotations(db, slug);

  if (input.idempotencyKey) {
    const earlier = await db.annotation.findUnique({
      where: { authorId_idempotencyKey: { authorId: user.id, idempotencyKey: input.idempotencyKey } },
      select: ANNOTATION_DTO_SELECT,
    });
    if (earlier) return { annotation: earlierForRetry(earlier, input, user.id), created: false };
  }
  if (options.writeLimit) await enforceRateLimit(db, options.writeLimit, user.id);

  const selector = input.selector
    ? await selectorOnCurrentRevision(db, article, input.revisionId, { ...input.selector })
    : null;
  if (!input.selector && input.revisionId !== article.revision.id) {
    const known = await db.articleRevision.count({ where: { id: input.revisionId, articleId: article.id } });
    if (!known)
      throw new ApiError("invalid", "That revision does not belong to this article.", {
        revisionId: ["Unknown revision"],
      });
  }
  await assertTeamMember(db, user.id, input.visibility === "TEAM" ? input.teamId : null);
  // Automatic moderation: refuses (nothing stored), holds in Pending, or publishes.
  const gate = await moderatePost(db, user, {
    text: annotationText(input.body, input.tags),
    scope: scopeOf(input.visibility, input.visibility === "TEAM" ? (input.teamId ?? null) : null),
    change: "create",
    enforceFloodLimit: options.enforceFloodLimit ?? false,
  });

  try {
    const row = await db.$transaction(async (tx) => {
      const revision = await revisionUnderLock(tx, article);
      if (options.canonical) {
        // Checked again under the lock: the caller's early check alone would let two racing POSTs through.
        await lockCanonicalsOfArticle(tx, article.id);
        const existing = await annotationWithCanonical(tx, article.id, options.canonical);
        if (existing)
          throw new ApiError(
            "conflict",
            "An annotation with this canonical IRI is already on this article.",
            {
              canonical: ["Already stored"],
            },
          );
      }
      // A publish committed since the selector was computed: carry it over to the new text, or refuse.
      const stored =
        revision === article.revision || !input.selector
          ? selector
          : await selectorOnCurrentRevision(tx, { id: article.id, revision }, input.revisionId, {
              ...input.selector,
            });
      const created = await tx.annotation.create({
        data: {
          status: gate.status,
          holdReasons: gate.reasons,
          articleId: article.id,
          revisionId: revision.id,
          authorId: user.id,
          visibility: input.visibility,
          teamId: input.visibility === "TEAM" ? input.teamId : null,
          label: input.label,
          body: input.body,
          bodyHtml: input.body === null ? null : renderUserMarkdown(input.body),
          tags: input.tags,
          exact: stored?.exact ?? null,
          prefix: stored?.prefix ?? null,
          suffix: stored?.suffix ?? null,
          start: stored?.start ?? null,
          end: stored?.end ?? null,
          originalExact: stored?.exact ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          canonical: options.canonical ?? null,
        },
        select: ANNOTATION_DTO_SELECT,
      });
      await tx.annotationAnchoring.create({
        data: {
          annotationId: created.id,
          revisionId: revision.id,
          status: "EXACT",
          start: stored?.start ?? null,
          end: stored?.end ?? null,
        },
      });
      // Only an explicit "make this my default": a note shared publicly must not make the next highlight public.
      if (input.makeDefault)
        await tx.user.update({
          where: { id: user.id },
          data: { lastVisibility: input.visibility === "TEAM" ? `TEAM:${input.teamId}` : input.visibility },
        });
      // Last in the transaction: live viewers hear of it exactly when it is committed.
      await recordLiveEvent(tx, {
        articleId: article.id,
        type: "annotation.created",
        ...annotationScope({
          visibility: created.visibility,
          teamId: created.team?.id ?? null,
          authorId: user.id,
          status: created.status,
        }),
        payload: { id: created.id, actorId: user.id, annotationId: created.id },
      });
      return created;
    });
    return { annotation: toAnnotationDto(row, user.id), created: true };
  } catch (error) {
    // Two retries with the same idempotency key racing: the loser returns the winner's annotation.
    if (input.idempotencyKey && (error as { code?: string }).code === "P2002") {
      const earlier = await db.annotation.findUniqueOrThrow({
        where: { authorId_idempotencyKey: { authorId: user.id, idempotencyKey: input.idempotencyKey } },
        select: ANNOTATION_DTO_SELECT,
      });
      return { annotation: earlierForRetry(earlier, input, user.id), created: false };
    }
    throw error;
  }
}

const NOT_FOUND_MESSAGE = "There is no annotation of yours with this id.";

/**
 * A retry with an idempotency key gets the annotation it created; the same key with different content is
 * a client bug or a reused key, refused (409) rather than answered with an item the caller did not send.
 */
function earlierForRetry(
  earlier: Parameters<typeof toAnnotationDto>[0],
  input: ReturnType<typeof createAnnotationSchema.parse>,
  userId: string,
): AnnotationDto {
  const dto = toAnnotationDto(earlier, userId);
  const same =
    dto.body === input.body &&
    dto.label === input.label &&
    dto.visibility === input.visibility &&
    (dto.team?.id ?? null) === (input.visibility === "TEAM" ? input.teamId : null) &&
    dto.tags.join("\n") === input.tags.join("\n") &&
    (earlier.originalExact ?? null) === (input.selector?.exact ?? null);
  if (!same) throw new ApiError("conflict", IDEMPOTENCY_CONFLICT_MESSAGE);
  return dto;
}

export interface UpdateAnnotationOptions {
  /** Optimistic concurrency: write only if the annotation was last modified at this instant (ISO). */
  expectedUpdatedAt?: string;
  /** Optimistic concurrency: write only if the annotation is still at this version (If-Match). */
  expectedVersion?: number;
}

export async function updateAnnotation(
  db: Db,
  user: SessionUser | null,
  id: string,
  rawInput: unknown,
  options: UpdateAnnotationOptions = {},
): Promise<AnnotationDto> {
  assertCanAnnotate(user);
  const input = parseOrThrow(updateAnnotationSchema, rawInput);
  const visibility = input.visibility;
  const expectedVersion = input.version ?? options.expectedVersion;
  if (visibility === "TEAM" && !input.teamId)
    throw new ApiError("invalid", "Choose a team for team visibility", { teamId: ["Required"] });
  await assertTeamMember(db, user.id, visibility === "TEAM" ? input.teamId : null);
  const existing = await db.annotation.findFirst({
    where: { id, authorId: user.id, deletedAt: null },
    select: {
      body: true,
      tags: true,
      exact: true,
      articleId: true,
      visibility: true,
      teamId: true,
      status: true,
    },
  });
  if (!existing) throw new ApiError("not_found", NOT_FOUND_MESSAGE);
  if (existing.exact === null && input.body === null)
    throw new ApiError("invalid", "A page note needs some text", { body: ["Required"] });
  const bodyChanged = input.body !== undefined && input.body !== existing.body;
  // An edit that changes what others read (text, tags, or who can read it) passes the rules again.
  const tagsChanged = input.tags !== undefined && input.tags.join("\n") !== existing.tags.join("\n");
  const nextVisibility = visibility ?? existing.visibility;
  const nextTeamId =
    visibility !== undefined ? (visibility === "TEAM" ? (input.teamId ?? null) : null) : existing.teamId;
  const scopeChanged = nextVisibility !== existing.visibility || nextTeamId !== existing.teamId;
  const nextStatus =
    bodyChanged || tagsChanged || scopeChanged
      ? statusAfterEdit(
          existing.status,
          await moderatePost(db, user, {
            text: annotationText(bodyChanged ? input.body : existing.body, input.tags ?? existing.tags),
            scope: scopeOf(nextVisibility, nextTeamId),
            change: "edit",
            alreadyPublic: existing.visibility === "PUBLIC" && existing.status === "PUBLISHED",
          }),
        )
      : existing.status;
  const updated = await db.$transaction(async (tx) => {
    // Not between a publish's read of the annotations and its re-anchoring of them.
    await lockArticleForWrite(tx, existing.articleId);
    const rows = await tx.annotation.updateManyAndReturn({
      // Ownership, liveness and (when asked) the version read by the caller are part of the write itself.
      where: {
        id,
        authorId: user.id,
        deletedAt: null,
        ...(options.expectedUpdatedAt ? { updatedAt: new Date(options.expectedUpdatedAt) } : {}),
        ...(expectedVersion !== undefined ? { version: expectedVersion } : {}),
      },
      data: {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.tags !== undefined ? { tags: input.tags } : {}),
        ...(visibility !== undefined
          ? { visibility, teamId: visibility === "TEAM" ? input.teamId! : null }
          : {}),
        ...(bodyChanged
          ? {
              body: input.body,
              bodyHtml: input.body ? renderUserMarkdown(input.body) : null,
              editedAt: new Date(),
            }
          : {}),
        ...(nextStatus !== existing.status ? { status: nextStatus } : {}),
        version: { increment: 1 },
      },
      select: { id: true, visibility: true, teamId: true, status: true },
    });
    const after = rows[0];
    if (after) {
      const payload = { id, actorId: user.id, annotationId: id };
      // Readers who lose sight of it (a narrower visibility, or held for review) hear of the change under the old scope.
      if (
        after.visibility !== existing.visibility ||
        after.teamId !== existing.teamId ||
        after.status !== existing.status
      ) {
        await recordLiveEvent(tx, {
          articleId: existing.articleId,
          type: "annotation.updated",
          ...annotationScope({ ...existing, authorId: user.id }),
          payload,
        });
      }
      await recordLiveEvent(tx, {
        articleId: existing.articleId,
        type: "annotation.updated",
        ...annotationScope({ ...after, authorId: user.id }),
        payload,
      });
    }
    return rows;
  });
  if (updated.length === 0) {
    if (expectedVersion !== undefined) {
      const current = await db.annotation.findFirst({
        where: { id, authorId: user.id, deletedAt: null },
        select: ANNOTATION_DTO_SELECT,
      });
      // The current text goes back with the refusal, so the client can show both and lose neither.
      if (current)
        throw new ApiError("precondition_failed", STALE_EDIT_MESSAGE, undefined, undefined, {
          current: toAnnotationDto(current, user.id),
        });
    }
    if (options.expectedUpdatedAt) {
      throw new ApiError(
        "precondition_failed",
        "The annotation changed since you read it. Read it again and retry.",
      );
    }
    throw new ApiError("not_found", NOT_FOUND_MESSAGE);
  }
  const row = await db.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_DTO_SELECT });
  return toAnnotationDto(row, user.id);
}

/** Soft delete: the row stays (threads and moderation history keep their shape) but nobody sees it. */
export async function deleteAnnotation(db: Db, user: SessionUser | null, id: string): Promise<void> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to delete your annotations.");
  // Deleting one's own words is allowed even while suspended: it only ever removes content.
  const deleted = await db.$transaction(async (tx) => {
    const rows = await tx.annotation.updateManyAndReturn({
      where: { id, authorId: user.id, deletedAt: null },
      data: { deletedAt: new Date(), version: { increment: 1 } },
      select: { articleId: true, visibility: true, teamId: true, status: true },
    });
    const row = rows[0];
    if (row) {
      await recordLiveEvent(tx, {
        articleId: row.articleId,
        type: "annotation.deleted",
        ...annotationScope({ ...row, authorId: user.id }),
        payload: { id, actorId: user.id, annotationId: id },
      });
    }
    return rows.length;
  });
  if (deleted === 0) throw new ApiError("not_found", NOT_FOUND_MESSAGE);
}

/** Attaches one of the viewer's orphaned annotations to a new selection on the current revision. */
export async function reattachAnnotation(
  db: Db,
  user: SessionUser | null,
  id: string,
  rawInput: unknown,
): Promise<AnnotationDto> {
  assertCanAnnotate(user);
  const input = parseOrThrow(reattachAnnotationSchema, rawInput);
  const annotation = await db.annotation.findFirst({
    where: { id, authorId: user.id, deletedAt: null },
    select: { article: { select: { slug: true } } },
  });
  if (!annotation) throw new ApiError("not_found", NOT_FOUND_MESSAGE);
  const article = await findArticleForAnnotations(db, annotation.article.slug);
  const computed = await selectorOnCurrentRevision(db, article, input.revisionId, input.selector);
  const row = await db.$transaction(async (tx) => {
    const revision = await revisionUnderLock(tx, article);
    // A publish committed since: the new selection is carried over to its text, or the re-attach refused.
    const selector =
      revision === article.revision
        ? computed
        : await selectorOnCurrentRevision(tx, { id: article.id, revision }, input.revisionId, input.selector);
    await tx.annotation.update({
      where: { id },
      data: {
        revisionId: revision.id,
        exact: selector.exact,
        prefix: selector.prefix,
        suffix: selector.suffix,
        start: selector.start,
        end: selector.end,
        anchorStatus: "EXACT",
        anchorScore: null,
        version: { increment: 1 },
      },
    });
    await tx.annotationAnchoring.upsert({
      where: { annotationId_revisionId: { annotationId: id, revisionId: revision.id } },
      create: {
        annotationId: id,
        revisionId: revision.id,
        status: "EXACT",
        start: selector.start,
        end: selector.end,
      },
      update: { status: "EXACT", score: null, start: selector.start, end: selector.end },
    });
    const reattached = await tx.annotation.findUniqueOrThrow({
      where: { id },
      select: ANNOTATION_DTO_SELECT,
    });
    await recordLiveEvent(tx, {
      articleId: reattached.articleId,
      type: "annotation.updated",
      ...annotationScope({
        visibility: reattached.visibility,
        teamId: reattached.team?.id ?? null,
        authorId: user.id,
        status: reattached.status,
      }),
      payload: { id, actorId: user.id, annotationId: id },
    });
    return reattached;
  });
  return toAnnotationDto(row, user.id);
}
