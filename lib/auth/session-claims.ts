// The sid/sessionVersion pair inside a request's session cookie, for code that must notice later that this
// very session ended (the live stream: a stream opened before sign-out closes when its session goes).
// The claims stay on the server: they are never put in the session object the browser can read.
import "server-only";
import { getToken } from "next-auth/jwt";
import type { SessionClaims } from "./session-store";

const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

export async function sessionClaimsFromRequest(request: Request): Promise<SessionClaims | null> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  // Auth.js names (and salts) the cookie by whether the site was reached over HTTPS.
  const secureCookie = (request.headers.get("cookie") ?? "").includes(`${SECURE_SESSION_COOKIE}=`);
  const token = await getToken({ req: request, secret, secureCookie });
  if (!token || typeof token.sid !== "string" || typeof token.sv !== "number") return null;
  return { sid: token.sid, sv: token.sv };
}
