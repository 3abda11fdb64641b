// Runs the app's handlers and pages in the test process. Auth.js's cookie decoding is the one piece
// replaced: auth() (from auth.ts) returns what the real session callback would, the user loaded by
// lib/auth/session-store.ts from a real Session row, so suspensions, bans and ended sessions apply exactly
// as in production. Each test file mocks "@/auth" and "next/headers" with the factories below:
//   vi.mock("@/auth", async () => (await import("./in-process")).authModule());
//   vi.mock("next/headers", async () => (await import("./in-process")).headersModule());
import { loadSessionUser } from "@/lib/auth/session-store";
import { testDb } from "../../helpers/db";
import type { Identity } from "./world";

/** Who is calling right now (one call at a time: the matrix runs its cells one after another). */
export const current: { identity: Identity | null; headers: Headers } = {
  identity: null,
  headers: new Headers(),
};

export function actAs(identity: Identity | null, headers = new Headers()) {
  current.identity = identity;
  current.headers = headers;
}

export function authModule() {
  return {
    auth: async () => {
      const identity = current.identity;
      if (!identity?.claims || !identity.user) return null;
      const user = await loadSessionUser(testDb(), identity.claims, identity.user.id);
      return user ? { user, expires: new Date(Date.now() + 3_600_000).toISOString() } : null;
    },
    handlers: {
      GET: () => new Response(null, { status: 501 }),
      POST: () => new Response(null, { status: 501 }),
    },
    signIn: () => Promise.reject(new Error("signIn is not available in-process")),
    signOut: () => Promise.reject(new Error("signOut is not available in-process")),
    enabledProviders: { github: false, emailLinks: false },
  };
}

// No cookies in-process: the session is what auth() above returns.
export function headersModule() {
  return {
    cookies: () =>
      Promise.resolve({
        getAll: () => [],
        get: () => undefined,
        has: () => false,
        set: () => undefined,
        delete: () => undefined,
      }),
    headers: () => Promise.resolve(current.headers),
  };
}
