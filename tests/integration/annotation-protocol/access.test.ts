// Who sees and changes what through the API: the app's privacy, team and moderation rules (the same
// `where` as the margin), tokens and their scopes, cookie sessions and CORS, rate limits, bad input.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import { revokeApiToken } from "@/lib/api-tokens/tokens";
import type { SessionUser } from "@/lib/auth/session-user";
import { ANNOTATION_API_WRITES_PER_USER } from "@/lib/rate-limit/limits";
import { windowStart } from "@/lib/rate-limit/limiter";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";
import { BASE, containerUrl, json, protocolClient, tokenFor, webAnnotation } from "./protocol-client";

const db = testDb();
const api = protocolClient(db);

async function visibleIds(slug: string, options: { token?: string } = {}): Promise<string[]> {
  const response = await api.call("GET", containerUrl(slug), {
    ...options,
    headers: { Prefer: 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"' },
  });
  expect(response.status).toBe(200);
  const body = await json(response);
  const items = (body.first as { items: string[] } | undefined)?.items ?? [];
  return items.map((iri) => iri.split("/").at(-1)!).sort();
}

async function annotationCount(articleId: string) {
  return db.annotation.count({ where: { articleId } });
}

describe("privacy, teams and moderation through the API", () => {
  it("shows each caller exactly what the margin shows them (listAnnotations), orphans of their own included", async () => {
    const article = await createArticle(db);
    const [author, teammate, stranger] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    const team = await createTeam(db, [author, teammate]);
    const text = article.revision.plainText;
    const make = (visibility: "PRIVATE" | "PUBLIC" | "TEAM", quote: string) =>
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(text, quote),
        visibility,
        teamId: visibility === "TEAM" ? team.id : null,
      });
    const { annotation: privateOne } = await make("PRIVATE", "first paragraph");
    const { annotation: publicOne } = await make("PUBLIC", "second paragraph");
    const { annotation: teamOne } = await make("TEAM", "third paragraph");
    const { annotation: hiddenOne } = await make("PUBLIC", "processing capacity");
    const { annotation: orphan } = await make("PUBLIC", "supply chains");
    const { annotation: deleted } = await make("PUBLIC", "Inner Mongolia");
    await db.annotation.update({ where: { id: hiddenOne.id }, data: { status: "HIDDEN" } });
    await db.annotation.update({ where: { id: orphan.id }, data: { anchorStatus: "ORPHANED" } });
    await db.annotation.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    const expectations: [SessionUser | null, string[]][] = [
      [author, [privateOne.id, publicOne.id, teamOne.id, hiddenOne.id, orphan.id]],
      [teammate, [publicOne.id, teamOne.id]],
      [stranger, [publicOne.id]],
      [null, [publicOne.id]],
    ];
    for (const [viewer, expected] of expectations) {
      const token = viewer ? await tokenFor(db, viewer, "READ") : undefined;
      const seen = await visibleIds(article.slug, token ? { token } : {});
      expect(seen).toEqual([...expected].sort());
      const margin = await listAnnotations(db, article.slug, viewer);
      expect(seen).toEqual(
        [...margin.annotations, ...margin.orphans].map((annotation) => annotation.id).sort(),
      );
      // One by one too: what is not listed is not found (404), whether private, hidden, deleted or someone's orphan.
      for (const id of [privateOne.id, teamOne.id, hiddenOne.id, orphan.id, deleted.id]) {
        const status = (await api.call("GET", `${containerUrl(article.slug)}${id}`, token ? { token } : {}))
          .status;
        expect(status, `${viewer?.handle ?? "anonymous"} → ${id}`).toBe(expected.includes(id) ? 200 : 404);
      }
    }
  });

  it("applies the app's rules to writes: a token of a reader suspended since cannot create (403), nothing stored", async () => {
    const article = await createArticle(db);
    const reader = await createUser(db);
    // The token was made while the account was in good standing; the suspension came later.
    const token = await tokenFor(db, reader);
    await db.user.update({
      where: { id: reader.id },
      data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() + 86_400_000) },
    });
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
    });
    expect(response.status).toBe(403);
    expect(await annotationCount(article.id)).toBe(0);
  });

  it("refuses a TEAM annotation for a team the writer is not in (422), and accepts one for their team", async () => {
    const article = await createArticle(db);
    const [writer, other] = await Promise.all([createUser(db), createUser(db)]);
    const [mine, theirs] = await Promise.all([createTeam(db, [writer]), createTeam(db, [other])]);
    const token = await tokenFor(db, writer);
    const document = (teamId: string) =>
      webAnnotation(article.slug, article.revision.plainText, "first paragraph", {
        "marginalia:visibility": "TEAM",
        "marginalia:team": teamId,
      });
    expect(
      (await api.call("POST", containerUrl(article.slug), { token, body: document(theirs.id) })).status,
    ).toBe(422);
    const ok = await api.call("POST", containerUrl(article.slug), { token, body: document(mine.id) });
    expect(ok.status).toBe(201);
    expect((await json(ok))["marginalia:team"]).toBe(mine.id);
  });
});

describe("tokens", () => {
  it("a read-scope token cannot write (403), and nothing is stored", async () => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db), "READ");
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain("insufficient_scope");
    expect(await annotationCount(article.id)).toBe(0);
  });

  it("a revoked, expired, unknown or malformed token gets 401, even for reads", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const revoked = await tokenFor(db, user, "READ");
    const revokedRow = await db.apiToken.findFirstOrThrow({
      where: { userId: user.id },
      select: { id: true },
    });
    await revokeApiToken(db, user, revokedRow.id);
    const expired = await tokenFor(db, user, "READ_WRITE");
    await db.apiToken.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const token of [revoked, expired, "mgn_not-a-real-token", "ghp_somethingelse"]) {
      const response = await api.call("GET", containerUrl(article.slug), { token });
      expect(response.status, token).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("invalid_token");
    }
    const malformed = await api.call("GET", containerUrl(article.slug), {
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(malformed.status).toBe(401);
    expect(
      (
        await api.call("POST", containerUrl(article.slug), {
          token: expired,
          body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
        })
      ).status,
    ).toBe(401);
    expect(await annotationCount(article.id)).toBe(0);
  });

  it("without a token, serves the anonymous view and refuses writes with 401", async () => {
    const article = await createArticle(db);
    const response = await api.call("POST", containerUrl(article.slug), {
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await annotationCount(article.id)).toBe(0);
  });

  it("records the last use at most once a minute", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const token = await tokenFor(db, user, "READ");
    const lastUsed = async () =>
      (await db.apiToken.findFirstOrThrow({ where: { userId: user.id }, select: { lastUsedAt: true } }))
        .lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await api.call("GET", containerUrl(article.slug), { token });
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await api.call("GET", containerUrl(article.slug), { token });
    expect(await lastUsed()).toEqual(first);
  });

  describe("logs", () => {
    let output: string[] = [];
    beforeEach(() => {
      output = [];
      for (const method of ["log", "info", "warn", "error", "debug"] as const) {
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          output.push(
            args
              .map((arg) =>
                arg instanceof Error
                  ? `${arg.message}\n${arg.stack}`
                  : typeof arg === "string"
                    ? arg
                    : JSON.stringify(arg),
              )
              .join(" "),
          );
        });
      }
      const write = process.stderr.write.bind(process.stderr);
      vi.spyOn(process.stderr, "write").mockImplementation(
        (chunk: string | Uint8Array, ...rest: unknown[]) => {
          output.push(String(chunk));
          return write(chunk, ...(rest as []));
        },
      );
    });
    afterEach(() => vi.restoreAllMocks());

    it("never contain the token, whatever fails", async () => {
      const article = await createArticle(db);
      const user = await createUser(db);
      const readOnly = await tokenFor(db, user, "READ");
      const writerToken = await tokenFor(db, user, "READ_WRITE");
      // An unhandled failure: a handler whose database is gone logs the error and answers 500.
      const broken = protocolClient(
        new Proxy(db, {
          get(target, property) {
            if (property === "annotation") throw new Error("database unavailable");
            return Reflect.get(target, property) as unknown;
          },
        }),
      );
      const responses = [
        await api.call("POST", containerUrl(article.slug), {
          token: readOnly,
          body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
        }),
        await api.call("POST", containerUrl(article.slug), { token: writerToken, body: "{not json" }),
        await api.call("GET", containerUrl(article.slug), { token: `${writerToken}x` }),
        await broken.call("GET", containerUrl(article.slug), { token: writerToken }),
      ];
      expect(responses.map((response) => response.status)).toEqual([403, 400, 401, 500]);
      expect(output.join("\n")).toContain("database unavailable");
      for (const token of [readOnly, writerToken]) {
        expect(output.join("\n")).not.toContain(token);
        expect(output.join("\n")).not.toContain(token.slice(12));
      }
      for (const response of responses) expect(await response.text()).not.toContain(writerToken.slice(12));
    });
  });
});

describe("cookie sessions and CORS", () => {
  it("answers a preflight from any origin with the methods and headers a tool needs", async () => {
    const article = await createArticle(db);
    const response = await api.call("OPTIONS", containerUrl(article.slug), {
      headers: {
        Origin: "https://tool.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://tool.example");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = response.headers.get("access-control-allow-headers")!.toLowerCase();
    for (const header of ["authorization", "content-type", "if-match", "prefer"])
      expect(allowed).toContain(header);
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("lets anyone read with `*`, echoes the origin for token requests, and exposes the protocol's headers", async () => {
    const article = await createArticle(db);
    const anonymous = await api.call("GET", containerUrl(article.slug), {
      headers: { Origin: "https://tool.example" },
    });
    expect(anonymous.headers.get("access-control-allow-origin")).toBe("*");
    const exposed = anonymous.headers.get("access-control-expose-headers")!.split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(["Allow", "Content-Location", "ETag", "Link", "Location", "Vary"]),
    );
    const token = await tokenFor(db, await createUser(db));
    const withToken = await api.call("POST", containerUrl(article.slug), {
      token,
      headers: { Origin: "https://tool.example" },
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
    });
    expect(withToken.status).toBe(201);
    expect(withToken.headers.get("access-control-allow-origin")).toBe("https://tool.example");
    expect(withToken.headers.get("vary")).toContain("Origin");
  });

  it("uses the cookie session on same-origin requests only: cross-origin reads are anonymous, cross-origin writes refused", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    await createAnnotation(db, user, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "first paragraph"),
    });
    const session = protocolClient(db, () => Promise.resolve(user));
    const cookie = { Cookie: "authjs.session-token=opaque" };
    const ids = async (headers: Record<string, string>) =>
      (await json(await session.call("GET", containerUrl(article.slug), { headers }))).total as number;

    expect(await ids({ ...cookie, Origin: BASE })).toBe(1);
    expect(await ids(cookie)).toBe(1);
    expect(await ids({ ...cookie, Origin: "https://evil.example" })).toBe(0);

    const document = webAnnotation(article.slug, article.revision.plainText, "second paragraph");
    const crossSite = await session.call("POST", containerUrl(article.slug), {
      headers: { ...cookie, Origin: "https://evil.example" },
      body: document,
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await session.call("POST", containerUrl(article.slug), {
      headers: cookie,
      body: document,
    });
    expect(noOrigin.status).toBe(403);
    expect(await annotationCount(article.id)).toBe(1);
    const sameSite = await session.call("POST", containerUrl(article.slug), {
      headers: { ...cookie, Origin: BASE },
      body: document,
    });
    expect(sameSite.status).toBe(201);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once the writer's limit for the minute is used up, storing nothing", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const token = await tokenFor(db, user);
    const now = new Date();
    const start = windowStart(ANNOTATION_API_WRITES_PER_USER, now);
    await db.rateLimitCounter.create({
      data: {
        key: `${ANNOTATION_API_WRITES_PER_USER.name}:${user.id}`,
        windowStart: start,
        count: ANNOTATION_API_WRITES_PER_USER.limit,
        expiresAt: new Date(start.getTime() + ANNOTATION_API_WRITES_PER_USER.windowMs),
      },
    });
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
    });
    // The window may have rolled over between the insert and the request; then the write is allowed.
    if (windowStart(ANNOTATION_API_WRITES_PER_USER, new Date()).getTime() !== start.getTime()) return;
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await annotationCount(article.id)).toBe(0);
  });
});

describe("bad input: a 4xx with a JSON message, nothing stored", () => {
  it.each([
    ["malformed JSON", "{ this is not json", 400],
    ["an empty body", "", 400],
    ["JSON that is not an annotation", { type: "Note", content: "hi" }, 422],
    [
      "an annotation without a target",
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        body: { type: "TextualBody", value: "x" },
      },
      422,
    ],
    ["a target on another site", "other-site", 422],
    ["a target on another article of this site", "other-article", 422],
    ["a revision that does not exist", "no-revision", 422],
    // A quote found elsewhere than its position is re-anchored by quote (Hypothesis counts the whole
    // page's text; see tests/integration/interop); one found nowhere, position or not, is refused.
    ["a quote neither at its position nor elsewhere in the text", "wrong-position", 422],
    ["a quote that is not in the article", "missing-quote", 422],
    ["a note over the length limit", "long-note", 422],
    ["a body over the size limit", "huge", 413],
    ["an unknown label", "unknown-label", 422],
    ["a canonical that is not an IRI", "bad-canonical", 422],
  ])("%s", async (_name, input, status) => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db));
    const text = article.revision.plainText;
    const base = webAnnotation(article.slug, text, "first paragraph");
    const documents: Record<string, unknown> = {
      "other-site": {
        ...base,
        target: { ...base.target, source: "https://elsewhere.example/articles/x/revisions/1" },
      },
      "other-article": {
        ...base,
        target: { ...base.target, source: `${BASE}/articles/some-other-article/revisions/1` },
      },
      "no-revision": {
        ...base,
        target: { ...base.target, source: `${BASE}/articles/${article.slug}/revisions/99` },
      },
      "wrong-position": {
        ...base,
        target: {
          source: base.target.source,
          selector: [
            { type: "TextQuoteSelector", exact: "first paragraph, misquoted" },
            { type: "TextPositionSelector", start: 0, end: 26 },
          ],
        },
      },
      "missing-quote": {
        ...base,
        target: {
          source: base.target.source,
          selector: { type: "TextQuoteSelector", exact: "words that are not there" },
        },
      },
      "long-note": { ...base, body: { type: "TextualBody", value: "x".repeat(10_001) } },
      huge: { ...base, body: { type: "TextualBody", value: "x".repeat(200_000) } },
      "unknown-label": { ...base, "marginalia:label": "shiny" },
      "bad-canonical": { ...base, canonical: "not an iri" },
    };
    const body = typeof input === "string" && input in documents ? documents[input] : input;
    const response = await api.call("POST", containerUrl(article.slug), { token, body });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/json");
    const error = (await json(response)).error as { message: string };
    expect(error.message.length).toBeGreaterThan(5);
    expect(await annotationCount(article.id)).toBe(0);
  });

  it("a POST to a missing article's container gets 404", async () => {
    const token = await tokenFor(db, await createUser(db));
    const article = await createArticle(db);
    const response = await api.call("POST", containerUrl("no-such-article-here"), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph"),
    });
    expect(response.status).toBe(404);
  });

  it("a body that is not JSON-LD or JSON gets 415", async () => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db));
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      headers: { "Content-Type": "text/plain" },
      body: "hello",
    });
    expect(response.status).toBe(415);
    expect(await annotationCount(article.id)).toBe(0);
  });
});
