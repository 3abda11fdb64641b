// Write limits for discussion endpoints, counted per account in the shared PostgreSQL counters.
import type { Db } from "../db/prisma-factory";
import { ApiError } from "../api/errors";
import { consume, describeRetry, retryAfterSeconds } from "../rate-limit/limiter";
import type { RateLimitRule } from "../rate-limit/limits";

export async function enforceWriteLimit(db: Db, rule: RateLimitRule, userId: string | undefined): Promise<void> {
  // Anonymous callers are refused by the command itself (401); there is nothing to count.
  if (!userId) return;
  const state = await consume(db, rule, userId);
  if (!state.allowed) {
    throw new ApiError("rate_limited", `You are posting too fast. Try again ${describeRetry(state.retryAt)}.`, undefined, {
      "Retry-After": String(retryAfterSeconds(state.retryAt)),
    });
  }
}
