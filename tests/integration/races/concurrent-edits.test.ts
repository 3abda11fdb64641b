// Lost updates: two tabs editing one note (or one comment) from the same version. The first save wins;
// the second is refused through the real route handlers with 412, a message a person can act on, and the
// text saved by the first in the body, so neither text is lost. A reused idempotency key with different
// content is a conflict, not the first item again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation, IDEMPOTENCY_CONFLICT_MESSAGE } from "@/lib/annotations/commands";
import type { AnnotationDto } from "@/lib/annotations/schemas";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment } from "@/lib/discussion/commands";
import type { CommentDto } from "@/lib/discussion/schemas";
import { testDb, uniqueId } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";
import { callRoute, type RouteHandler, type SessionHolder } from "../limits/route-client";

const session = vi.hoisted((): SessionHolder => ({ user: null }));
vi.mock("@/auth", () => ({
  auth: () =>
    Promise.resolve(session.user ? { user: session.user, expires: "2999-01-01T00:00:00.000Z" } : null),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
}));

const db = testDb();
let annotationItem: { PATCH: RouteHandler };
let commentItem: { PATCH: RouteHandler };
let author: SessionUser;
let article: Awaited<ReturnType<typeof createArticle>>;

beforeAll(async () => {
  annotationItem =
    (await import("@/app/api/annotation-items/[id]/route")) as unknown as typeof annotationItem;
  commentItem = (await import("@/app/api/comments/[id]/route")) as unknown as typeof commentItem;
  [author, article] = await Promise.all([createUser(db), createArticle(db)]);
  session.user = author;
});
afterAll(() => {
  session.user = null;
});

interface Refusal<T> {
  error: { code: string; message: string };
  current: T;
}

describe("two tabs editing the same note", () => {
  it("saves the first edit and refuses the second with 412 and the saved text, storing nothing of it", async () => {
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      body: "Original note",
    });
    const patch = (body: string, version: number) =>
      callRoute(annotationItem.PATCH, "PATCH", `/api/annotation-items/${annotation.id}`, {
        params: { id: annotation.id },
        body: { body, version },
      });
    // Both tabs opened the note at the same version.
    const first = await patch("Saved by the first tab", annotation.version);
    expect(first.status).toBe(200);
    const saved = (await first.json()) as AnnotationDto;
    expect(saved.version).toBeGreaterThan(annotation.version);

    const second = await patch("Typed in the second tab", annotation.version);
    expect(second.status).toBe(412);
    const refusal = (await second.json()) as Refusal<AnnotationDto>;
    expect(refusal.error.code).toBe("precondition_failed");
    expect(refusal.error.message).toMatch(/changed elsewhere.*not saved.*Your text is kept/);
    expect(refusal.current).toMatchObject({ id: annotation.id, body: "Saved by the first tab" });
    expect(refusal.current.version).toBe(saved.version);
    const row = await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } });
    expect(row.body).toBe("Saved by the first tab");

    // Saving again against the version it was shown goes through.
    const retried = await patch("Typed in the second tab", refusal.current.version);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as AnnotationDto).body).toBe("Typed in the second tab");
  });

  it("lets a racing pair through one at a time: exactly one of two simultaneous saves wins", async () => {
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "processing capacity"),
      body: "Original",
    });
    const responses = await Promise.all(
      ["Tab A", "Tab B"].map((body) =>
        callRoute(annotationItem.PATCH, "PATCH", `/api/annotation-items/${annotation.id}`, {
          params: { id: annotation.id },
          body: { body, version: annotation.version },
        }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 412]);
    const winner = (await responses.find((response) => response.status === 200)!.json()) as AnnotationDto;
    const row = await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } });
    expect(row.body).toBe(winner.body);
  });
});

describe("two tabs editing the same comment", () => {
  it("refuses the stale save of PATCH /api/comments/<id> with 412 and the saved text", async () => {
    const { comment } = await createArticleComment(db, author, article.slug, { body: "Original comment" });
    const patch = (body: string, version: number) =>
      callRoute(commentItem.PATCH, "PATCH", `/api/comments/${comment.id}`, {
        params: { id: comment.id },
        body: { body, version },
      });
    const first = await patch("First tab's comment", comment.version);
    expect(first.status).toBe(200);
    const second = await patch("Second tab's comment", comment.version);
    expect(second.status).toBe(412);
    const refusal = (await second.json()) as Refusal<CommentDto>;
    expect(refusal.error.message).toMatch(/changed elsewhere.*Your text is kept/);
    expect(refusal.current).toMatchObject({ id: comment.id, body: "First tab's comment" });
    const row = await db.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(row.body).toBe("First tab's comment");
    expect((await patch("Second tab's comment", refusal.current.version)).status).toBe(200);
  });
});

describe("an idempotency key reused with a different body", () => {
  it("is refused with 409 and stores nothing new; the same body still gets the first annotation", async () => {
    const key = uniqueId("key");
    const input = (body: string) => ({
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "refining"),
      body,
      idempotencyKey: key,
    });
    const first = await createAnnotation(db, author, article.slug, input("The first body"));
    const retry = await createAnnotation(db, author, article.slug, input("The first body"));
    expect(retry).toMatchObject({ created: false, annotation: { id: first.annotation.id } });
    const error = await createAnnotation(db, author, article.slug, input("Another body")).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).message).toBe(IDEMPOTENCY_CONFLICT_MESSAGE);
    expect(await db.annotation.count({ where: { authorId: author.id, idempotencyKey: key } })).toBe(1);
  });
});
