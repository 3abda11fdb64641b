// Every route handler that reads a body refuses one over its limit with 413 and a JSON message, before
// parsing it (and before counting it against a rate limit); bodies that are not UTF-8 or hold NUL are
// refused with a 4xx too, never stored and never a 500.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "@/lib/api/body";
import { MAX_ANNOTATION_BODY_BYTES } from "@/lib/annotation-protocol/constants";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { createAnnotation } from "@/lib/annotations/commands";
import { testDb } from "../../helpers/db";
import { createArticle, createUser } from "../../helpers/fixtures";
import { BASE, callRoute, jsonOfSize, type RouteHandler, type SessionHolder } from "./route-client";

const session = vi.hoisted((): SessionHolder => ({ user: null }));
vi.mock("@/auth", () => ({
  auth: () =>
    Promise.resolve(session.user ? { user: session.user, expires: "2999-01-01T00:00:00.000Z" } : null),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
}));

const db = testDb();
const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
/** The import route's own, larger limit (an export of thousands of annotations). */
const MAX_IMPORT_BYTES = 10_000_000;

interface WriteRoute {
  name: string;
  load: () => Promise<RouteHandler>;
  method: string;
  path: string;
  params: Record<string, string>;
  limit: number;
  headers?: Record<string, string>;
}

let slug = "";
let bearer = "";
const routes: WriteRoute[] = [];

beforeAll(async () => {
  session.user = await createUser(db);
  const article = await createArticle(db);
  slug = article.slug;
  // PUT looks the annotation up before reading the body: it needs one that exists.
  const { annotation } = await createAnnotation(db, session.user, slug, {
    revisionId: article.revision.id,
    selector: null,
    body: "A page note.",
  });
  // The W3C API takes a cookie session only from its own origin (SITE_URL); a token is simpler here.
  bearer = `Bearer ${(await createApiToken(db, session.user, { name: "limits", scope: "READ_WRITE", expiresInDays: 7 })).token}`;
  const id = "does-not-matter";
  const annotationRoute = await import("@/app/api/annotations/[slug]/[id]/route");
  const current = await callRoute(
    annotationRoute.GET as RouteHandler,
    "GET",
    `/api/annotations/${slug}/${annotation.id}`,
    {
      params: { slug, id: annotation.id },
      headers: { Accept: ANNO_TYPE, Authorization: bearer },
    },
  );
  const etag = current.headers.get("etag") ?? "";
  const json = (
    name: string,
    load: () => Promise<RouteHandler>,
    method: string,
    path: string,
    params: Record<string, string>,
    limit = MAX_JSON_BODY_BYTES,
    headers?: Record<string, string>,
  ) => routes.push({ name, load, method, path, params, limit, headers });
  json(
    "POST /api/articles/:slug/annotations",
    async () => (await import("@/app/api/articles/[slug]/annotations/route")).POST as RouteHandler,
    "POST",
    `/api/articles/${slug}/annotations`,
    { slug },
  );
  json(
    "POST /api/articles/:slug/annotations/import",
    async () => (await import("@/app/api/articles/[slug]/annotations/import/route")).POST as RouteHandler,
    "POST",
    `/api/articles/${slug}/annotations/import`,
    { slug },
    MAX_IMPORT_BYTES,
  );
  json(
    "PATCH /api/annotation-items/:id",
    async () => (await import("@/app/api/annotation-items/[id]/route")).PATCH as RouteHandler,
    "PATCH",
    `/api/annotation-items/${id}`,
    { id },
  );
  json(
    "POST /api/annotation-items/:id/reattach",
    async () => (await import("@/app/api/annotation-items/[id]/reattach/route")).POST as RouteHandler,
    "POST",
    `/api/annotation-items/${id}/reattach`,
    { id },
  );
  json(
    "POST /api/annotation-items/:id/replies",
    async () => (await import("@/app/api/annotation-items/[id]/replies/route")).POST as RouteHandler,
    "POST",
    `/api/annotation-items/${id}/replies`,
    { id },
  );
  json(
    "POST /api/articles/:slug/comments",
    async () => (await import("@/app/api/articles/[slug]/comments/route")).POST as RouteHandler,
    "POST",
    `/api/articles/${slug}/comments`,
    { slug },
  );
  json(
    "PATCH /api/comments/:id",
    async () => (await import("@/app/api/comments/[id]/route")).PATCH as RouteHandler,
    "PATCH",
    `/api/comments/${id}`,
    { id },
  );
  json(
    "POST /api/reactions",
    async () => (await import("@/app/api/reactions/route")).POST,
    "POST",
    "/api/reactions",
    {},
  );
  json(
    "DELETE /api/reactions",
    async () => (await import("@/app/api/reactions/route")).DELETE,
    "DELETE",
    "/api/reactions",
    {},
  );
  json(
    "POST /api/reports",
    async () => (await import("@/app/api/reports/route")).POST,
    "POST",
    "/api/reports",
    {},
  );
  json(
    "POST /api/annotations/:slug/",
    async () => (await import("@/app/api/annotations/[slug]/route")).POST as RouteHandler,
    "POST",
    `/api/annotations/${slug}/`,
    { slug },
    MAX_ANNOTATION_BODY_BYTES,
    { "Content-Type": ANNO_TYPE, Accept: ANNO_TYPE, Authorization: bearer },
  );
  json(
    "PUT /api/annotations/:slug/:id",
    async () => (await import("@/app/api/annotations/[slug]/[id]/route")).PUT as RouteHandler,
    "PUT",
    `/api/annotations/${slug}/${annotation.id}`,
    { slug, id: annotation.id },
    MAX_ANNOTATION_BODY_BYTES,
    { "Content-Type": ANNO_TYPE, Accept: ANNO_TYPE, Authorization: bearer, "If-Match": etag },
  );
});

async function expectTooLarge(response: Response, limit: number) {
  expect(response.status).toBe(413);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("payload_too_large");
  expect(body.error.message).toContain(limit.toLocaleString("en"));
}

describe("request body size", () => {
  it("every write route refuses a body one byte over its limit with 413 and a message", async () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const route of routes) {
      const handler = await route.load();
      const response = await callRoute(handler, route.method, route.path, {
        params: route.params,
        body: jsonOfSize(route.limit + 1),
        headers: route.headers,
      });
      await expectTooLarge(response, route.limit).catch((error: unknown) => {
        throw new Error(`${route.name}: ${String(error)}`);
      });
    }
  });

  it("a body at exactly the limit is read and parsed (then judged on its content, not its size)", async () => {
    const { POST } = await import("@/app/api/reports/route");
    const response = await callRoute(POST, "POST", "/api/reports", {
      body: jsonOfSize(MAX_JSON_BODY_BYTES, "note"),
    });
    expect(response.status).toBe(422);
  });

  it("a streamed body without Content-Length is cut off at the limit, not buffered whole", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 100 MB if nobody stops reading: the reader must give up shortly after the first megabyte.
        if (sent > 100_000_000) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(`${BASE}/api/reports`, {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expect(readJsonBody(request)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(sent).toBeLessThan(MAX_JSON_BODY_BYTES + 4 * chunk.byteLength);
  });

  it("a declared Content-Length over the limit is refused without reading the body", async () => {
    const request = new Request(`${BASE}/api/reports`, {
      method: "POST",
      headers: { "Content-Length": String(MAX_JSON_BODY_BYTES + 1) },
      body: "{}",
    });
    await expect(readJsonBody(request)).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("invalid UTF-8 is a 400 and NUL anywhere in the document a 422, on the app's and the W3C API's routes", async () => {
    const comments = (await import("@/app/api/articles/[slug]/comments/route")).POST as RouteHandler;
    const invalid = new Uint8Array(
      Buffer.concat([Buffer.from('{"body":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    );
    const bad = await callRoute(comments, "POST", `/api/articles/${slug}/comments`, {
      params: { slug },
      body: invalid,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);

    const nul = await callRoute(comments, "POST", `/api/articles/${slug}/comments`, {
      params: { slug },
      body: { body: "nul\u0000byte" },
    });
    expect(nul.status).toBe(422);
    expect(((await nul.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);

    const w3c = (await import("@/app/api/annotations/[slug]/route")).POST as RouteHandler;
    const anno = await callRoute(w3c, "POST", `/api/annotations/${slug}/`, {
      params: { slug },
      headers: { "Content-Type": ANNO_TYPE, Accept: ANNO_TYPE, Authorization: bearer },
      body: { type: "Annotation", bodyValue: "x\u0000y", target: "t" },
    });
    expect(anno.status).toBe(422);
    expect(await db.comment.count({ where: { authorId: session.user!.id } })).toBe(0);
  });
});
