// Next.js's page cache (`cacheHandler` in next.config.js): its own file-system cache, plus the
// Content-Security-Policy of each cached page stored as one of the page's cached headers.
//
// Why: a cached page (home, articles; ISR) cannot carry a per-request nonce, so its policy lists the
// hashes of its own inline scripts (static-page-csp.js). Computing that policy in proxy.ts meant running
// the proxy on every hit and looking for the cached file on disk to hash, which cost more than serving
// the page. Here it is computed once per cached copy — when a render is stored (a new revision after
// publishing, a regeneration) or when a stored copy is first loaded (the build's prerender, after a
// restart) — and Next.js sends cached headers with every hit. proxy.ts's matcher then skips those pages.
//
// Relies on Next.js 16's cache entry shape ({ kind: "APP_PAGE", html: string, headers }) and on its
// sending `headers` of a cached entry with the response; the e2e test "static and dynamic pages hydrate
// with no CSP violation" fails if an upgrade changes either.
import FileSystemCacheModule from "next/dist/server/lib/incremental-cache/file-system-cache.js";
import { cachedPagePolicy } from "./static-page-csp.js";

const FileSystemCache = FileSystemCacheModule.default ?? FileSystemCacheModule;
const POLICY_HEADER = "content-security-policy";
const APP_PAGE = "APP_PAGE";

// Cache entries whose policy is already set: the in-memory cache hands out the same value object on
// every hit, so each copy is hashed once. Whatever policy a stored copy carries from disk is replaced
// (it may come from another environment, e.g. before SITE_URL changed).
const withPolicy = new WeakSet();

/** @param {any} value a cache entry's value */
function attachPolicy(value) {
  if (!value || value.kind !== APP_PAGE || typeof value.html !== "string" || withPolicy.has(value)) return;
  value.headers = { ...value.headers, [POLICY_HEADER]: cachedPagePolicy(value.html) };
  withPolicy.add(value);
}

export default class PageCacheHandler extends FileSystemCache {
  /** @param {object} context what Next.js passes to every cache handler (fs, serverDistDir, …) */
  constructor(context) {
    super(context);
  }

  /** @param {Parameters<FileSystemCache["get"]>} args */
  async get(...args) {
    const entry = await super.get(...args);
    attachPolicy(entry?.value);
    return entry;
  }

  /** @param {Parameters<FileSystemCache["set"]>} args */
  async set(...args) {
    // Before the entry is stored: the first response for a new render is made from this same value.
    attachPolicy(args[1]);
    return super.set(...args);
  }
}
