// Every payload of the hostile corpus goes into every user-writable field through the same domain code the
// route handlers and server actions call. Each write either is refused with a clean 4xx (an ApiError or a
// form result with a message) or is stored; stored Markdown is rendered to HTML that holds only the tags
// and attributes the sanitiser allows. Nothing may fail with anything else (a database error, a 500).
// The Playwright test e2e/hostile-input.spec.ts then renders what was stored, in a browser.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { updateDisplayName } from "@/lib/accounts/profile";
import { ApiError } from "@/lib/api/errors";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/tokens";
import { createAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import { createTeam } from "@/lib/teams/commands";
import { HOSTILE_CORPUS, type HostilePayload } from "../../fixtures/hostile-corpus";
import { testDb, uniqueId } from "../../helpers/db";
import { createArticle, createUser } from "../../helpers/fixtures";
import { formTextFromBrowser } from "./form-text";
import { callRoute, INVALID_UTF8_FIELDS, type RouteHandler, type SessionHolder } from "./route-client";

const session = vi.hoisted((): SessionHolder => ({ user: null }));
vi.mock("@/auth", () => ({
  auth: () =>
    Promise.resolve(session.user ? { user: session.user, expires: "2999-01-01T00:00:00.000Z" } : null),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
}));

const db = testDb();

// What renderUserMarkdown (and the @mention linker) may produce, and nothing else.
const ALLOWED_TAGS = new Set([
  "p",
  "br",
  "a",
  "em",
  "strong",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "hr",
  "s",
  "span",
]);
const ALLOWED_ATTRIBUTES = new Set(["href", "rel", "target", "class", "start", "title", "data-handle"]);

/** Problems with a stored HTML fragment: a tag or attribute outside the allowlist, or an unsafe href. */
export function unsafeHtml(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const [whole, tag, attributes] = match;
    if (!ALLOWED_TAGS.has(tag!.toLowerCase())) problems.push(`tag ${whole}`);
    for (const attribute of attributes!.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = attribute[1]!.toLowerCase();
      if (!ALLOWED_ATTRIBUTES.has(name)) problems.push(`attribute ${name} in ${whole}`);
      if (name === "href") {
        const value = attribute[2]!.replace(/^["']|["']$/g, "");
        if (!/^(https?:\/\/|mailto:|\/)/i.test(value)) problems.push(`href ${value}`);
      }
    }
  }
  return problems;
}

type Outcome =
  { kind: "refused"; status: number; message: string } | { kind: "stored"; html?: string | null };

/** Runs a write and classifies it; anything but a 4xx refusal or a success fails the test with the payload. */
async function attempt(
  field: string,
  payload: HostilePayload,
  write: () => Promise<{ html?: string | null } | void>,
): Promise<Outcome> {
  try {
    const result = (await write()) ?? {};
    if (result.html) {
      const problems = unsafeHtml(result.html);
      expect(problems, `${field} ${payload.id}: ${result.html.slice(0, 300)}`).toEqual([]);
    }
    return { kind: "stored", html: result.html };
  } catch (error) {
    // 429 would say nothing about the payload: the test spreads its writes over fresh accounts instead.
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      expect(error.message.length, `${field} ${payload.id}`).toBeGreaterThan(0);
      return { kind: "refused", status: error.status, message: error.message };
    }
    failures.push(
      `${field} with ${payload.id} failed with ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 400)}` : String(error)}`,
    );
    return { kind: "refused", status: 500, message: "" };
  }
}

/** A request through the real route handler: 2xx stored (its bodyHtml checked), 4xx but 429 refused. */
async function post(
  field: string,
  payload: HostilePayload,
  send: () => Promise<Response>,
): Promise<{ id?: string; bodyHtml?: string | null } | null> {
  const response = await send();
  const json = (await response.json().catch(() => null)) as {
    id?: string;
    bodyHtml?: string | null;
    error?: { message?: string };
  } | null;
  if (response.status >= 200 && response.status < 300) {
    if (json?.bodyHtml)
      expect(unsafeHtml(json.bodyHtml), `${field} ${payload.id}: ${json.bodyHtml.slice(0, 300)}`).toEqual([]);
    return json;
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 429) {
    expect(json?.error?.message, `${field} ${payload.id}: a refusal says why`).toBeTruthy();
    return null;
  }
  failures.push(
    `${field} with ${payload.id} answered ${response.status}: ${JSON.stringify(json).slice(0, 300)}`,
  );
  return null;
}

/** Writes that failed with something other than a clean refusal; each test expects none of its own. */
const failures: string[] = [];

function expectNoFailures() {
  const found = failures.splice(0);
  expect(found, found.join("\n")).toEqual([]);
}

let author: SessionUser;
let article: Awaited<ReturnType<typeof createArticle>>;
let annotationId: string;

// Reports go to the site-wide moderation queue, which other test files read (and which shows 50 items):
// the hundreds filed here are withdrawn when this file is done, so they do not crowd those tests out.
const reporters: string[] = [];
afterAll(async () => {
  await db.report.deleteMany({ where: { reporterId: { in: reporters } } });
});

beforeAll(async () => {
  author = await createUser(db);
  article = await createArticle(db);
  annotationId = (
    await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: null,
      body: "Thread root.",
      visibility: "PUBLIC",
    })
  ).annotation.id;
});

describe("the hostile corpus", () => {
  it("has at least 200 payloads across every category, with unique ids", () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(HOSTILE_CORPUS.map((payload) => payload.id)).size).toBe(HOSTILE_CORPUS.length);
    expect(new Set(HOSTILE_CORPUS.map((payload) => payload.category)).size).toBe(10);
  });
});

const handler = <T>(value: T) => value as unknown as RouteHandler;

describe("every payload into every user-writable field", () => {
  // Server actions read form fields as a browser submits them (CRLF line ends, lone surrogates as U+FFFD).
  const viaForm = formTextFromBrowser;

  it("annotation notes and tags (POST /api/articles/:slug/annotations)", { timeout: 240_000 }, async () => {
    const { POST } = await import("@/app/api/articles/[slug]/annotations/route");
    for (const payload of HOSTILE_CORPUS) {
      // A fresh account per payload: the flood limit (posts a minute) is per account.
      session.user = await createUser(db, { role: "MODERATOR" });
      const send = (body: object) =>
        callRoute(handler(POST), "POST", `/api/articles/${article.slug}/annotations`, {
          params: { slug: article.slug },
          body,
        });
      await post("annotation body", payload, () =>
        send({ revisionId: article.revision.id, selector: null, body: payload.text, visibility: "PUBLIC" }),
      );
      const tagged = await post("annotation tags", payload, () =>
        send({ revisionId: article.revision.id, selector: null, body: "Tagged.", tags: [payload.text] }),
      );
      for (const tag of (tagged as { tags?: string[] } | null)?.tags ?? [])
        expect(tag, payload.id).toMatch(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u);
    }
    expectNoFailures();
  });

  it("replies, article comments and report notes (their route handlers)", { timeout: 240_000 }, async () => {
    const replies = (await import("@/app/api/annotation-items/[id]/replies/route")).POST;
    const comments = (await import("@/app/api/articles/[slug]/comments/route")).POST;
    const reports = (await import("@/app/api/reports/route")).POST;
    const plain = await createUser(db, { role: "MODERATOR" });
    for (const payload of HOSTILE_CORPUS) {
      session.user = await createUser(db, { role: "MODERATOR" });
      await post("reply", payload, () =>
        callRoute(handler(replies), "POST", `/api/annotation-items/${annotationId}/replies`, {
          params: { id: annotationId },
          body: { body: payload.text },
        }),
      );
      const comment = await post("comment", payload, () =>
        callRoute(handler(comments), "POST", `/api/articles/${article.slug}/comments`, {
          params: { slug: article.slug },
          body: { body: payload.text },
        }),
      );
      // A report needs an item someone else wrote: the comment just posted, or a plain one.
      let target = comment?.id;
      if (!target) {
        const writer = session.user;
        session.user = plain;
        const response = await callRoute(
          handler(comments),
          "POST",
          `/api/articles/${article.slug}/comments`,
          { params: { slug: article.slug }, body: { body: `plain ${payload.id}` } },
        );
        target = ((await response.json()) as { id: string }).id;
        session.user = writer;
      }
      const reporter = await createUser(db);
      reporters.push(reporter.id);
      session.user = reporter;
      await post("report note", payload, () =>
        callRoute(handler(reports), "POST", "/api/reports", {
          body: { commentId: target, reason: "OTHER", note: payload.text },
        }),
      );
    }
    expectNoFailures();
  });

  it("bodies that are not UTF-8 are refused by every JSON write route", async () => {
    session.user = await createUser(db, { role: "MODERATOR" });
    const comments = (await import("@/app/api/articles/[slug]/comments/route")).POST;
    const replies = (await import("@/app/api/annotation-items/[id]/replies/route")).POST;
    const annotations = (await import("@/app/api/articles/[slug]/annotations/route")).POST;
    const reports = (await import("@/app/api/reports/route")).POST;
    for (const { id, bytes } of INVALID_UTF8_FIELDS) {
      const payload = { id, category: "invalid-utf8" as const, text: "" };
      await post("comment", payload, () =>
        callRoute(handler(comments), "POST", `/api/articles/${article.slug}/comments`, {
          params: { slug: article.slug },
          body: bytes("body"),
        }),
      );
      await post("reply", payload, () =>
        callRoute(handler(replies), "POST", `/api/annotation-items/${annotationId}/replies`, {
          params: { id: annotationId },
          body: bytes("body"),
        }),
      );
      await post("annotation", payload, () =>
        callRoute(handler(annotations), "POST", `/api/articles/${article.slug}/annotations`, {
          params: { slug: article.slug },
          body: bytes("body"),
        }),
      );
      await post("report", payload, () =>
        callRoute(handler(reports), "POST", "/api/reports", { body: bytes("note") }),
      );
    }
    expectNoFailures();
  });

  it(
    "display names, team names and descriptions, and API token names (the actions' domain calls)",
    { timeout: 240_000 },
    async () => {
      for (const payload of HOSTILE_CORPUS) {
        const user = await createUser(db);
        await attempt("display name", payload, async () => {
          const result = await updateDisplayName(db, user, { name: viaForm(payload.text) });
          if (!result.ok) throw new ApiError("invalid", result.message ?? "refused");
        });
        await attempt("team name", payload, async () => {
          await createTeam(db, user, { name: viaForm(payload.text), slug: uniqueId("t"), description: "" });
        });
        await attempt("team description", payload, async () => {
          await createTeam(db, user, {
            name: "Hostile",
            slug: uniqueId("t"),
            description: viaForm(payload.text),
          });
        });
        await attempt("token name", payload, async () => {
          const { record } = await createApiToken(db, user, {
            name: viaForm(payload.text),
            scope: "READ",
            expiresInDays: 7,
          });
          await revokeApiToken(db, user, record.id);
        });
      }
      expectNoFailures();
    },
  );
});
