// Sessions are JWTs in an HttpOnly cookie, each backed by a row in the Session table: the token carries
// the row's id ("sid") and the user's sessionVersion ("sv"). Every request re-reads the row with its user
// (one query on a unique index), so sign-out, "sign out of all devices", role changes and suspensions
// apply on the next request instead of at token expiry.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/prisma-factory";
import { SESSION_MAX_AGE_SECONDS } from "./session-store-constants";
import { toSessionUser, USER_STANDING_SELECT, type SessionUser } from "./session-user";

export { SESSION_MAX_AGE_SECONDS };

export interface SessionClaims {
  sid: string;
  sv: number;
}

/** Opens a session for a user who just proved who they are. */
export async function createSessionRecord(db: Db, userId: string, now = new Date()): Promise<SessionClaims> {
  const sid = randomBytes(32).toString("base64url");
  const { sessionVersion } = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  await db.session.create({
    data: { sessionToken: sid, userId, expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
  });
  // Sessions that ran out are removed by the next sign-in of the same user.
  await db.session.deleteMany({ where: { userId, expires: { lt: now } } });
  return { sid, sv: sessionVersion };
}

/** The user behind a session token, freshly read; null when the session was ended or revoked. */
export async function loadSessionUser(
  db: Db,
  claims: Partial<SessionClaims>,
  userId: string | undefined,
  now = new Date(),
): Promise<SessionUser | null> {
  if (!claims.sid || claims.sv === undefined || !userId) return null;
  const session = await db.session.findUnique({
    where: { sessionToken: claims.sid },
    select: {
      userId: true,
      expires: true,
      user: { select: { ...USER_STANDING_SELECT, sessionVersion: true } },
    },
  });
  if (!session || session.userId !== userId || session.expires.getTime() <= now.getTime()) return null;
  if (session.user.sessionVersion !== claims.sv) return null;
  return toSessionUser(session.user, now);
}

/** Ends one session (sign-out). */
export async function revokeSession(db: Db, sid: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: sid } });
}

/** Ends every session of a user, on every device, including tokens not yet seen by the server. */
export async function revokeAllSessions(db: Db, userId: string): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { userId } }),
    db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } }),
  ]);
}
