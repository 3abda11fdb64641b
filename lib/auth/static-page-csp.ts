// Script hashes for the statically cached pages (home, articles).
//
// Those pages are rendered once per revision, without a request, so they cannot carry a per-request
// nonce; yet React needs the inline scripts Next.js writes into them (the Flight data
// `self.__next_f.push(…)` and the Turbopack bootstrap) to hydrate. Instead of 'unsafe-inline', the policy
// lists the sha256 of each inline script of the HTML that Next.js will serve: the copy in its own page
// cache (the build's prerender, or the latest regeneration). They are read from disk when that file
// changes, and kept in memory otherwise (one stat per request).
//
// This relies on where `next start`'s file-system cache keeps pages (verified on Next.js 16.4; the e2e
// test "static pages hydrate with no CSP violation" fails if a Next.js upgrade moves them). When no cached
// copy exists yet, the page is about to be rendered for this very request, so the caller falls back to a
// nonce, which Next.js applies to that render.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const LISTING_TTL_MS = 5_000;
const INLINE_SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;
const NON_JS_TYPE = /\btype\s*=\s*["']?(application\/(ld\+)?json|text\/plain|importmap)/i;

/** 'sha256-…' of every inline script the browser would execute (JSON data blocks are not executed). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
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

interface CachedHashes {
  file: string;
  mtimeMs: number;
  size: number;
  hashes: string[];
}

const byFile = new Map<string, CachedHashes>();
let listing: { at: number; dirs: string[] } | undefined;

function distDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), process.env.NEXT_DIST_DIR ?? ".next");
}

function routeCacheDirs(now: number, fresh: boolean): string[] {
  if (!fresh && listing && now - listing.at < LISTING_TTL_MS) return listing.dirs;
  const root = path.join(distDir(), "server", "route-cache", "APP_PAGE");
  let dirs: string[] = [];
  try {
    dirs = readdirSync(/*turbopackIgnore: true*/ root).map((name) => path.join(root, name, "$"));
  } catch {
    // No regenerated page yet.
  }
  listing = { at: now, dirs };
  return dirs;
}

/** The newest cached HTML of a page (a regeneration is newer than the build's prerender, and wins). */
function newestCopy(
  relative: string,
  dirs: string[],
): { file: string; mtimeMs: number; size: number } | undefined {
  const candidates = [
    path.join(distDir(), "server", "app", `${relative}.html`),
    ...dirs.map((dir) => path.join(dir, `${relative}.html`)),
  ];
  let newest: { file: string; mtimeMs: number; size: number } | undefined;
  for (const file of candidates) {
    try {
      const stats = statSync(/*turbopackIgnore: true*/ file);
      if (!newest || stats.mtimeMs > newest.mtimeMs)
        newest = { file, mtimeMs: stats.mtimeMs, size: stats.size };
    } catch {
      // Not cached there.
    }
  }
  return newest;
}

/** The hashes for the cached HTML of `pathname`, or null when Next.js has no cached copy of it. */
export function cachedPageScriptHashes(pathname: string, now = Date.now()): string[] | null {
  let relative: string;
  try {
    relative = pathname === "/" ? "index" : decodeURIComponent(pathname).replace(/^\/+|\/+$/g, "");
  } catch {
    return null; // Malformed escapes: no such page in the cache.
  }
  if (relative.split("/").some((part) => part === ".." || part === ".")) return null;
  // A page cached since the folder was last listed is in a folder the listing may not know yet: look again.
  const newest =
    newestCopy(relative, routeCacheDirs(now, false)) ?? newestCopy(relative, routeCacheDirs(now, true));
  if (!newest) return null;
  const known = byFile.get(pathname);
  if (known && known.file === newest.file && known.mtimeMs === newest.mtimeMs && known.size === newest.size) {
    return known.hashes;
  }
  const hashes = inlineScriptHashes(readFileSync(/*turbopackIgnore: true*/ newest.file, "utf8"));
  byFile.set(pathname, { ...newest, hashes });
  return hashes;
}
