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
  if (AUTH_PATHS.some((prefix) => parsed.pathname === prefix || parsed.pathname.startsWith(`${prefix}/`))) {
    return DEFAULT_CALLBACK_PATH;
  }
  return path;
}

function hasUnsafeCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || char === "\\") return true;
  }
  return false;
}
