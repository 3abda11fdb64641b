import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce } from "@/lib/auth/security-headers";
import { inlineScriptHashes } from "@/lib/auth/static-page-csp";

const sha = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;

describe("contentSecurityPolicy", () => {
  it("never allows inline scripts by 'unsafe-inline'", () => {
    for (const nonce of [null, createNonce()]) {
      for (const development of [false, true]) {
        const policy = contentSecurityPolicy({ nonce, development, https: false });
        expect(policy).toMatch(/script-src [^;]*'self'/);
        expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        expect(policy).toContain("frame-ancestors 'none'");
        expect(policy).toContain("object-src 'none'");
      }
    }
  });

  it("puts the nonce and 'strict-dynamic' in script-src for dynamic pages", () => {
    expect(contentSecurityPolicy({ nonce: "abc", development: false, https: false })).toContain(
      "script-src 'self' 'nonce-abc' 'strict-dynamic'",
    );
  });

  it("lists the hashes of a cached page's inline scripts, and eval only in development", () => {
    const policy = contentSecurityPolicy({
      nonce: null,
      scriptHashes: ["sha256-x"],
      development: false,
      https: true,
    });
    expect(policy).toContain("script-src 'self' 'sha256-x'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "n", development: true, https: false })).toContain("'unsafe-eval'");
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    expect(createNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("inlineScriptHashes", () => {
  it("hashes executable inline scripts only", () => {
    const html = [
      "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
      '<script id="_R_">globalThis.x=1</script>',
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script type="application/ld+json">{"@type":"Article"}</script>',
      '<script nonce="abc">self.__next_f.push([1,"\\u003cp\\u003e"])</script>',
    ].join("");
    expect(inlineScriptHashes(html)).toEqual([
      sha("(self.__next_f=self.__next_f||[]).push([0])"),
      sha("globalThis.x=1"),
      sha('self.__next_f.push([1,"\\u003cp\\u003e"])'),
    ]);
  });
});
