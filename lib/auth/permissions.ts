// The one authorisation module of the server. Pages, server actions and route handlers ask here who is
// signed in and what they may do; the rules themselves live in ./can.ts (pure, unit-tested).
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { databaseUnavailableError } from "@/lib/api/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { can, hasRole, type Action, type Resource } from "./can";
import type { SessionUser } from "./session-user";

export { ACTIONS, can, hasRole, type Action, type Actor, type Resource } from "./can";
export type { SessionUser } from "./session-user";

export class AuthorizationError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message);
    this.name = "AuthorizationError";
  }
}

/** The signed-in user, freshly read from the database, or null. Once per request (React cache). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  // The session could not be checked (auth.ts): 503 + Retry-After for the caller, not "signed out".
  if (session?.databaseUnavailable) throw databaseUnavailableError();
  return session?.user ?? null;
});

function signInPath(callbackPath: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(callbackPath)}`;
}

/** For pages and server actions: the signed-in user, or a redirect to sign-in that comes back here. */
export async function requireUser(callbackPath = "/"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(signInPath(callbackPath));
  return user;
}

/** The signed-in, active user with at least `role`; AuthorizationError (403) otherwise. */
export async function requireRole(role: Role, callbackPath = "/"): Promise<SessionUser> {
  const user = await requireUser(callbackPath);
  if (!hasRole(user.role, role) || user.status !== "ACTIVE") {
    throw new AuthorizationError("You do not have access to this page.", 403);
  }
  return user;
}

/** For server actions and route handlers: the user allowed to do `action`, or AuthorizationError. */
export async function authorize(action: Action, resource?: Resource): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AuthorizationError("Sign in to do this.", 401);
  if (!can(user, action, resource)) {
    throw new AuthorizationError(
      user.status === "ACTIVE"
        ? "You are not allowed to do this."
        : "Your account is suspended or banned, so you cannot do this.",
      403,
    );
  }
  return user;
}
