// Who is calling the annotation API. A bearer token wins; otherwise the browser session (cookie) of a
// same-origin request; otherwise nobody (the anonymous view).
//
// Cookies are never honoured cross-origin: a cross-origin read with cookies is answered as anonymous
// (its response carries `Access-Control-Allow-Origin: *`, so it must hold nothing private), and a
// cross-origin write with cookies is refused (CSRF), as in lib/api/handler.ts. A token, by contrast, is
// sent deliberately by the caller, so cross-origin token requests are legitimate.
import { ApiError } from "../api/errors";
import { verifyApiToken } from "../api-tokens/tokens";
import type { TokenScopeName } from "../api-tokens/schemas";
import { isSameOrigin } from "../auth/origin";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";

export type Caller =
  | { kind: "anonymous"; user: null }
  | { kind: "session"; user: SessionUser }
  | { kind: "token"; user: SessionUser; scope: TokenScopeName; tokenPrefix: string };

/** Reads the signed-in user of the request's session; in the app, lib/auth/permissions.ts currentUser. */
export type SessionReader = () => Promise<SessionUser | null>;

const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

export async function resolveCaller(request: Request, db: Db, readSession: SessionReader): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = BEARER.exec(authorization);
    if (!match) {
      throw new ApiError("unauthenticated", "Send the token as `Authorization: Bearer <token>`.", undefined, {
        "WWW-Authenticate": 'Bearer error="invalid_request"',
      });
    }
    const verified = await verifyApiToken(db, match[1]!);
    return { kind: "token", user: verified.user, scope: verified.scope, tokenPrefix: verified.prefix };
  }
  if (!request.headers.has("cookie")) return { kind: "anonymous", user: null };
  const sameOrigin = isSameOrigin(request);
  if (MUTATING_METHODS.has(request.method) && !sameOrigin) {
    throw new ApiError(
      "forbidden",
      "Cross-site requests with cookies are not allowed; send an API token instead.",
    );
  }
  // A read with no Origin header is not a cross-origin browser request (browsers send Origin on CORS).
  if (request.headers.has("origin") && !sameOrigin) return { kind: "anonymous", user: null };
  const user = await readSession();
  return user ? { kind: "session", user } : { kind: "anonymous", user: null };
}

/** The user allowed to write through the API, or the reason not: 401 without credentials, 403 for a read-only token. */
export function writer(caller: Caller): SessionUser {
  if (caller.kind === "anonymous") {
    throw new ApiError(
      "unauthenticated",
      "Writing needs an API token: send `Authorization: Bearer <token>`.",
      undefined,
      {
        "WWW-Authenticate": 'Bearer realm="annotations"',
      },
    );
  }
  if (caller.kind === "token" && caller.scope !== "READ_WRITE") {
    throw new ApiError(
      "forbidden",
      "This token can only read. Create a read and write token at /account/tokens.",
      undefined,
      {
        "WWW-Authenticate": 'Bearer error="insufficient_scope"',
      },
    );
  }
  return caller.user;
}
