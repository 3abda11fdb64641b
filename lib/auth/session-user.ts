// The signed-in user as the app sees it on every request: re-read from the database each time the
// session is used, so a role change, suspension or ban applies on the user's next request.
import type { AccountStatus, Role } from "@/lib/generated/prisma/enums";

export type { AccountStatus, Role };

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  handle: string;
  image: string | null;
  role: Role;
  /** Effective status: a suspension whose end date has passed counts as ACTIVE. */
  status: AccountStatus;
  statusReason: string | null;
  /** ISO date-time; set only while a suspension is in force. Strings survive the JWT and the client. */
  suspendedUntil: string | null;
}

/** The columns a SessionUser is built from (one indexed read of the User row). */
export interface UserStanding {
  id: string;
  email: string;
  name: string;
  handle: string;
  image: string | null;
  role: Role;
  status: AccountStatus;
  statusReason: string | null;
  suspendedUntil: Date | null;
}

export const USER_STANDING_SELECT = {
  id: true,
  email: true,
  name: true,
  handle: true,
  image: true,
  role: true,
  status: true,
  statusReason: true,
  suspendedUntil: true,
} as const;

/** A suspension ends by itself at `suspendedUntil`; nobody has to lift it by hand. */
export function effectiveStatus(
  user: Pick<UserStanding, "status" | "suspendedUntil">,
  now: Date = new Date(),
): AccountStatus {
  if (
    user.status === "SUSPENDED" &&
    user.suspendedUntil !== null &&
    user.suspendedUntil.getTime() <= now.getTime()
  ) {
    return "ACTIVE";
  }
  return user.status;
}

export function toSessionUser(user: UserStanding, now: Date = new Date()): SessionUser {
  const status = effectiveStatus(user, now);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    handle: user.handle,
    image: user.image,
    role: user.role,
    status,
    statusReason: status === "ACTIVE" ? null : user.statusReason,
    suspendedUntil: status === "SUSPENDED" && user.suspendedUntil ? user.suspendedUntil.toISOString() : null,
  };
}
