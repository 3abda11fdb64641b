// A write that was acknowledged and is retried with the same idempotency key (a client that lost the
// answer, the fault benchmark's writers after an outage) gets its first result again — without using up
// the caller's write allowance, so a retry is never answered 429 for a write that already happened.
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import { createArticleComment } from "@/lib/discussion/commands";
import type { RateLimitRule } from "@/lib/rate-limit/limits";
import { testDb, uniqueId } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();

/** One write a minute: the second new write is over the limit, a retry of the first must not be. */
function oneWriteAMinute(): RateLimitRule {
  return { name: uniqueId("retry-limit"), limit: 1, windowMs: 60_000 };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("idempotent retries and write limits", () => {
  it("answers a retried annotation with its first result, and still limits new ones", async () => {
    const [author, article] = await Promise.all([createUser(db), createArticle(db)]);
    const writeLimit = oneWriteAMinute();
    const input = (idempotencyKey: string) => ({
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      label: "evidence",
      visibility: "PRIVATE",
      idempotencyKey,
    });
    const key = uniqueId("key");
    const first = await createAnnotation(db, author, article.slug, input(key), { writeLimit });
    const retry = await createAnnotation(db, author, article.slug, input(key), { writeLimit });
    expect(first.created).toBe(true);
    expect(retry).toMatchObject({ created: false, annotation: { id: first.annotation.id } });

    const limited = await refusal(
      createAnnotation(db, author, article.slug, input(uniqueId("key")), { writeLimit }),
    );
    expect(limited.status).toBe(429);
    expect(await db.annotation.count({ where: { authorId: author.id } })).toBe(1);
  });

  it("answers a retried comment with its first result, and still limits new ones", async () => {
    const [author, article] = await Promise.all([createUser(db), createArticle(db)]);
    const writeLimit = oneWriteAMinute();
    const key = uniqueId("key");
    const first = await createArticleComment(
      db,
      author,
      article.slug,
      { body: "First", idempotencyKey: key },
      { writeLimit },
    );
    const retry = await createArticleComment(
      db,
      author,
      article.slug,
      { body: "First", idempotencyKey: key },
      { writeLimit },
    );
    expect(retry).toMatchObject({ created: false, comment: { id: first.comment.id } });

    const limited = await refusal(
      createArticleComment(
        db,
        author,
        article.slug,
        { body: "Second", idempotencyKey: uniqueId("key") },
        { writeLimit },
      ),
    );
    expect(limited.status).toBe(429);
    expect(await db.comment.count({ where: { authorId: author.id } })).toBe(1);
  });
});
