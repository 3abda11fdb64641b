// Calls the app's real route handlers (app/api/**/route.ts) with Request objects on the test database, as
// a signed-in user. The session is the one thing replaced: each test file mocks "@/auth" so that auth()
// returns `session.user` (see sessionMock), because Auth.js reads cookies from a Next request scope that
// does not exist here. Everything after it (authorisation, limits, validation, SQL) is the real code.
import type { SessionUser } from "@/lib/auth/session-user";

export const BASE = "http://localhost:3000";

export interface SessionHolder {
  user: SessionUser | null;
}

type RouteContext = { params: Promise<Record<string, string>> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

export interface CallOptions {
  params?: Record<string, string>;
  /** An object is sent as JSON, a string or bytes as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request to a route handler, same-origin (as the browser's fetch from our pages sends it). */
export function callRoute(
  handler: RouteHandler,
  method: string,
  path: string,
  { params = {}, body, headers = {} }: CallOptions = {},
) {
  const all = new Headers({ Origin: BASE, ...headers });
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    payload =
      typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
    if (!all.has("content-type")) all.set("Content-Type", "application/json");
  }
  const request = new Request(new URL(path, BASE), { method, headers: all, body: payload });
  return handler(request, { params: Promise.resolve(params) });
}

/** A body of exactly `bytes` bytes that is valid JSON ({"body":"xxx…"}). */
export function jsonOfSize(bytes: number, field = "body"): string {
  const shell = JSON.stringify({ [field]: "" });
  return JSON.stringify({ [field]: "x".repeat(bytes - shell.length) });
}

export { INVALID_UTF8_BODIES as INVALID_UTF8_FIELDS } from "../../fixtures/hostile-corpus";
