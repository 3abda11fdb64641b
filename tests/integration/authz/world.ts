// The people and things the authorisation matrix is run against: one user per caller kind, a team, an
// article, and (per cell, when the call changes something) a fresh team annotation and comment by the
// author. Every row is real, in the test database, under unique ids.
import { createAnnotation } from "@/lib/annotations/commands";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/tokens";
import { createSessionRecord, type SessionClaims } from "@/lib/auth/session-store";
import type { SessionUser } from "@/lib/auth/session-user";
import type { Db } from "@/lib/db/prisma-factory";
import { createArticleComment } from "@/lib/discussion/commands";
import { uniqueId } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";
import type { Caller } from "./matrix";

/** How a caller presents itself: a session (cookie) or an API token, or nothing. */
export interface Identity {
  user: SessionUser | null;
  claims: SessionClaims | null;
  token: string | null;
}

export interface World {
  article: Awaited<ReturnType<typeof createArticle>>;
  teamId: string;
  teamSlug: string;
  author: SessionUser;
  identities: Record<Caller, Identity>;
}

export interface Target {
  annotationId: string;
  commentId: string;
  secret: string;
}

export async function buildWorld(db: Db): Promise<World> {
  const article = await createArticle(db);
  const make = (role: SessionUser["role"] = "READER", status: SessionUser["status"] = "ACTIVE") =>
    createUser(db, { role, status });
  const [
    owner,
    author,
    teamMember,
    exMember,
    nonMember,
    reader,
    teamAdmin,
    moderator,
    admin,
    suspended,
    banned,
  ] = await Promise.all([
    make(),
    make(),
    make(),
    make(),
    make(),
    make(),
    make(),
    make("MODERATOR"),
    make("ADMIN"),
    make("READER", "SUSPENDED"),
    make("READER", "BANNED"),
  ]);
  await db.user.update({
    where: { id: suspended.id },
    data: { suspendedUntil: new Date(Date.now() + 30 * 86_400_000) },
  });
  // Suspended and banned callers are team members: their standing, not their membership, must stop them.
  const team = await createTeam(db, [owner, author, teamMember, teamAdmin, exMember, suspended, banned]);
  await db.teamMembership.update({
    where: { teamId_userId: { teamId: team.id, userId: teamAdmin.id } },
    data: { role: "ADMIN" },
  });
  await db.teamMembership.delete({ where: { teamId_userId: { teamId: team.id, userId: exMember.id } } });

  const session = async (user: SessionUser): Promise<Identity> => ({
    user,
    claims: await createSessionRecord(db, user.id),
    token: null,
  });
  const token = async (scope: "READ" | "READ_WRITE", revoked = false): Promise<Identity> => {
    const created = await createApiToken(db, author, { name: `matrix ${scope}`, scope, expiresInDays: 30 });
    if (revoked) await revokeApiToken(db, author, created.record.id);
    return { user: null, claims: null, token: created.token };
  };

  const identities: Record<Caller, Identity> = {
    anonymous: { user: null, claims: null, token: null },
    reader: await session(reader),
    author: await session(author),
    teamMember: await session(teamMember),
    exMember: await session(exMember),
    nonMember: await session(nonMember),
    teamAdmin: await session(teamAdmin),
    moderator: await session(moderator),
    admin: await session(admin),
    suspended: await session(suspended),
    banned: await session(banned),
    tokenRead: await token("READ"),
    tokenReadWrite: await token("READ_WRITE"),
    tokenRevoked: await token("READ_WRITE", true),
  };
  return { article, teamId: team.id, teamSlug: team.slug, author, identities };
}

/** A team annotation (with a note only the team may read) and a comment, both by the author. */
export async function freshTarget(db: Db, world: World, { withComment = true } = {}): Promise<Target> {
  const secret = uniqueId("secret");
  const text = world.article.revision.plainText;
  const { annotation } = await createAnnotation(db, world.author, world.article.slug, {
    revisionId: world.article.revision.id,
    selector: selectorFor(text, "second paragraph"),
    visibility: "TEAM",
    teamId: world.teamId,
    body: `Team note ${secret}`,
  });
  if (!withComment) return { annotationId: annotation.id, commentId: "", secret };
  const { comment } = await createArticleComment(db, world.author, world.article.slug, {
    body: `A comment ${uniqueId("c")}`,
  });
  return { annotationId: annotation.id, commentId: comment.id, secret };
}
