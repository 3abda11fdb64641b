// The checks the app's own HTTP server (scripts/server.ts) makes on every request before Next.js sees
// it, because only there do they cost nothing:
//   - a declared Content-Length over the route's limit is answered 413 before one byte of the body is
//     read (Next buffers a body for the proxy and for server actions before any route code runs, issue 20);
//   - a NUL in the path or query (raw or %00) is a 400: it can name nothing here, and PostgreSQL refuses it
//     in text, so it used to reach a query and answer 500 (issue 20);
//   - a server-action POST (the Next-Action header) must carry an Origin naming the host it was sent to:
//     Next only compares the two when Origin is present, and accepted posts without one (issue 20);
//   - X-Forwarded-For is replaced by the one client address the server believes, so per-IP limits cannot
//     be dodged by sending a new header per request (a header is only trusted from TRUSTED_PROXIES).
// Plain node:http types, no Next: tested against a real server in tests/unit/http/front-gate.test.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";

/** The annotation import, the one route that takes a large body (its handler's MAX_IMPORT_BYTES). */
export const MAX_IMPORT_BODY_BYTES = 10_000_000;
/**
 * Every other request: the largest JSON route body (MAX_JSON_BODY_BYTES) and server-action form
 * (`serverActions.bodySizeLimit`, 1 MB = 1,048,576 bytes) both fit under it.
 */
export const MAX_REQUEST_BODY_BYTES = 1_048_576;
const NUL_IN_URL = /%00|\u0000/i;
const IMPORT_PATH = /^\/api\/articles\/[^/]+\/annotations\/import$/;

/** How long a client may take to send its headers, and its whole request (body included). */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node looks for requests over those timeouts: a stalled body is cut off within 30–35 s. */
export const TIMEOUT_CHECK_INTERVAL_MS = 5_000;

export function bodyLimitFor(pathname: string): number {
  return IMPORT_PATH.test(pathname) ? MAX_IMPORT_BODY_BYTES : MAX_REQUEST_BODY_BYTES;
}

/** TRUSTED_PROXIES: comma-separated addresses of reverse proxies whose X-Forwarded-For is believed. */
export function parseTrustedProxies(value: string | undefined): Set<string> {
  const addresses = (value ?? "")
    .split(",")
    .map((part) => normaliseAddress(part.trim()))
    .filter((part) => part !== "");
  for (const address of addresses) {
    if (isIP(address) === 0) throw new Error(`TRUSTED_PROXIES: "${address}" is not an IP address`);
  }
  return new Set(addresses);
}

// "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is the same client as "127.0.0.1".
function normaliseAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the rightmost
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are the client's word).
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: ReadonlySet<string>,
): string {
  let address = normaliseAddress(socketAddress ?? "unknown");
  if (!trustedProxies.has(address) || !forwardedFor) return address;
  const hops = forwardedFor
    .split(",")
    .map((part) => normaliseAddress(part.trim()))
    .filter((part) => part !== "");
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!trustedProxies.has(hop)) return hop;
  }
  return address;
}

/**
 * Applies the checks; true when the request has been answered here (the caller must not pass it on).
 * Otherwise the request's headers now carry the resolved client address in X-Forwarded-For.
 */
export function frontGate(
  request: IncomingMessage,
  response: ServerResponse,
  trustedProxies: ReadonlySet<string>,
): boolean {
  const forwarded = request.headers["x-forwarded-for"];
  const client = resolveClientAddress(
    request.socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    trustedProxies,
  );
  request.headers["x-forwarded-for"] = client;
  // lib/rate-limit/client-ip.ts falls back to X-Real-IP; only the address resolved here counts.
  delete request.headers["x-real-ip"];

  if (NUL_IN_URL.test(request.url ?? "")) {
    refuse(response, 400, "bad_request", "The address cannot contain a NUL character (%00).");
    return true;
  }

  if (request.method === "POST" && request.headers["next-action"] !== undefined) {
    const fromProxy = trustedProxies.has(normaliseAddress(request.socket.remoteAddress ?? ""));
    if (
      !sameHostOrigin(
        request.headers.origin,
        fromProxy ? firstHeader(request.headers["x-forwarded-host"]) : undefined,
        request.headers.host,
      )
    ) {
      refuse(response, 403, "forbidden", "This form was not sent from this site.");
      return true;
    }
  }

  const pathname = (request.url ?? "/").split("?")[0] ?? "/";
  const declared = request.headers["content-length"];
  if (declared !== undefined) {
    const length = Number(declared);
    const limit = bodyLimitFor(pathname);
    if (!Number.isSafeInteger(length) || length < 0 || length > limit) {
      refuse(
        response,
        413,
        "payload_too_large",
        `The request body is larger than ${limit.toLocaleString("en")} bytes.`,
      );
      return true;
    }
  }
  return false;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value?.split(",")[0]?.trim();
}

/** Origin is present and names the host the request was addressed to (the proxy's when it forwarded it). */
function sameHostOrigin(
  origin: string | undefined,
  forwardedHost: string | undefined,
  host: string | undefined,
): boolean {
  if (!origin) return false;
  const expected = forwardedHost ?? host;
  if (!expected) return false;
  try {
    return new URL(origin).host === expected.toLowerCase();
  } catch {
    return false;
  }
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  // The same shape as the route handlers' errors (lib/api/handler.ts).
  const body = JSON.stringify({ error: { code, message } });
  // The body is never read: close the connection after answering, or Node would try to drain it.
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  response.end(body, () => response.socket?.destroySoon());
}
