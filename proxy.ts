// Runs before pages and route handlers rendered per request: sets the security headers
// (lib/auth/security-headers.ts), with a fresh nonce for the page's scripts.
//
// Not for the cached pages (home, articles; see the matcher): Next serves those from its page cache with
// the fixed headers from next.config.js and a CSP made once per cached copy (lib/auth/page-cache-handler.js).
// Running the proxy for them cost more than serving the page itself (docs/benchmarks.md, issue 2).
// The matcher cannot depend on the environment, so under `next dev` (no page cache) those two pages are
// served without a CSP; production, which the e2e tests run, always has one.
import { NextResponse, type NextRequest } from "next/server";
import {
  contentSecurityPolicy,
  createNonce,
  formActionOrigins,
  STATIC_SECURITY_HEADERS,
} from "@/lib/auth/security-headers";

// W3C annotation containers: the one kind of URL that ends in "/" (see next.config.js).
const ANNOTATION_CONTAINER = /^\/api\/annotations\/[^/]+\/$/;

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/") && !ANNOTATION_CONTAINER.test(pathname)) {
    // A plain URL: NextURL would put the trailing slash back when formatting.
    const url = new URL(request.url);
    url.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(url, 308);
  }
  const development = process.env.NODE_ENV === "development";
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const nonce = createNonce();
  const policy = contentSecurityPolicy({
    nonce,
    development,
    https,
    formActions: formActionOrigins(process.env),
  });

  const requestHeaders = new Headers(request.headers);
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything except build assets, which carry no HTML (headers on them would only cost bytes), and
    // the cached pages: "/" (the pattern needs at least one character after the slash) and
    // /articles/<slug> exactly (its sub-pages, such as /edit, and "/articles/<slug>/" still match).
    "/((?!_next/static|_next/image|favicon.ico|articles/[^/]+$).+)",
  ],
};
