// The CSP of cached pages (home, articles), made once per cached copy by the page cache handler and sent
// by Next.js as a cached header: it must allow exactly the copy's own inline scripts, never all of them.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import PageCacheHandler from "@/lib/auth/page-cache-handler.js";
import { cachedPagePolicy } from "@/lib/auth/static-page-csp";

const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const page = (script: string) =>
  `<!DOCTYPE html><html><body><p>Text</p><script>${script}</script><script src="/_next/static/a.js"></script></body></html>`;

describe("cachedPagePolicy", () => {
  it("allows the page's own inline scripts by hash, with no nonce and no 'unsafe-inline'", () => {
    const policy = cachedPagePolicy(page('self.__next_f.push([1,"a"])'), {});
    expect(policy).toContain(`script-src 'self' ${sha('self.__next_f.push([1,"a"])')}`);
    expect(policy).not.toMatch(/script-src[^;]*('unsafe-inline'|'nonce-|'strict-dynamic'|'unsafe-eval')/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("takes HTTPS from SITE_URL and GitHub's form action from AUTH_GITHUB_ID", () => {
    const policy = cachedPagePolicy(page("x()"), {
      SITE_URL: "https://marginalia.example",
      AUTH_GITHUB_ID: "id",
    });
    expect(policy).toContain("upgrade-insecure-requests");
    expect(policy).toContain("form-action 'self' https://github.com");
  });
});

/** The part of Next's cache handler interface these tests use. */
interface PageCache {
  get(key: string, ctx: object): Promise<{ value?: { headers?: Record<string, unknown> } } | null>;
  set(key: string, data: object, ctx: object): Promise<void>;
}

describe("PageCacheHandler", () => {
  // Next's file-system cache kept in memory only (no flush to disk), as Next constructs it.
  const handler = (): PageCache =>
    new PageCacheHandler({
      fs: undefined,
      dev: false,
      flushToDisk: false,
      serverDistDir: "/nonexistent",
      revalidatedTags: [],
      maxMemoryCacheSize: 10 * 1024 * 1024,
      _requestHeaders: {},
    });

  it("stores a rendered page with the policy of its own HTML, keeping its other headers", async () => {
    const cache = handler();
    const value: { kind: string; html: string; status: number; headers: Record<string, string> } = {
      kind: "APP_PAGE",
      html: page("first()"),
      status: 200,
      headers: { "x-next-cache-tags": "a,b" },
    };
    await cache.set("/articles/one", value, { cacheControl: { revalidate: 60, expire: undefined } });
    // The first response is made from this same value: it must carry the policy already.
    expect(value.headers["content-security-policy"]).toContain(sha("first()"));
    expect(value.headers["x-next-cache-tags"]).toBe("a,b");
    const hit = await cache.get("/articles/one", {
      kind: "APP_PAGE",
      isRoutePPREnabled: false,
      isFallback: false,
    });
    expect(hit?.value?.headers?.["content-security-policy"]).toContain(sha("first()"));
  });

  it("replaces the policy when a new revision's page is stored, so the old hashes are gone", async () => {
    const cache = handler();
    await cache.set(
      "/articles/two",
      { kind: "APP_PAGE", html: page("old()"), status: 200, headers: {} },
      { cacheControl: { revalidate: 60 } },
    );
    await cache.set(
      "/articles/two",
      { kind: "APP_PAGE", html: page("new()"), status: 200, headers: {} },
      { cacheControl: { revalidate: 60 } },
    );
    const hit = await cache.get("/articles/two", {
      kind: "APP_PAGE",
      isRoutePPREnabled: false,
      isFallback: false,
    });
    const policy = String(hit?.value?.headers?.["content-security-policy"]);
    expect(policy).toContain(sha("new()"));
    expect(policy).not.toContain(sha("old()"));
  });

  it("leaves entries that are not pages alone", async () => {
    const cache = handler();
    const value = { kind: "APP_ROUTE", body: Buffer.from("{}"), status: 200, headers: {} };
    await cache.set("/api/thing", value, { cacheControl: { revalidate: 60 } });
    expect(value.headers).toEqual({});
  });
});
