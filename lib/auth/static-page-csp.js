// The Content-Security-Policy of a cached page (home, articles): rendered once per revision, without a
// request, such a page cannot carry a per-request nonce; yet React needs the inline scripts Next.js writes
// into it (the Flight data `self.__next_f.push(…)` and the bootstrap) to hydrate. Instead of
// 'unsafe-inline', its policy lists the sha256 of each inline script of that very HTML.
//
// The policy is computed once per cached copy, by the page cache handler (page-cache-handler.js) when
// Next.js stores or loads the copy, and served with it as a cached header: a cache hit costs no proxy,
// no file-system look-up and no hashing. Plain JavaScript because Next.js loads the cache handler with
// Node, without a TypeScript step.
import { createHash } from "node:crypto";
import { contentSecurityPolicy, formActionOrigins } from "./content-security-policy.js";

const INLINE_SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;
const NON_JS_TYPE = /\btype\s*=\s*["']?(application\/(ld\+)?json|text\/plain|importmap)/i;

/**
 * 'sha256-…' of every inline script the browser would execute (JSON data blocks are not executed).
 * @param {string} html
 * @returns {string[]}
 */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const attributes = match[1] ?? "";
    if (/\bsrc\s*=/i.test(attributes) || NON_JS_TYPE.test(attributes)) continue;
    hashes.add(
      `sha256-${createHash("sha256")
        .update(match[2] ?? "", "utf8")
        .digest("base64")}`,
    );
  }
  return [...hashes];
}

/**
 * The policy served with a cached page's HTML. No request is at hand when a page is cached, so whether
 * the site is served over HTTPS comes from SITE_URL, its public address.
 * @param {string} html
 * @param {Record<string, string | undefined>} [env]
 * @returns {string}
 */
export function cachedPagePolicy(html, env = process.env) {
  return contentSecurityPolicy({
    nonce: null,
    scriptHashes: inlineScriptHashes(html),
    development: false,
    https: (env.SITE_URL ?? "").trim().toLowerCase().startsWith("https:"),
    formActions: formActionOrigins(env),
  });
}
