// A fixed-window rate limiter stored in PostgreSQL (table RateLimitCounter), so every app instance
// shares the same counters. One row per key and window; the increment is a single atomic upsert.
import type { Db } from "@/lib/db/prisma-factory";
import type { RateLimitRule } from "./limits";

export interface RateLimitState {
  /** False once the limit is used up for this window. */
  allowed: boolean;
  count: number;
  limit: number;
  /** When the current window ends and the count starts again from zero. */
  retryAt: Date;
}

// Expired rows are deleted now and then by whoever counts, instead of by a separate job.
const CLEANUP_PROBABILITY = 0.01;

export function windowStart(rule: RateLimitRule, now: Date): Date {
  return new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
}

function counterKey(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${subject}`;
}

function state(rule: RateLimitRule, count: number, start: Date): RateLimitState {
  return {
    allowed: count <= rule.limit,
    count,
    limit: rule.limit,
    retryAt: new Date(start.getTime() + rule.windowMs),
  };
}

/** Counts one event for `subject` and says whether it is within the limit (the event that exceeds it is not). */
export async function consume(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now = new Date(),
): Promise<RateLimitState> {
  const start = windowStart(rule, now);
  const expiresAt = new Date(start.getTime() + rule.windowMs);
  const key = counterKey(rule, subject);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, ${start}, 1, ${expiresAt})
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
    RETURNING "count"`;
  if (Math.random() < CLEANUP_PROBABILITY) {
    await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } });
  }
  return state(rule, rows[0]?.count ?? 1, start);
}

/** The current state without counting anything: "would the next event be refused?". */
export async function peek(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now = new Date(),
): Promise<RateLimitState> {
  const start = windowStart(rule, now);
  const row = await db.rateLimitCounter.findUnique({
    where: { key_windowStart: { key: counterKey(rule, subject), windowStart: start } },
    select: { count: true },
  });
  const count = row?.count ?? 0;
  // allowed here means "one more event would still be within the limit".
  return { ...state(rule, count, start), allowed: count < rule.limit };
}

/** Forgets a subject's count in the current window (e.g. after a successful sign-in). */
export async function reset(db: Db, rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
  await db.rateLimitCounter.deleteMany({
    where: { key: counterKey(rule, subject), windowStart: windowStart(rule, now) },
  });
}

/** "in 7 minutes" style wording for messages; always at least one minute. */
export function describeRetry(retryAt: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return minutes === 1 ? "in 1 minute" : `in ${minutes} minutes`;
}

export function retryAfterSeconds(retryAt: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}

/** Takes back one counted event (an attempt that turned out legitimate, e.g. a correct password). */
export async function refund(db: Db, rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
  await db.rateLimitCounter.updateMany({
    where: { key: counterKey(rule, subject), windowStart: windowStart(rule, now), count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}
