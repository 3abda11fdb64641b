// After sign-in or sign-up the reader goes back where they were, but only ever to a page of this site.
// Anything else (another origin, protocol-relative "//evil", backslash tricks, javascript:) becomes "/".

export const DEFAULT_CALLBACK_PATH = "/";
const MAX_CALLBACK_LENGTH = 2048;
// Paths that would send the reader straight back into the auth flow.
const AUTH_PATHS = ["/signin", "/signup", "/api/auth"];

/**
 * A same-origin relative path ("/articles/x?y#z") for `value`, or "/" when it is missing or not safe.
 * An absolute URL is accepted only when its origin equals `origin`, and is reduced to its path.
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  if (typeof value !== "string") return DEFAULT_CALLBACK_PATH;
  const raw = value.trim();
  if (raw === "" || raw.length > MAX_CALLBACK_LENGTH) return DEFAULT_CALLBACK_PATH;
  // Control characters and backslashes are how "/\\evil.example" and friends get parsed as hosts.
  if (hasUnsafeCharacter(raw)) return DEFAULT_CALLBACK_PATH;

  const base = "http://callback.invalid";
  let parsed: URL;
  try {
    parsed = new URL(raw, base);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  const isRelative = raw.startsWith("/") && !raw.startsWith("//");
  const sameOrigin = isRelative
    ? parsed.origin === base
    : origin !== undefined && parsed.origin === new URL(origin).origin;
  if (!sameOrigin) return DEFAULT_CALLBACK_PATH;

  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // The check that matters is on what we hand back, after the parser has resolved "." and ".." segments
  // and percent-encoded dots: "/.//evil", "/a/..//evil" and "/%2e//evil" all normalise to "//evil", which
  // a browser reads as another host.
  if (!isPlainLocalPath(parsed.pathname)) return DEFAULT_CALLBACK_PATH;
  if (AUTH_PATHS.some((prefix) => parsed.pathname === prefix || parsed.pathname.startsWith(`${prefix}/`))) {
    return DEFAULT_CALLBACK_PATH;
  }
  return path;
}

// A path that starts with exactly one "/" and cannot turn into a host once a browser or proxy decodes it:
// no "//" or "/\\" at the start, and no encoded slash, backslash or dot (a decoding hop could make any of
// them a separator again).
const ENCODED_SEPARATOR = /%(2f|5c|2e)/i;
function isPlainLocalPath(pathname: string): boolean {
  if (!pathname.startsWith("/")) return false;
  if (pathname.startsWith("//") || pathname.startsWith("/\\")) return false;
  if (ENCODED_SEPARATOR.test(pathname)) return false;
  return !hasUnsafeCharacter(pathname);
}

function hasUnsafeCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || char === "\\") return true;
  }
  return false;
}
