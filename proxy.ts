// Runs before every page and route handler: sets the security headers (lib/auth/security-headers.ts).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, createNonce, STATIC_SECURITY_HEADERS } from "@/lib/auth/security-headers";
import { cachedPageScriptHashes } from "@/lib/auth/static-page-csp";

// Pages rendered once per revision and served from Next's cache: no nonce can reach them (see
// security-headers.ts). Every other page renders per request and gets a nonce.
const STATIC_PAGES = [/^\/$/, /^\/articles\/[^/]+\/?$/];
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
  // A cached static page is allowed exactly its own inline scripts (by hash). Anything rendered for this
  // request (dynamic pages, development, a static page not cached yet) gets a nonce instead.
  const isStatic = !development && STATIC_PAGES.some((pattern) => pattern.test(pathname));
  const scriptHashes = isStatic ? cachedPageScriptHashes(pathname) : null;
  const nonce = scriptHashes ? null : createNonce();
  const policy = contentSecurityPolicy({
    nonce,
    scriptHashes: scriptHashes ?? [],
    development,
    https,
    formActions: process.env.AUTH_GITHUB_ID ? ["https://github.com"] : [],
  });

  const requestHeaders = new Headers(request.headers);
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  if (nonce) requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything except build assets, which carry no HTML (headers on them would only cost bytes).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
