// The pre-post gate: every create and body edit of an annotation, reply or article comment passes here
// before anything is written (lib/annotations/commands.ts, lib/discussion/commands.ts; the W3C API goes
// through the same createAnnotation). In order:
//   1. an unacknowledged warning refuses any post (403) until the user acknowledges it;
//   2. the automatic rules (lib/moderation/rules.ts) refuse a banned word (422, nothing stored) or say
//      whether the item is held (PENDING) or published;
//   3. the flood limit counts new public and team posts per user per minute (429 with Retry-After).
// Private items skip 2 and 3: nobody but their author sees them. Like every rate limit of the app, the
// flood limit is the HTTP layer's to ask for (its routes pass `enforceFloodLimit`): a command called by a
// script, an import or a test is not throttled, while the rules always apply.
import type { ItemStatus, Role } from "../generated/prisma/enums";
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import { consume, describeRetry, retryAfterSeconds } from "../rate-limit/limiter";
import type { RateLimitRule } from "../rate-limit/limits";
import type { ModerationScope } from "./permissions";
import { evaluatePost, type HoldReason, isNewAccount, type ModerationRules, refusalMessage } from "./rules";
import { WARNINGS_PATH } from "./sanctions";
import { readModerationSettings } from "./settings";

const MINUTE_MS = 60_000;
/** Counter prefix of the flood limit (lib/rate-limit); the limit itself is the admins' setting. */
export const FLOOD_RULE_NAME = "moderation:flood";

export const UNACKNOWLEDGED_WARNING_MESSAGE = `A moderator has warned you. Read and acknowledge the warning at ${WARNINGS_PATH} before you post again.`;

export function floodRule(settings: Pick<ModerationRules, "floodLimitPerMinute">): RateLimitRule {
  return { name: FLOOD_RULE_NAME, limit: settings.floodLimitPerMinute, windowMs: MINUTE_MS };
}

export interface GatePost {
  /** Everything others would read: the note or reply, and tags. */
  text: string;
  scope: ModerationScope;
  /** Only a "create" can count toward the flood limit; an "edit" never does. */
  change: "create" | "edit";
  /** Count this post toward the flood limit (set by the HTTP routes that create posts). */
  enforceFloodLimit?: boolean;
  /**
   * An edit of an item already published to the public: pre-moderation (an account's first items) does
   * not apply to it again; the word and link rules do.
   */
  alreadyPublic?: boolean;
}

export interface GateResult {
  /** PUBLISHED or PENDING: the status to write (edits keep a moderator's HIDDEN/REMOVED/SPAM; see heldStatus). */
  status: Extract<ItemStatus, "PUBLISHED" | "PENDING">;
  reasons: HoldReason[];
}

/** Refuses with 403 while the user has a warning they have not acknowledged. */
export async function assertNoUnacknowledgedWarning(db: Db, userId: string): Promise<void> {
  const warning = await db.sanction.findFirst({
    where: { userId, kind: "WARN", acknowledgedAt: null },
    select: { id: true },
  });
  if (warning) throw new ApiError("forbidden", UNACKNOWLEDGED_WARNING_MESSAGE);
}

/** Approved public items of the author (see PostFacts.author.approvedPublicItems), counted up to `enough`. */
async function approvedPublicItems(db: Db, authorId: string, enough: number): Promise<number> {
  const annotations = await db.annotation.count({
    where: { authorId, visibility: "PUBLIC", status: "PUBLISHED" },
    take: enough,
  });
  if (annotations >= enough) return annotations;
  const comments = await db.comment.count({
    where: {
      authorId,
      status: "PUBLISHED",
      OR: [{ kind: "ARTICLE_COMMENT" }, { annotation: { visibility: "PUBLIC" } }],
    },
    take: enough - annotations,
  });
  return annotations + comments;
}

/**
 * Runs the gate for one post by `user`. Throws ApiError (403 warning, 422 banned word, 429 flood);
 * otherwise returns the status the item gets.
 */
export async function moderatePost(
  db: Db,
  user: { id: string; role: Role },
  post: GatePost,
  now = new Date(),
): Promise<GateResult> {
  await assertNoUnacknowledgedWarning(db, user.id);
  if (post.scope === "private") return { status: "PUBLISHED", reasons: [] };

  const [settings, author] = await Promise.all([
    readModerationSettings(db),
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { createdAt: true } }),
  ]);
  // The history is read only when pre-moderation could apply: a new, non-staff account posting publicly.
  const premoderation =
    post.scope === "public" &&
    !post.alreadyPublic &&
    settings.premoderateFirstItems > 0 &&
    user.role === "READER" &&
    isNewAccount(author.createdAt, settings, now);
  const approved = premoderation
    ? await approvedPublicItems(db, user.id, settings.premoderateFirstItems)
    : settings.premoderateFirstItems;

  const verdict = evaluatePost(
    {
      text: post.text,
      scope: post.scope,
      now,
      author: { role: user.role, createdAt: author.createdAt, approvedPublicItems: approved },
    },
    settings,
  );
  if (verdict.action === "refuse") {
    const message = refusalMessage(verdict);
    throw new ApiError("invalid", message, { body: [message] });
  }

  if (post.change === "create" && post.enforceFloodLimit) {
    const state = await consume(db, floodRule(settings), user.id, now);
    if (!state.allowed) {
      throw new ApiError(
        "rate_limited",
        `You are posting too fast: at most ${settings.floodLimitPerMinute} posts a minute. Try again ${describeRetry(state.retryAt, now)}.`,
        undefined,
        { "Retry-After": String(retryAfterSeconds(state.retryAt, now)) },
      );
    }
  }
  return verdict.action === "hold"
    ? { status: "PENDING", reasons: verdict.reasons }
    : { status: "PUBLISHED", reasons: [] };
}

/**
 * The status an edited item ends with: held edits of a published item go back to Pending; a
 * moderator's decision (HIDDEN, REMOVED, SPAM) and a pending review are never undone by an edit.
 */
export function statusAfterEdit(current: ItemStatus, gate: GateResult): ItemStatus {
  return current === "PUBLISHED" ? gate.status : current;
}

/** The text the word rules read for an annotation: its note and its tags. */
export function annotationText(body: string | null | undefined, tags: readonly string[] | undefined): string {
  return [body ?? "", ...(tags ?? [])].join("\n");
}
