// Applying a rate limit at an endpoint: route handlers throw a 429 ApiError with Retry-After; server
// actions, which answer with form state rather than a status, get the message to show instead.
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import { consume, describeRetry, retryAfterSeconds } from "./limiter";
import type { RateLimitRule } from "./limits";

function tooFastMessage(retryAt: Date): string {
  return `You are doing that too often. Try again ${describeRetry(retryAt)}.`;
}

/** Counts one write by `subject` (an account id); over the limit, throws 429 with Retry-After. */
export async function enforceRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string | undefined,
): Promise<void> {
  // Anonymous callers are refused by the command itself (401); there is nothing to count.
  if (!subject) return;
  const state = await consume(db, rule, subject);
  if (!state.allowed) {
    throw new ApiError("rate_limited", tooFastMessage(state.retryAt), undefined, {
      "Retry-After": String(retryAfterSeconds(state.retryAt)),
    });
  }
}

/** For server actions: counts one write and returns the message to show when it is over the limit, else null. */
export async function rateLimitRefusal(db: Db, rule: RateLimitRule, subject: string): Promise<string | null> {
  const state = await consume(db, rule, subject);
  return state.allowed ? null : tooFastMessage(state.retryAt);
}
