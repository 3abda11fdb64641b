// CSRF protection for route handlers that change something: a browser always sends Origin on a
// cross-site POST, so a mutation whose Origin is not this site's is refused. (Server actions have
// Next.js's own origin check; Auth.js's routes have its CSRF token.)

/** True when the request's Origin (or, failing that, Referer) is the origin the request was sent to. */
export function isSameOrigin(request: Request): boolean {
  const target = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? target.host;
  const proto = request.headers.get("x-forwarded-proto") ?? target.protocol.replace(/:$/, "");
  const expected = `${proto}://${host}`;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === expected;
  const referer = request.headers.get("referer");
  if (referer === null) return false;
  try {
    return new URL(referer).origin === expected;
  } catch {
    return false;
  }
}
