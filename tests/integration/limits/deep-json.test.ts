// Issue 20: a 2,000-level nested JSON document reached the recursive body check and overflowed the stack
// (a 500). Every JSON write route must answer it with a clean 400, and write nothing.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { MAX_JSON_DEPTH, readJsonBody } from "@/lib/api/body";
import { testDb } from "../../helpers/db";
import { createArticle, createUser } from "../../helpers/fixtures";
import { callRoute, type RouteHandler, type SessionHolder } from "./route-client";

const session = vi.hoisted((): SessionHolder => ({ user: null }));
vi.mock("@/auth", () => ({
  auth: () =>
    Promise.resolve(session.user ? { user: session.user, expires: "2999-01-01T00:00:00.000Z" } : null),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
}));

const db = testDb();
const DEPTH = 2_000;

/** `{"body":"x","extra":[[[…]]]}` with `depth` levels of arrays: what the attacker sent. */
function deeplyNested(depth: number, field = "extra"): string {
  return `{"body":"deep","${field}":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

let article: Awaited<ReturnType<typeof createArticle>>;
let annotationId: string;

beforeAll(async () => {
  session.user = await createUser(db, { role: "MODERATOR" });
  article = await createArticle(db);
  annotationId = (
    await createAnnotation(db, session.user, article.slug, {
      revisionId: article.revision.id,
      selector: null,
      body: "Thread root.",
      visibility: "PUBLIC",
    })
  ).annotation.id;
});

describe("deeply nested JSON", () => {
  it("is refused with 400 by every JSON write route, and nothing is written", async () => {
    const routes: { name: string; handler: RouteHandler; path: string; params: Record<string, string> }[] = [
      {
        name: "comment",
        handler: (await import("@/app/api/articles/[slug]/comments/route")).POST as RouteHandler,
        path: `/api/articles/${article.slug}/comments`,
        params: { slug: article.slug },
      },
      {
        name: "reply",
        handler: (await import("@/app/api/annotation-items/[id]/replies/route")).POST as RouteHandler,
        path: `/api/annotation-items/${annotationId}/replies`,
        params: { id: annotationId },
      },
      {
        name: "annotation",
        handler: (await import("@/app/api/articles/[slug]/annotations/route")).POST as RouteHandler,
        path: `/api/articles/${article.slug}/annotations`,
        params: { slug: article.slug },
      },
      {
        name: "report",
        handler: (await import("@/app/api/reports/route")).POST,
        path: "/api/reports",
        params: {},
      },
      {
        name: "reaction",
        handler: (await import("@/app/api/reactions/route")).POST,
        path: "/api/reactions",
        params: {},
      },
    ];
    const commentsBefore = await db.comment.count();
    for (const route of routes) {
      const response = await callRoute(route.handler, "POST", route.path, {
        params: route.params,
        body: deeplyNested(DEPTH),
        headers: {
          "Content-Type": route.name === "W3C annotation" ? "application/ld+json" : "application/json",
        },
      });
      expect([route.name, response.status]).toEqual([route.name, 400]);
      const answer = (await response.json()) as { error?: { message?: string } };
      expect(answer.error?.message).toMatch(/nested more than/);
    }
    expect(await db.comment.count()).toBe(commentsBefore);
  });

  it("is accepted up to the limit (the check does not refuse ordinary nesting)", async () => {
    const body = (text: string) =>
      readJsonBody(new Request("http://localhost/x", { method: "POST", body: text }));
    // The outer object plus MAX_JSON_DEPTH - 1 levels of arrays: exactly the limit.
    await expect(body(deeplyNested(MAX_JSON_DEPTH - 1))).resolves.toMatchObject({ body: "deep" });
    await expect(body(deeplyNested(MAX_JSON_DEPTH))).rejects.toThrow(/nested more than/);
  });
});
