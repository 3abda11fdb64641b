// Runs the route-handler rows of the authorisation matrix for real: each route module of app/ is imported
// and its exported method called with a Request, on the test database, once per kind of caller.
//
// Why in-process: it is fast (no build, no server) and exercises the real handlers, domain functions,
// visibility rules, token checks and database. The one thing replaced is Auth.js's cookie decoding (see
// ./in-process.ts); the sign-in flow and the cookie itself are covered by e2e/auth.spec.ts. API tokens go
// through the real Authorization header path.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testDb } from "../../helpers/db";
import { actAs } from "./in-process";
import { CALLERS, ROUTES, type Caller, type Outcome } from "./matrix";
import { routeTable } from "./route-table";
import { buildWorld, freshTarget, type Identity, type Target, type World } from "./world";

vi.mock("@/auth", async () => (await import("./in-process")).authModule());
vi.mock("next/headers", async () => (await import("./in-process")).headersModule());

const BASE = "http://localhost:3000";
const db = testDb();

interface Call {
  path: string;
  body?: unknown;
  query?: string;
  headers?: Record<string, string>;
}

/** How to call each route: its URL for the subject, and a body that is valid for an authorised caller. */
const REQUESTS: Record<string, (world: World, target: Target) => Call | Promise<Call>> = {
  "PATCH /api/annotation-items/[id]": (_, t) => ({
    path: `/api/annotation-items/${t.annotationId}`,
    body: { body: "edited" },
  }),
  "DELETE /api/annotation-items/[id]": (_, t) => ({ path: `/api/annotation-items/${t.annotationId}` }),
  "POST /api/annotation-items/[id]/reattach": (w, t) => ({
    path: `/api/annotation-items/${t.annotationId}/reattach`,
    body: { revisionId: w.article.revision.id, selector: selectorIn(w, "third paragraph") },
  }),
  "GET /api/annotation-items/[id]/replies": (_, t) => ({
    path: `/api/annotation-items/${t.annotationId}/replies`,
  }),
  "GET /api/annotation-items/[id]/replies/mentionable": (_, t) => ({
    path: `/api/annotation-items/${t.annotationId}/replies/mentionable`,
    query: "q=r",
  }),
  "POST /api/annotation-items/[id]/replies": (_, t) => ({
    path: `/api/annotation-items/${t.annotationId}/replies`,
    body: { body: "A reply." },
  }),
  "POST /api/annotation-items/[id]/resolve": (_, t) => ({
    path: `/api/annotation-items/${t.annotationId}/resolve`,
  }),
  "DELETE /api/annotation-items/[id]/resolve": (_, t) => ({
    path: `/api/annotation-items/${t.annotationId}/resolve`,
  }),
  "GET /articles/[slug]/revisions/[number]": (w) => ({ path: `/articles/${w.article.slug}/revisions/1` }),
  "GET /users/[handle]": (w) => ({ path: `/users/${w.author.handle}` }),
  "GET /ns": () => ({ path: "/ns" }),
  "GET /api/annotations/[slug]": (w) => ({
    path: `/api/annotations/${w.article.slug}/`,
    headers: {
      Prefer: 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedDescriptions"',
    },
  }),
  "HEAD /api/annotations/[slug]": (w) => ({ path: `/api/annotations/${w.article.slug}/` }),
  "OPTIONS /api/annotations/[slug]": (w) => ({ path: `/api/annotations/${w.article.slug}/` }),
  "POST /api/annotations/[slug]": (w) => ({
    path: `/api/annotations/${w.article.slug}/`,
    headers: { "Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"' },
    body: webAnnotation(w),
  }),
  "GET /api/annotations/[slug]/[id]": (w, t) => ({
    path: `/api/annotations/${w.article.slug}/${t.annotationId}`,
  }),
  "HEAD /api/annotations/[slug]/[id]": (w, t) => ({
    path: `/api/annotations/${w.article.slug}/${t.annotationId}`,
  }),
  "OPTIONS /api/annotations/[slug]/[id]": (w, t) => ({
    path: `/api/annotations/${w.article.slug}/${t.annotationId}`,
  }),
  "PUT /api/annotations/[slug]/[id]": async (w, t) => {
    // A replacement names the version it replaces (If-Match) and keeps the target: what the author's client
    // read, with a new body.
    const { etag, annotation } = await currentRepresentation(w, t);
    return {
      path: `/api/annotations/${w.article.slug}/${t.annotationId}`,
      headers: {
        "Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        "If-Match": etag,
      },
      body: {
        ...annotation,
        body: { type: "TextualBody", value: "replaced", format: "text/markdown", purpose: "commenting" },
      },
    };
  },
  "DELETE /api/annotations/[slug]/[id]": (w, t) => ({
    path: `/api/annotations/${w.article.slug}/${t.annotationId}`,
  }),
  "GET /api/articles/[slug]/annotations": (w) => ({ path: `/api/articles/${w.article.slug}/annotations` }),
  "POST /api/articles/[slug]/annotations": (w) => ({
    path: `/api/articles/${w.article.slug}/annotations`,
    body: {
      revisionId: w.article.revision.id,
      selector: selectorIn(w, "first paragraph"),
      visibility: "PRIVATE",
    },
  }),
  "GET /api/articles/[slug]/annotations/export": (w) => ({
    path: `/api/articles/${w.article.slug}/annotations/export`,
  }),
  "POST /api/articles/[slug]/annotations/import": (w) => ({
    path: `/api/articles/${w.article.slug}/annotations/import`,
    body: {},
  }),
  "GET /api/articles/[slug]/comments": (w) => ({ path: `/api/articles/${w.article.slug}/comments` }),
  "POST /api/articles/[slug]/comments": (w) => ({
    path: `/api/articles/${w.article.slug}/comments`,
    body: { body: "A comment." },
  }),
  "GET /api/articles/[slug]/comments/mentionable": (w) => ({
    path: `/api/articles/${w.article.slug}/comments/mentionable`,
    query: "q=r",
  }),
  "GET /api/articles/[slug]/events": (w) => ({ path: `/api/articles/${w.article.slug}/events` }),
  "PATCH /api/comments/[id]": (_, t) => ({ path: `/api/comments/${t.commentId}`, body: { body: "edited" } }),
  "DELETE /api/comments/[id]": (_, t) => ({ path: `/api/comments/${t.commentId}` }),
  "GET /api/notifications": () => ({ path: "/api/notifications" }),
  "POST /api/reactions": (_, t) => ({
    path: "/api/reactions",
    body: { kind: "AGREE", annotationId: t.annotationId },
  }),
  "DELETE /api/reactions": (_, t) => ({
    path: "/api/reactions",
    body: { kind: "AGREE", annotationId: t.annotationId },
  }),
  "POST /api/reports": (_, t) => ({
    path: "/api/reports",
    body: { annotationId: t.annotationId, reason: "SPAM" },
  }),
  "GET /api/reports": (_, t) => ({ path: `/api/reports?annotationIds=${t.annotationId}` }),
  "GET /moderation/log/export": () => ({ path: "/moderation/log/export" }),
};

/** The annotation and its ETag, read through the API with the author's token. */
async function currentRepresentation(
  world: World,
  target: Target,
): Promise<{ etag: string; annotation: Record<string, unknown> }> {
  const entry = routeTable().find((candidate) => candidate.key === "GET /api/annotations/[slug]/[id]")!;
  const get = modules.get(entry.file)!.GET as (request: Request, context: unknown) => Promise<Response>;
  const response = await get(
    new Request(`${BASE}/api/annotations/${world.article.slug}/${target.annotationId}`, {
      headers: { Authorization: `Bearer ${world.identities.tokenRead.token}` },
    }),
    { params: Promise.resolve({ slug: world.article.slug, id: target.annotationId }) },
  );
  return {
    etag: response.headers.get("etag") ?? "",
    annotation: (await response.json()) as Record<string, unknown>,
  };
}

function selectorIn(world: World, quote: string) {
  const text = world.article.revision.plainText;
  const start = text.indexOf(quote);
  return {
    exact: quote,
    prefix: text.slice(Math.max(0, start - 32), start),
    suffix: text.slice(start + quote.length, start + quote.length + 32),
    start,
    end: start + quote.length,
  };
}

function webAnnotation(world: World) {
  const selector = selectorIn(world, "first paragraph");
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    body: { type: "TextualBody", value: "From a tool.", format: "text/markdown", purpose: "commenting" },
    target: {
      source: `${BASE}/articles/${world.article.slug}`,
      selector: [
        {
          type: "TextQuoteSelector",
          exact: selector.exact,
          prefix: selector.prefix,
          suffix: selector.suffix,
        },
        { type: "TextPositionSelector", start: selector.start, end: selector.end },
      ],
    },
  };
}

/** Route params from the URL, by the route's own [segments]. */
function paramsFor(routePath: string, path: string): Record<string, string | string[]> {
  const pattern = routePath.split("/");
  const actual = path.replace(/\/$/, "").split("/");
  const params: Record<string, string | string[]> = {};
  pattern.forEach((segment, index) => {
    const match = /^\[(\.\.\.)?(\w+)\]$/.exec(segment);
    if (!match) return;
    params[match[2]!] = match[1] ? actual.slice(index) : decodeURIComponent(actual[index] ?? "");
  });
  return params;
}

async function classify(response: Response, secret: string): Promise<string> {
  const status = response.status;
  let text = "";
  if (response.body && !response.headers.get("content-type")?.includes("text/event-stream"))
    text = await response.text();
  else await response.body?.cancel();
  if (status >= 200 && status < 300) return text.includes(secret) ? "2xx+secret" : "2xx";
  // The status, then the error message, so a failing row says why.
  return `${status} ${text.slice(0, 160)}`;
}

function matches(outcome: Outcome, actual: string): boolean {
  const status = actual.slice(0, 3);
  switch (outcome) {
    case "2xx":
      return status.startsWith("2");
    case "sees":
      return actual === "2xx+secret";
    case "hides":
      return actual === "2xx";
    case "deny":
      return status === "403" || status === "404";
    case "invalid":
      return status === "400" || status === "422";
    default:
      return status === outcome;
  }
}

let world: World;
let sharedTarget: Target;
const modules = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  world = await buildWorld(db);
  sharedTarget = await freshTarget(db, world);
  for (const entry of routeTable()) {
    if (entry.kind !== "route" || modules.has(entry.file)) continue;
    modules.set(
      entry.file,
      (await import(/* @vite-ignore */ `../../../${entry.file}`)) as Record<string, unknown>,
    );
  }
});

afterAll(() => actAs(null));

function mutating(key: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(key.split(" ")[0]!);
}

function subjectFor(key: string): Promise<Target> {
  return freshTarget(db, world, { withComment: key.includes(" /api/comments/") });
}

async function run(key: string, who: Caller, target: Target): Promise<string> {
  const [method, routePath] = key.split(" ") as [string, string];
  const entry = routeTable().find((candidate) => candidate.key === key)!;
  const handler = modules.get(entry.file)![method] as (
    request: Request,
    context: unknown,
  ) => Promise<Response>;
  const mutates = mutating(key);
  const call = await REQUESTS[key]!(world, target);
  const identity: Identity = world.identities[who];
  const headers = new Headers(call.headers);
  if (identity.token) headers.set("Authorization", `Bearer ${identity.token}`);
  // A browser with a session sends its cookie; what it holds is decided by the mocked auth() above.
  if (identity.user) headers.set("Cookie", "authjs.session-token=in-process");
  if (mutates) headers.set("Origin", BASE);
  if (call.body !== undefined && !headers.has("Content-Type"))
    headers.set("Content-Type", "application/json");
  const url = `${BASE}${call.path}${call.query ? `?${call.query}` : ""}`;
  actAs(identity);
  try {
    const request = new Request(url, {
      method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const response = await handler(request, { params: Promise.resolve(paramsFor(routePath, call.path)) });
    return await classify(response, target.secret);
  } finally {
    actAs(null);
  }
}

describe("authorisation matrix: route handlers", () => {
  for (const [key, row] of Object.entries(ROUTES)) {
    const executable = Object.values(row).some((outcome) => outcome !== "e2e");
    it.runIf(executable)(`${key}: every caller gets what the matrix says`, async () => {
      expect(REQUESTS[key], `no request builder for ${key} in routes.test.ts`).toBeDefined();
      const wrong: string[] = [];
      // A write's subject is reused while callers are refused (so a later success also shows the
      // refusals left it intact) and replaced after every success.
      let target = mutating(key) ? await subjectFor(key) : sharedTarget;
      for (const who of CALLERS) {
        const actual = await run(key, who, target);
        if (mutating(key) && actual.startsWith("2xx")) target = await subjectFor(key);
        if (!matches(row[who], actual)) wrong.push(`${who}: expected ${row[who]}, got ${actual}`);
      }
      expect(wrong, `${key}\n  ${wrong.join("\n  ")}`).toEqual([]);
    });
  }
});
