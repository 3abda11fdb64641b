// Every list endpoint returns at most its cap. The policy (docs/limits.md): lists have fixed page sizes;
// the one endpoint that takes a page size (article comments, `pageSize`) refuses a value above its cap with
// 422 rather than silently clamping it, and the notification list clamps what a caller in code asks for.
import { describe, expect, it, vi } from "vitest";
import { ANNOTATION_PAGE_SIZE } from "@/lib/annotation-protocol/constants";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { MAX_COMMENTS_PAGE_SIZE, MAX_MENTION_SUGGESTIONS } from "@/lib/discussion/limits";
import {
  listNotifications,
  NOTIFICATIONS_PAGE_SIZE,
  RECENT_NOTIFICATIONS,
} from "@/lib/notifications/queries";
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
const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
const handler = <T>(value: T) => value as unknown as RouteHandler;

describe("pagination caps", () => {
  it("comments: pageSize above the cap is refused with 422; at the cap a page holds at most that many", async () => {
    const user = await createUser(db);
    session.user = user;
    const article = await createArticle(db);
    await db.comment.createMany({
      data: Array.from({ length: MAX_COMMENTS_PAGE_SIZE + 5 }, (_, index) => ({
        articleId: article.id,
        authorId: user.id,
        kind: "ARTICLE_COMMENT" as const,
        body: `Comment ${index}`,
        bodyHtml: `<p>Comment ${index}</p>`,
      })),
    });
    const { GET } = await import("@/app/api/articles/[slug]/comments/route");
    const get = (query: string) =>
      callRoute(handler(GET), "GET", `/api/articles/${article.slug}/comments?${query}`, {
        params: { slug: article.slug },
      });

    const tooMany = await get(`pageSize=${MAX_COMMENTS_PAGE_SIZE + 1}`);
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain(
      String(MAX_COMMENTS_PAGE_SIZE),
    );
    expect((await get("pageSize=1000000")).status).toBe(422);

    const full = await get(`pageSize=${MAX_COMMENTS_PAGE_SIZE}`);
    expect(full.status).toBe(200);
    const page = (await full.json()) as { comments: unknown[] };
    expect(page.comments).toHaveLength(MAX_COMMENTS_PAGE_SIZE);
  });

  it("the W3C container's pages hold at most ANNOTATION_PAGE_SIZE annotations", async () => {
    const user = await createUser(db);
    const article = await createArticle(db);
    await db.annotation.createMany({
      data: Array.from({ length: ANNOTATION_PAGE_SIZE + 3 }, (_, index) => ({
        articleId: article.id,
        revisionId: article.revision.id,
        authorId: user.id,
        visibility: "PUBLIC" as const,
        body: `Note ${index}`,
        bodyHtml: `<p>Note ${index}</p>`,
      })),
    });
    const { token } = await createApiToken(db, user, { name: "pages", scope: "READ", expiresInDays: 7 });
    const { GET } = await import("@/app/api/annotations/[slug]/route");
    const page = async (n: number) => {
      const response = await callRoute(handler(GET), "GET", `/api/annotations/${article.slug}/?page=${n}`, {
        params: { slug: article.slug },
        headers: { Accept: ANNO_TYPE, Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: unknown[] }).items;
    };
    expect(await page(0)).toHaveLength(ANNOTATION_PAGE_SIZE);
    expect(await page(1)).toHaveLength(3);
  });

  it("notifications: the bell's list and the page's list never exceed their caps, whatever is asked", async () => {
    const user = await createUser(db);
    session.user = user;
    await db.notification.createMany({
      data: Array.from({ length: NOTIFICATIONS_PAGE_SIZE + 5 }, () => ({
        userId: user.id,
        type: "MENTION" as const,
      })),
    });
    const { GET } = await import("@/app/api/notifications/route");
    const response = await callRoute(handler(GET), "GET", "/api/notifications?limit=1000");
    const body = (await response.json()) as { unread: number; recent: unknown[] };
    expect(body.recent).toHaveLength(RECENT_NOTIFICATIONS);
    expect(body.unread).toBe(NOTIFICATIONS_PAGE_SIZE + 5);
    expect(await listNotifications(db, user.id, { take: 1_000_000 })).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
  });

  it("mention suggestions hold at most MAX_MENTION_SUGGESTIONS people", async () => {
    const user = await createUser(db);
    session.user = user;
    const article = await createArticle(db);
    // Commenters are mentionable in the comment section: make more of them than the cap.
    const people = await Promise.all(
      Array.from({ length: MAX_MENTION_SUGGESTIONS + 4 }, () => createUser(db)),
    );
    await db.comment.createMany({
      data: people.map((person) => ({
        articleId: article.id,
        authorId: person.id,
        kind: "ARTICLE_COMMENT" as const,
        body: "hi",
        bodyHtml: "<p>hi</p>",
      })),
    });
    const { GET } = await import("@/app/api/articles/[slug]/comments/mentionable/route");
    const response = await callRoute(
      handler(GET),
      "GET",
      `/api/articles/${article.slug}/comments/mentionable?q=`,
      { params: { slug: article.slug } },
    );
    expect(response.status).toBe(200);
    const { people: suggested } = (await response.json()) as { people: unknown[] };
    expect(suggested.length).toBeLessThanOrEqual(MAX_MENTION_SUGGESTIONS);
    expect(suggested.length).toBeGreaterThan(0);
  });
});
