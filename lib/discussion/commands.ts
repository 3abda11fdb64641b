// Write side of discussion: replies on annotations, article comments, edits, soft deletes, reactions and
// resolving team threads. Each function validates with the shared schemas, checks rights with
// lib/auth/can.ts, keeps ownership in the `where` of the write, and writes the item, its mentions, its
// notifications and its live event in one transaction: nothing partial is ever stored.
import type { Prisma } from "../generated/prisma/client";
import type { ItemStatus } from "../generated/prisma/enums";
import { ApiError, parseOrThrow } from "../api/errors";
import { can } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import { renderUserMarkdown } from "../annotations/markdown";
import {
  annotationScope,
  articleCommentScope,
  recordLiveEvent,
  type LiveEventType,
  type LiveScope,
} from "../live/events";
import { moderatePost, statusAfterEdit } from "../moderation/gate";
import { scopeOf as moderationScopeOf } from "../moderation/items";
import type { ModerationScope } from "../moderation/permissions";
import { notify, type NewNotification } from "../notifications/notify";
import {
  annotationViewer,
  COMMENT_NOT_FOUND,
  findPublishedArticle,
  findVisibleAnnotation,
  findVisibleComment,
  threadAudienceWhere,
  type ThreadAnnotation,
} from "./access";
import { COMMENT_ROW_SELECT, reactionSummary, toCommentDtos, emptyCounts } from "./dto";
import { linkMentions, parseMentions } from "./mentions";
import {
  type CommentDto,
  createCommentSchema,
  createReplySchema,
  editCommentSchema,
  reactionSchema,
  type ReactionResultDto,
} from "./schemas";
import { enforceRateLimit } from "../rate-limit/enforce";
import type { RateLimitRule } from "../rate-limit/limits";

type Tx = Prisma.TransactionClient;

function assertCan(
  user: SessionUser | null,
  action: "reply:create" | "comment:create" | "reaction:create",
): asserts user is SessionUser {
  if (!user) throw new ApiError("unauthenticated", "Sign in to take part in the discussion.");
  if (!can(user, action))
    throw new ApiError("forbidden", "Your account is suspended or banned, so you cannot post or react.");
}

/** The thread a new item joins: an annotation's (replies) or the article's (comments). */
interface ThreadTarget {
  kind: "ANNOTATION_REPLY" | "ARTICLE_COMMENT";
  articleId: string;
  articleSlug: string;
  annotation: ThreadAnnotation | null;
}

function scopeOf(
  target: { annotation: ThreadAnnotation | null },
  item: { authorId: string; status: ItemStatus },
): LiveScope {
  if (!target.annotation) return articleCommentScope(item);
  // A reply withheld by moderation (e.g. held for review) goes to its author only, whatever the thread's audience.
  if (item.status !== "PUBLISHED")
    return { ...annotationScope(target.annotation), authorId: item.authorId, itemStatus: item.status };
  return annotationScope(target.annotation);
}

/** Who reads an item of this thread, for the automatic moderation rules: article comments are public. */
function moderationScope(
  annotation: Pick<ThreadAnnotation, "visibility" | "teamId"> | null,
): ModerationScope {
  return annotation ? moderationScopeOf(annotation.visibility, annotation.teamId) : "public";
}

function eventType(kind: ThreadTarget["kind"], change: "created" | "updated" | "deleted"): LiveEventType {
  return `${kind === "ANNOTATION_REPLY" ? "reply" : "comment"}.${change}`;
}

/**
 * Renders the body and resolves its @mentions: only people who can see the thread are linked (and later
 * notified); a missing handle, or someone outside the thread, stays plain text.
 */
async function renderWithMentions(db: Db | Tx, body: string, annotation: ThreadAnnotation | null) {
  const handles = parseMentions(body);
  const people = handles.length
    ? await db.user.findMany({
        where: { AND: [{ handle: { in: handles } }, threadAudienceWhere(annotation)] },
        select: { id: true, handle: true, name: true },
      })
    : [];
  const byHandle = new Map(people.map((person) => [person.handle, person]));
  return { bodyHtml: linkMentions(renderUserMarkdown(body), byHandle), mentioned: people };
}

/** Of these users, those who can see the thread now (a reply's notification goes only to them). */
async function inAudience(
  db: Db | Tx,
  userIds: string[],
  annotation: ThreadAnnotation | null,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.user.findMany({
    where: { AND: [{ id: { in: userIds } }, threadAudienceWhere(annotation)] },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

export interface PostOptions {
  /** Count it toward the moderation flood limit (lib/moderation/gate.ts): set by the HTTP routes. */
  enforceFloodLimit?: boolean;
  /**
   * The endpoint's write limit, counted only for a new write: a retry with an idempotency key that was
   * already answered gets its first result again without using up the caller's allowance.
   */
  writeLimit?: RateLimitRule;
}

async function postInThread(
  db: Db,
  user: SessionUser,
  target: ThreadTarget,
  input: ReturnType<typeof createReplySchema.parse>,
  options: PostOptions,
): Promise<{ comment: CommentDto; created: boolean }> {
  const earlierByKey = async () => {
    if (!input.idempotencyKey) return null;
    const earlier = await db.comment.findUnique({
      where: { authorId_idempotencyKey: { authorId: user.id, idempotencyKey: input.idempotencyKey } },
      select: COMMENT_ROW_SELECT,
    });
    return earlier ? (await toCommentDtos(db, [earlier], user.id))[0]! : null;
  };
  const earlier = await earlierByKey();
  if (earlier) return { comment: earlier, created: false };
  if (options.writeLimit) await enforceRateLimit(db, options.writeLimit, user.id);

  let parent: { id: string; rootId: string | null; depth: number; authorId: string } | null = null;
  if (input.parentId) {
    parent = await db.comment
      .findFirst({
        where: {
          id: input.parentId,
          kind: target.kind,
          articleId: target.articleId,
          annotationId: target.annotation?.id ?? null,
          // Withheld items are their author's alone; nobody else can answer them.
          OR: [{ status: "PUBLISHED" }, { authorId: user.id }],
        },
        select: { id: true, rootId: true, depth: true, authorId: true, deletedAt: true },
      })
      .then((row) => {
        if (row?.deletedAt)
          throw new ApiError("conflict", "That reply was deleted; answer another one or the thread itself.");
        return row;
      });
    if (!parent)
      throw new ApiError("not_found", "There is no reply with this id in this thread.", {
        parentId: ["Not in this thread"],
      });
  }

  // Automatic moderation: refuses (nothing stored), holds in Pending, or publishes.
  const gate = await moderatePost(db, user, {
    text: input.body,
    scope: moderationScope(target.annotation),
    change: "create",
    enforceFloodLimit: options.enforceFloodLimit ?? false,
  });
  const held = gate.status !== "PUBLISHED";

  const { bodyHtml, mentioned } = await renderWithMentions(db, input.body, target.annotation);
  // Who hears of a reply: the author of what it answers (the parent, or the annotation for a first reply).
  const answeredAuthor = parent?.authorId ?? target.annotation?.authorId ?? null;
  const replyRecipients = answeredAuthor
    ? await inAudience(db, [answeredAuthor], target.annotation)
    : new Set<string>();

  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.comment.create({
        data: {
          kind: target.kind,
          articleId: target.articleId,
          annotationId: target.annotation?.id ?? null,
          parentId: parent?.id ?? null,
          rootId: parent ? (parent.rootId ?? parent.id) : null,
          depth: parent ? parent.depth + 1 : 0,
          authorId: user.id,
          status: gate.status,
          holdReasons: gate.reasons,
          body: input.body,
          bodyHtml,
          idempotencyKey: input.idempotencyKey ?? null,
        },
        select: COMMENT_ROW_SELECT,
      });
      if (mentioned.length) {
        await tx.mention.createMany({
          data: mentioned.map((person) => ({ userId: person.id, commentId: created.id })),
        });
      }
      const data = { articleSlug: target.articleSlug };
      // One notification per person per reply: someone both replied to and mentioned hears of the mention.
      const mentionedIds = new Set(mentioned.map((person) => person.id));
      const notifications: NewNotification[] = [
        ...[...replyRecipients]
          .filter((userId) => !mentionedIds.has(userId))
          .map((userId) => ({
            type: "REPLY" as const,
            userId,
            actorId: user.id,
            annotationId: target.annotation?.id ?? null,
            commentId: created.id,
            data,
          })),
        ...mentioned.map((person) => ({
          type: "MENTION" as const,
          userId: person.id,
          actorId: user.id,
          annotationId: target.annotation?.id ?? null,
          commentId: created.id,
          data,
        })),
      ];
      // Nobody hears of a held item but its author (the moderators find it in the Pending queue).
      if (!held) await notify(tx, notifications);
      await recordLiveEvent(tx, {
        articleId: target.articleId,
        type: eventType(target.kind, "created"),
        ...scopeOf(target, created),
        payload: {
          id: created.id,
          actorId: user.id,
          annotationId: created.annotationId,
          commentId: created.id,
          parentId: created.parentId,
        },
      });
      return created;
    });
    return { comment: (await toCommentDtos(db, [row], user.id))[0]!, created: true };
  } catch (error) {
    // Two retries with one idempotency key racing: the loser returns the winner's comment.
    if (input.idempotencyKey && (error as { code?: string }).code === "P2002") {
      const winner = await earlierByKey();
      if (winner) return { comment: winner, created: false };
    }
    throw error;
  }
}

// POST a reply in an annotation's thread.
export async function createReply(
  db: Db,
  user: SessionUser | null,
  annotationId: string,
  rawInput: unknown,
  options: PostOptions = {},
) {
  assertCan(user, "reply:create");
  const input = parseOrThrow(createReplySchema, rawInput);
  // Visibility first: a reply to an annotation the caller cannot see is a 404 whatever the body says.
  const annotation = await findVisibleAnnotation(db, await annotationViewer(db, user), annotationId);
  return postInThread(
    db,
    user,
    {
      kind: "ANNOTATION_REPLY",
      articleId: annotation.articleId,
      articleSlug: annotation.article.slug,
      annotation,
    },
    input,
    options,
  );
}

// POST a comment (or a reply to one) below an article.
export async function createArticleComment(
  db: Db,
  user: SessionUser | null,
  slug: string,
  rawInput: unknown,
  options: PostOptions = {},
) {
  assertCan(user, "comment:create");
  const input = parseOrThrow(createCommentSchema, rawInput);
  const article = await findPublishedArticle(db, slug);
  return postInThread(
    db,
    user,
    { kind: "ARTICLE_COMMENT", articleId: article.id, articleSlug: article.slug, annotation: null },
    input,
    options,
  );
}

const NOT_YOURS = "There is no reply or comment of yours with this id.";

export const STALE_COMMENT_EDIT_MESSAGE =
  "This was changed elsewhere (another tab or device) since you opened it, so your edit was not saved. Your text is kept: compare it with the current version and save again.";

/** Edits one's own reply or comment: re-rendered, marked edited; newly mentioned people are notified. */
export async function editComment(
  db: Db,
  user: SessionUser | null,
  id: string,
  rawInput: unknown,
): Promise<CommentDto> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to edit your replies.");
  const comment = await findVisibleComment(db, await annotationViewer(db, user), id);
  assertCan(user, comment.kind === "ANNOTATION_REPLY" ? "reply:create" : "comment:create");
  const input = parseOrThrow(editCommentSchema, rawInput);
  if (comment.authorId !== user.id || comment.deletedAt) throw new ApiError("not_found", NOT_YOURS);
  // The edited text passes the rules again: a banned word is refused, a suspect word holds it.
  const gate = await moderatePost(db, user, {
    text: input.body,
    scope: moderationScope(comment.annotation),
    change: "edit",
    alreadyPublic: comment.status === "PUBLISHED" && moderationScope(comment.annotation) === "public",
  });
  const nextStatus = statusAfterEdit(comment.status, gate);
  const { bodyHtml, mentioned } = await renderWithMentions(db, input.body, comment.annotation);

  const row = await db.$transaction(async (tx) => {
    const updated = await tx.comment.updateManyAndReturn({
      where: {
        id,
        authorId: user.id,
        deletedAt: null,
        ...(input.version !== undefined ? { version: input.version } : {}),
      },
      data: {
        body: input.body,
        bodyHtml,
        editedAt: new Date(),
        status: nextStatus,
        version: { increment: 1 },
      },
      select: COMMENT_ROW_SELECT,
    });
    const row = updated[0];
    if (!row && input.version !== undefined) {
      const current = await tx.comment.findFirst({
        where: { id, authorId: user.id, deletedAt: null },
        select: COMMENT_ROW_SELECT,
      });
      // Saved elsewhere since this editor opened: refused, with the saved text so neither is lost.
      if (current)
        throw new ApiError("precondition_failed", STALE_COMMENT_EDIT_MESSAGE, undefined, undefined, {
          current: (await toCommentDtos(tx, [current], user.id))[0],
        });
    }
    if (!row) throw new ApiError("not_found", NOT_YOURS);
    const before = await tx.mention.findMany({ where: { commentId: id }, select: { userId: true } });
    const already = new Set(before.map((mention) => mention.userId));
    await tx.mention.deleteMany({ where: { commentId: id } });
    if (mentioned.length)
      await tx.mention.createMany({
        data: mentioned.map((person) => ({ userId: person.id, commentId: id })),
      });
    await notify(
      tx,
      mentioned
        .filter((person) => nextStatus === "PUBLISHED" && !already.has(person.id))
        .map((person) => ({
          type: "MENTION" as const,
          userId: person.id,
          actorId: user.id,
          annotationId: comment.annotationId,
          commentId: id,
          data: { articleSlug: comment.article.slug },
        })),
    );
    // Held by this edit: readers who saw it hear of the change under its old scope (and lose it).
    if (row.status !== comment.status) {
      await recordLiveEvent(tx, {
        articleId: comment.articleId,
        type: eventType(comment.kind, "updated"),
        ...scopeOf(comment, comment),
        payload: {
          id,
          actorId: user.id,
          annotationId: comment.annotationId,
          commentId: id,
          parentId: comment.parentId,
        },
      });
    }
    await recordLiveEvent(tx, {
      articleId: comment.articleId,
      type: eventType(comment.kind, "updated"),
      ...scopeOf(comment, row),
      payload: {
        id,
        actorId: user.id,
        annotationId: comment.annotationId,
        commentId: id,
        parentId: comment.parentId,
      },
    });
    return row;
  });
  return (await toCommentDtos(db, [row], user.id))[0]!;
}

/**
 * Soft delete: the row stays so the thread keeps its shape (answers below it remain), but its text and
 * author are no longer shown ("[deleted]") and its mentions are dropped. Allowed while suspended, since
 * it only removes one's own words.
 */
export async function deleteComment(db: Db, user: SessionUser | null, id: string): Promise<void> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to delete your replies.");
  const comment = await db.comment.findFirst({
    where: { id, authorId: user.id, deletedAt: null },
    select: {
      id: true,
      kind: true,
      articleId: true,
      annotationId: true,
      parentId: true,
      authorId: true,
      status: true,
      annotation: { select: { visibility: true, teamId: true, authorId: true, status: true } },
    },
  });
  if (!comment) throw new ApiError("not_found", NOT_YOURS);
  await db.$transaction(async (tx) => {
    const result = await tx.comment.updateMany({
      where: { id, authorId: user.id, deletedAt: null },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (result.count === 0) throw new ApiError("not_found", NOT_YOURS);
    await tx.mention.deleteMany({ where: { commentId: id } });
    await recordLiveEvent(tx, {
      articleId: comment.articleId,
      type: eventType(comment.kind, "deleted"),
      ...(comment.annotation ? annotationScope(comment.annotation) : articleCommentScope(comment)),
      payload: {
        id,
        actorId: user.id,
        annotationId: comment.annotationId,
        commentId: id,
        parentId: comment.parentId,
      },
    });
  });
}

/** Finds the item to react to, visible to the user; returns its live scope and thread. */
async function reactionTarget(
  db: Db,
  user: SessionUser,
  input: { annotationId?: string | undefined; commentId?: string | undefined },
  adding: boolean,
) {
  const viewer = await annotationViewer(db, user);
  if (input.annotationId) {
    const annotation = await findVisibleAnnotation(db, viewer, input.annotationId);
    return {
      where: { annotationId: annotation.id },
      articleId: annotation.articleId,
      scope: annotationScope(annotation),
      annotationId: annotation.id,
      commentId: null,
    };
  }
  const comment = await findVisibleComment(db, viewer, input.commentId!);
  if (adding && comment.deletedAt) throw new ApiError("conflict", "You cannot react to a deleted reply.");
  if (adding && comment.status !== "PUBLISHED")
    throw new ApiError("conflict", "You cannot react to an item that is held for review.");
  return {
    where: { commentId: comment.id },
    articleId: comment.articleId,
    scope: scopeOf(comment, comment),
    annotationId: comment.annotationId,
    commentId: comment.id,
  };
}

/**
 * Adds (`on`) or removes one reaction of the user. One of each kind per user per item: adding twice is a
 * no-op. Reacting to a deleted item is refused; taking a reaction back is always allowed.
 */
export async function setReaction(
  db: Db,
  user: SessionUser | null,
  rawInput: unknown,
  on: boolean,
): Promise<ReactionResultDto> {
  assertCan(user, "reaction:create");
  const input = parseOrThrow(reactionSchema, rawInput);
  const target = await reactionTarget(db, user, input, on);
  await db.$transaction(async (tx) => {
    const changed = on
      ? await tx.reaction.createMany({
          data: [{ userId: user.id, kind: input.kind, ...target.where }],
          skipDuplicates: true,
        })
      : await tx.reaction.deleteMany({ where: { userId: user.id, kind: input.kind, ...target.where } });
    if (changed.count === 0) return;
    await recordLiveEvent(tx, {
      articleId: target.articleId,
      type: "reaction.changed",
      ...target.scope,
      payload: {
        id: target.commentId ?? target.annotationId,
        actorId: user.id,
        annotationId: target.annotationId,
        commentId: target.commentId,
      },
    });
  });
  const key = target.commentId ? "commentId" : "annotationId";
  const id = target.commentId ?? target.annotationId;
  const summary = await reactionSummary(db, key, [id], user.id);
  return { reactions: summary.counts.get(id) ?? emptyCounts(), myReactions: summary.mine.get(id) ?? [] };
}

/**
 * Resolves (or reopens) a team annotation's thread. Who may: the annotation's author and the team's
 * owners and admins, while members (lib/auth/can.ts "thread:resolve"). Doing it twice changes nothing.
 */
export async function setThreadResolved(
  db: Db,
  user: SessionUser | null,
  annotationId: string,
  resolved: boolean,
) {
  if (!user) throw new ApiError("unauthenticated", "Sign in to resolve threads.");
  const annotation = await findVisibleAnnotation(db, await annotationViewer(db, user), annotationId);
  if (annotation.visibility !== "TEAM" || !annotation.teamId) {
    throw new ApiError("invalid", "Only team threads can be resolved or reopened.");
  }
  const membership = await db.teamMembership.findUnique({
    where: { teamId_userId: { teamId: annotation.teamId, userId: user.id } },
    select: { role: true },
  });
  if (
    !can(user, "thread:resolve", {
      kind: "thread",
      authorId: annotation.authorId,
      actorTeamRole: membership?.role ?? null,
    })
  ) {
    throw new ApiError(
      "forbidden",
      "Only the annotation's author and the team's owners and admins can resolve or reopen its thread.",
    );
  }
  await db.$transaction(async (tx) => {
    const result = await tx.annotation.updateMany({
      where: {
        id: annotationId,
        visibility: "TEAM",
        teamId: annotation.teamId,
        deletedAt: null,
        resolvedAt: resolved ? null : { not: null },
      },
      data: resolved
        ? { resolvedAt: new Date(), resolvedById: user.id }
        : { resolvedAt: null, resolvedById: null },
    });
    if (result.count === 0) return;
    await recordLiveEvent(tx, {
      articleId: annotation.articleId,
      type: resolved ? "thread.resolved" : "thread.reopened",
      ...annotationScope(annotation),
      payload: { id: annotationId, actorId: user.id, annotationId },
    });
  });
  const after = await db.annotation.findUniqueOrThrow({
    where: { id: annotationId },
    select: { resolvedAt: true, resolvedBy: { select: { id: true, name: true, handle: true } } },
  });
  return { resolvedAt: after.resolvedAt?.toISOString() ?? null, resolvedBy: after.resolvedBy };
}

export { COMMENT_NOT_FOUND };
