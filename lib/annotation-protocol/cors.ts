// CORS for the annotation API, so a browser tool on another origin can read public annotations and,
// with a token, write. Credentials (cookies) are never allowed cross-origin: Access-Control-Allow-Credentials
// is not sent, and lib/annotation-protocol/caller.ts ignores cookies on cross-origin requests.
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from "./constants";

/**
 * Headers for every response. Anonymous requests get `*`. A request that carries a token gets its own
 * origin echoed, so the answer, which may hold that user's private annotations, is readable only by the
 * page that sent the token.
 */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  const withToken = request.headers.has("authorization");
  return {
    "Access-Control-Allow-Origin": withToken && origin ? origin : "*",
    "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS.join(", "),
  };
}

/** True for a CORS preflight (an OPTIONS request announcing the method it wants to send). */
export function isPreflight(request: Request): boolean {
  return request.method === "OPTIONS" && request.headers.has("access-control-request-method");
}

/** The preflight answer: every origin may send these methods and headers (authorisation is per request). */
export function preflightHeaders(request: Request, methods: readonly string[]): Record<string, string> {
  return {
    // A preflight carries no credentials, so the origin is echoed whether or not a token will follow.
    "Access-Control-Allow-Origin": request.headers.get("origin") ?? "*",
    "Access-Control-Allow-Methods": methods.join(", "),
    "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS.join(", "),
    "Access-Control-Max-Age": String(CORS_MAX_AGE_SECONDS),
  };
}
