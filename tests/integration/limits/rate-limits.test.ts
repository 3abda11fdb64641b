// Every write endpoint counts writes per account and answers 429 with Retry-After once the limit is used
// up: route handlers with a JSON error, server actions with a message for the form. Each test uses its own
// user and fills that user's counter to the limit directly, so it does not have to make 60 real writes.
import { describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session-user";
import { windowStart } from "@/lib/rate-limit/limiter";
import {
  ANNOTATION_API_WRITES_PER_USER,
  ANNOTATION_IMPORTS_PER_USER,
  ANNOTATION_WRITES_PER_USER,
  API_TOKEN_WRITES_PER_USER,
  DISCUSSION_STATE_CHANGES_PER_USER,
  DISCUSSION_WRITES_PER_USER,
  NOTIFICATION_MARKS_PER_USER,
  PROFILE_UPDATES_PER_USER,
  REACTIONS_PER_USER,
  REPORTS_PER_USER,
  type RateLimitRule,
} from "@/lib/rate-limit/limits";
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
// Actions call revalidatePath after a write; outside a Next server there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const db = testDb();
const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

/** Uses up `rule` for `user` in this window and the next (so a window ending mid-test changes nothing). */
async function exhaust(rule: RateLimitRule, user: SessionUser) {
  const now = new Date();
  for (const at of [now, new Date(now.getTime() + rule.windowMs)]) {
    const start = windowStart(rule, at);
    const key = `${rule.name}:${user.id}`;
    await db.rateLimitCounter.upsert({
      where: { key_windowStart: { key, windowStart: start } },
      create: {
        key,
        windowStart: start,
        count: rule.limit,
        expiresAt: new Date(start.getTime() + rule.windowMs),
      },
      update: { count: rule.limit },
    });
  }
}

async function expectRateLimited(response: Response, name: string) {
  expect(response.status, name).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter, name).toBeGreaterThanOrEqual(1);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code, name).toBe("rate_limited");
  expect(body.error.message, name).toMatch(/try again/i);
}

interface Case {
  name: string;
  rule: RateLimitRule;
  call: (user: SessionUser, slug: string) => Promise<Response>;
}

const handler = <T>(value: T) => value as unknown as RouteHandler;

const CASES: Case[] = [
  {
    name: "POST /api/articles/:slug/annotations",
    rule: ANNOTATION_WRITES_PER_USER,
    call: async (_user, slug) =>
      callRoute(
        handler((await import("@/app/api/articles/[slug]/annotations/route")).POST),
        "POST",
        `/api/articles/${slug}/annotations`,
        { params: { slug }, body: { revisionId: "x", selector: null, body: "note" } },
      ),
  },
  {
    name: "PATCH /api/annotation-items/:id",
    rule: ANNOTATION_WRITES_PER_USER,
    call: async () =>
      callRoute(
        handler((await import("@/app/api/annotation-items/[id]/route")).PATCH),
        "PATCH",
        "/api/annotation-items/x",
        { params: { id: "x" }, body: { body: "edit" } },
      ),
  },
  {
    name: "DELETE /api/annotation-items/:id",
    rule: ANNOTATION_WRITES_PER_USER,
    call: async () =>
      callRoute(
        handler((await import("@/app/api/annotation-items/[id]/route")).DELETE),
        "DELETE",
        "/api/annotation-items/x",
        { params: { id: "x" } },
      ),
  },
  {
    name: "POST /api/annotation-items/:id/reattach",
    rule: ANNOTATION_WRITES_PER_USER,
    call: async () =>
      callRoute(
        handler((await import("@/app/api/annotation-items/[id]/reattach/route")).POST),
        "POST",
        "/api/annotation-items/x/reattach",
        { params: { id: "x" }, body: { revisionId: "x", selector: { exact: "a", start: 0, end: 1 } } },
      ),
  },
  {
    name: "POST /api/articles/:slug/annotations/import",
    rule: ANNOTATION_IMPORTS_PER_USER,
    call: async (_user, slug) =>
      callRoute(
        handler((await import("@/app/api/articles/[slug]/annotations/import/route")).POST),
        "POST",
        `/api/articles/${slug}/annotations/import`,
        { params: { slug }, body: { items: [] } },
      ),
  },
  {
    name: "POST /api/annotation-items/:id/resolve",
    rule: DISCUSSION_STATE_CHANGES_PER_USER,
    call: async () =>
      callRoute(
        handler((await import("@/app/api/annotation-items/[id]/resolve/route")).POST),
        "POST",
        "/api/annotation-items/x/resolve",
        { params: { id: "x" } },
      ),
  },
  {
    name: "DELETE /api/annotation-items/:id/resolve",
    rule: DISCUSSION_STATE_CHANGES_PER_USER,
    call: async () =>
      callRoute(
        handler((await import("@/app/api/annotation-items/[id]/resolve/route")).DELETE),
        "DELETE",
        "/api/annotation-items/x/resolve",
        { params: { id: "x" } },
      ),
  },
  {
    name: "POST /api/annotation-items/:id/replies",
    rule: DISCUSSION_WRITES_PER_USER,
    // The limit counts new writes only (a retried idempotency key is answered first), so the reply must
    // reach a thread the caller can see.
    call: async (user, slug) => {
      const { createAnnotation } = await import("@/lib/annotations/commands");
      const article = await db.article.findUniqueOrThrow({
        where: { slug },
        select: { currentRevisionId: true },
      });
      const { annotation } = await createAnnotation(db, user, slug, {
        revisionId: article.currentRevisionId ?? "",
        selector: null,
        body: "note",
      });
      return callRoute(
        handler((await import("@/app/api/annotation-items/[id]/replies/route")).POST),
        "POST",
        `/api/annotation-items/${annotation.id}/replies`,
        { params: { id: annotation.id }, body: { body: "reply" } },
      );
    },
  },
  {
    name: "POST /api/articles/:slug/comments",
    rule: DISCUSSION_WRITES_PER_USER,
    call: async (_user, slug) =>
      callRoute(
        handler((await import("@/app/api/articles/[slug]/comments/route")).POST),
        "POST",
        `/api/articles/${slug}/comments`,
        { params: { slug }, body: { body: "comment" } },
      ),
  },
  {
    name: "PATCH /api/comments/:id",
    rule: DISCUSSION_WRITES_PER_USER,
    call: async () =>
      callRoute(handler((await import("@/app/api/comments/[id]/route")).PATCH), "PATCH", "/api/comments/x", {
        params: { id: "x" },
        body: { body: "edit" },
      }),
  },
  {
    name: "DELETE /api/comments/:id",
    rule: DISCUSSION_STATE_CHANGES_PER_USER,
    call: async () =>
      callRoute(
        handler((await import("@/app/api/comments/[id]/route")).DELETE),
        "DELETE",
        "/api/comments/x",
        { params: { id: "x" } },
      ),
  },
  {
    name: "POST /api/reactions",
    rule: REACTIONS_PER_USER,
    call: async () =>
      callRoute(handler((await import("@/app/api/reactions/route")).POST), "POST", "/api/reactions", {
        body: { kind: "AGREE", commentId: "x" },
      }),
  },
  {
    name: "POST /api/reports",
    rule: REPORTS_PER_USER,
    call: async () =>
      callRoute(handler((await import("@/app/api/reports/route")).POST), "POST", "/api/reports", {
        body: { commentId: "x", reason: "SPAM" },
      }),
  },
  {
    name: "POST /api/annotations/:slug/ (W3C)",
    rule: ANNOTATION_API_WRITES_PER_USER,
    call: async (user, slug) => {
      const { createApiToken } = await import("@/lib/api-tokens/tokens");
      const { token } = await createApiToken(db, user, {
        name: "limits",
        scope: "READ_WRITE",
        expiresInDays: 7,
      });
      return callRoute(
        handler((await import("@/app/api/annotations/[slug]/route")).POST),
        "POST",
        `/api/annotations/${slug}/`,
        {
          params: { slug },
          headers: { "Content-Type": ANNO_TYPE, Accept: ANNO_TYPE, Authorization: `Bearer ${token}` },
          // A valid page note: the limit is counted once the request is known to be a new write.
          body: {
            type: "Annotation",
            body: { type: "TextualBody", value: "x" },
            target: { source: `http://localhost:3000/articles/${slug}` },
          },
        },
      );
    },
  },
];

describe("rate limits on write endpoints", () => {
  it.each(CASES)(
    "$name answers 429 with Retry-After once the account's limit is used up",
    async ({ name, rule, call }) => {
      const user = await createUser(db);
      session.user = user;
      const { slug } = await createArticle(db);
      await exhaust(rule, user);
      await expectRateLimited(await call(user, slug), name);
    },
  );

  it("the limit is per account: another account is not affected", async () => {
    const [busy, other] = [await createUser(db), await createUser(db)];
    const { slug } = await createArticle(db);
    await exhaust(DISCUSSION_WRITES_PER_USER, busy);
    session.user = other;
    const { POST } = await import("@/app/api/articles/[slug]/comments/route");
    const response = await callRoute(handler(POST), "POST", `/api/articles/${slug}/comments`, {
      params: { slug },
      body: { body: "hello" },
    });
    expect(response.status).toBe(201);
  });

  it("a write within the limit still counts: the 61st annotation in a minute is refused", async () => {
    const user = await createUser(db);
    session.user = user;
    const article = await createArticle(db);
    const { POST } = await import("@/app/api/articles/[slug]/annotations/route");
    const post = () =>
      callRoute(handler(POST), "POST", `/api/articles/${article.slug}/annotations`, {
        params: { slug: article.slug },
        body: { revisionId: article.revision.id, selector: null, body: "note" },
      });
    // One short of the limit by the counter, then one real write allowed, then the next refused.
    const start = windowStart(ANNOTATION_WRITES_PER_USER, new Date());
    const key = `${ANNOTATION_WRITES_PER_USER.name}:${user.id}`;
    await db.rateLimitCounter.create({
      data: {
        key,
        windowStart: start,
        count: ANNOTATION_WRITES_PER_USER.limit - 1,
        expiresAt: new Date(start.getTime() + ANNOTATION_WRITES_PER_USER.windowMs),
      },
    });
    if (windowStart(ANNOTATION_WRITES_PER_USER, new Date()).getTime() !== start.getTime()) return; // the minute turned over
    expect((await post()).status).toBe(201);
    const refused = await post();
    if (windowStart(ANNOTATION_WRITES_PER_USER, new Date()).getTime() !== start.getTime()) return;
    await expectRateLimited(refused, "61st annotation");
    expect(await db.annotation.count({ where: { authorId: user.id } })).toBe(1);
  });
});

describe("rate limits on server actions", () => {
  it("creating and revoking API tokens, the display name and marking notifications read refuse with a message", async () => {
    const user = await createUser(db);
    session.user = user;
    const tokens = await import("@/lib/api-tokens/actions");
    const account = await import("@/lib/accounts/actions/account");
    const notifications = await import("@/lib/notifications/actions");

    await exhaust(API_TOKEN_WRITES_PER_USER, user);
    const form = new FormData();
    form.set("name", "ci");
    form.set("scope", "READ");
    form.set("expiresInDays", "7");
    const created = await tokens.createTokenAction({}, form);
    expect(created.ok).toBeFalsy();
    expect(created.message).toMatch(/too often/);
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);

    await exhaust(PROFILE_UPDATES_PER_USER, user);
    const profile = new FormData();
    profile.set("name", "New Name");
    const renamed = await account.updateProfileAction({}, profile);
    expect(renamed.message).toMatch(/too often/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);

    await exhaust(NOTIFICATION_MARKS_PER_USER, user);
    const marked = await notifications.markAllNotificationsReadAction();
    expect(marked.message).toMatch(/too often/);
  });
});
