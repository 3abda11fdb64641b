// The write side of live updates. Every create, edit or delete of an annotation, reply, reaction or
// comment appends one LiveEvent row in the same transaction as the change, then NOTIFYs the channel.
// PostgreSQL delivers a NOTIFY issued inside a transaction only when it commits, so listeners never hear
// of a change that was rolled back; the row is the durable record a reconnecting client resumes from.
//
// The payload carries ids only, never text: a client that receives an event fetches what changed through
// the API, which applies the viewer's permissions again. The scope columns (visibility, team, author,
// status) decide, per viewer, whether the event may be sent at all (lib/live/audience.ts).
import type { Prisma } from "../generated/prisma/client";
import type { ItemStatus, Visibility } from "../generated/prisma/enums";

export const LIVE_CHANNEL = "marginalia_live";
// Namespace for the per-article advisory lock below (two-int form of pg_advisory_xact_lock).
const LIVE_LOCK_NAMESPACE = 4_701;

export const LIVE_EVENT_TYPES = [
  "annotation.created",
  "annotation.updated",
  "annotation.deleted",
  "reply.created",
  "reply.updated",
  "reply.deleted",
  "comment.created",
  "comment.updated",
  "comment.deleted",
  "reaction.changed",
  "thread.resolved",
  "thread.reopened",
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** Ids only: what changed and who did it. */
export interface LivePayload {
  /** The item the event is about (annotation or comment id). */
  id: string;
  /** Who made the change (the client shows its own changes at once and others' behind a prompt). */
  actorId: string;
  annotationId?: string | null;
  commentId?: string | null;
  parentId?: string | null;
}

/** Who may receive an event: the same rule as who may see the item (lib/annotations/visibility.ts). */
export interface LiveScope {
  visibility: Visibility;
  teamId: string | null;
  /** The author whose own content this is: they always receive it. */
  authorId: string | null;
  itemStatus: ItemStatus;
}

export interface NewLiveEvent extends LiveScope {
  articleId: string;
  type: LiveEventType;
  payload: LivePayload;
}

type Tx = Prisma.TransactionClient;

/**
 * Appends the event and wakes every app instance's listener. Call it last in the write's transaction:
 * the per-article lock it takes is held until commit, so the events of one article get ids in commit
 * order, and a reader resuming "after id N" can never miss a row committed later with a smaller id.
 */
export async function recordLiveEvent(tx: Tx, event: NewLiveEvent): Promise<bigint> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LIVE_LOCK_NAMESPACE}::int, hashtext(${event.articleId}))`;
  const row = await tx.liveEvent.create({
    data: {
      articleId: event.articleId,
      type: event.type,
      visibility: event.visibility,
      teamId: event.teamId,
      authorId: event.authorId,
      itemStatus: event.itemStatus,
      payload: { ...event.payload },
    },
    select: { id: true },
  });
  await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${`${row.id}:${event.articleId}`})`;
  return row.id;
}

/** The scope of an annotation and of everything in its thread (replies and reactions follow it). */
export function annotationScope(annotation: {
  visibility: Visibility;
  teamId: string | null;
  authorId: string;
  status: ItemStatus;
}): LiveScope {
  return {
    visibility: annotation.visibility,
    teamId: annotation.teamId,
    authorId: annotation.authorId,
    itemStatus: annotation.status,
  };
}

/** Article comments are public; one withheld by moderation goes to its author only. */
export function articleCommentScope(comment: { authorId: string; status: ItemStatus }): LiveScope {
  return { visibility: "PUBLIC", teamId: null, authorId: comment.authorId, itemStatus: comment.status };
}
