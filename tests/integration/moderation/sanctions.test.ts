// Sanctions against the real database: warn (acknowledged by the user), suspend, ban, each with its
// Sanction row, audit entry and notification in one transaction; "remove all their content"; who may
// sanction whom (a moderator on an admin's or a moderator's account is refused and nothing is written);
// the admin's /admin/users suspend and ban going through the same implementation.
import { beforeAll, describe, expect, it } from "vitest";
import { banUser, suspendUser } from "@/lib/accounts/admin-users";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment, createReply } from "@/lib/discussion/commands";
import {
  SANCTION_ADMIN_BY_MODERATOR,
  SANCTION_MODERATOR_BY_MODERATOR,
  SANCTION_NOT_MODERATOR,
  SANCTION_SELF,
} from "@/lib/moderation/permissions";
import {
  acknowledgeWarning,
  pendingWarnings,
  sanctionUser,
  WARNING_NOT_FOUND,
} from "@/lib/moderation/sanctions";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const entriesAbout = (userId: string) =>
  db.auditLogEntry.findMany({ where: { targetUserId: userId }, orderBy: { createdAt: "asc" } });

describe("sanctions", () => {
  let moderator: SessionUser, admin: SessionUser, otherModerator: SessionUser, reader: SessionUser;
  let article: Awaited<ReturnType<typeof createArticle>>;
  beforeAll(async () => {
    [moderator, admin, otherModerator, reader] = await Promise.all([
      createUser(db, { role: "MODERATOR" }),
      createUser(db, { role: "ADMIN" }),
      createUser(db, { role: "MODERATOR" }),
      createUser(db),
    ]);
    article = await createArticle(db);
  });

  it("warns a user: a Sanction to acknowledge, an audit entry and a notification with the reason; only they can acknowledge it, once", async () => {
    const user = await createUser(db);
    const result = await sanctionUser(db, moderator, {
      userId: user.id,
      kind: "WARN",
      reason: "Keep it civil",
    });
    expect(result.message).toMatch(/warned/);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { status: true } })).toEqual({
      status: "ACTIVE",
    });
    expect(await pendingWarnings(db, user.id)).toEqual([
      expect.objectContaining({ id: result.sanctionId, reason: "Keep it civil" }),
    ]);
    const [entry] = await entriesAbout(user.id);
    expect(entry).toMatchObject({
      id: result.auditEntryId,
      action: "user.warned",
      actorId: moderator.id,
      reason: "Keep it civil",
    });
    const notification = await db.notification.findFirstOrThrow({
      where: { userId: user.id, type: "SANCTION" },
    });
    expect((notification.data as { summary: string }).summary).toContain("Keep it civil");

    // Someone else's warning is not found, and stays unacknowledged.
    expect((await refusal(acknowledgeWarning(db, reader, { sanctionId: result.sanctionId }))).message).toBe(
      WARNING_NOT_FOUND,
    );
    expect(await pendingWarnings(db, user.id)).toHaveLength(1);
    await acknowledgeWarning(db, user, { sanctionId: result.sanctionId });
    expect(await pendingWarnings(db, user.id)).toEqual([]);
    expect((await refusal(acknowledgeWarning(db, user, { sanctionId: result.sanctionId }))).status).toBe(404);
  });

  it("suspends until a date and bans, each with the reason the user sees; a ban on a banned user is refused", async () => {
    const user = await createUser(db);
    await sanctionUser(db, moderator, {
      userId: user.id,
      kind: "SUSPEND",
      reason: "Flooding",
      until: inDays(3),
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      status: "SUSPENDED",
      statusReason: "Flooding",
    });
    await sanctionUser(db, moderator, { userId: user.id, kind: "BAN", reason: "Back at it" });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      status: "BANNED",
      statusReason: "Back at it",
      suspendedUntil: null,
    });
    expect((await entriesAbout(user.id)).map((entry) => entry.action).sort()).toEqual([
      "user.banned",
      "user.suspended",
    ]);
    expect(await db.sanction.count({ where: { userId: user.id } })).toBe(2);

    const again = await refusal(
      sanctionUser(db, moderator, { userId: user.id, kind: "BAN", reason: "Twice" }),
    );
    expect(again.status).toBe(409);
    expect(await db.sanction.count({ where: { userId: user.id } })).toBe(2);
  });

  it("refuses bad input: no reason, a suspension without a date or in the past", async () => {
    const user = await createUser(db);
    for (const input of [
      { userId: user.id, kind: "WARN", reason: "  " },
      { userId: user.id, kind: "SUSPEND", reason: "x" },
      { userId: user.id, kind: "SUSPEND", reason: "x", until: "2001-01-01" },
      { userId: user.id, kind: "EXILE", reason: "x" },
    ]) {
      expect((await refusal(sanctionUser(db, moderator, input))).status).toBe(422);
    }
    expect(await db.sanction.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditLogEntry.count({ where: { targetUserId: user.id } })).toBe(0);
  });

  it("refuses a moderator on an admin's or another moderator's account, a reader, oneself: nothing written, the log unchanged", async () => {
    const attempts: [SessionUser, SessionUser, string][] = [
      [moderator, admin, SANCTION_ADMIN_BY_MODERATOR],
      [moderator, otherModerator, SANCTION_MODERATOR_BY_MODERATOR],
      [reader, otherModerator, SANCTION_NOT_MODERATOR],
      [moderator, moderator, SANCTION_SELF],
    ];
    const before = await db.auditLogEntry.count();
    for (const [actor, target, message] of attempts) {
      const error = await refusal(
        sanctionUser(db, actor, { userId: target.id, kind: "BAN", reason: "No", removeContent: true }),
      );
      expect(error.status).toBe(403);
      expect(error.message).toBe(message);
    }
    expect(
      await db.auditLogEntry.count({
        where: { targetUserId: { in: [admin.id, otherModerator.id, moderator.id] } },
      }),
    ).toBe(0);
    expect(
      await db.sanction.count({ where: { userId: { in: [admin.id, otherModerator.id, moderator.id] } } }),
    ).toBe(0);
    expect(await db.auditLogEntry.count()).toBeGreaterThanOrEqual(before);
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { status: true } })).toEqual({
      status: "ACTIVE",
    });
    // An admin may sanction a moderator.
    await sanctionUser(db, admin, { userId: otherModerator.id, kind: "WARN", reason: "Be gentler" });
    expect(await db.sanction.count({ where: { userId: otherModerator.id } })).toBe(1);
  });

  it("removes all the user's visible content in the same action, one audit entry per item; private notes stay", async () => {
    const user = await createUser(db);
    const teammate = await createUser(db);
    const team = await createTeam(db, [user, teammate]);
    const selector = selectorFor(article.revision.plainText, "tight coordination");
    const make = (visibility: "PUBLIC" | "TEAM" | "PRIVATE") =>
      createAnnotation(db, user, article.slug, {
        revisionId: article.revision.id,
        selector,
        body: `A ${visibility} note`,
        visibility,
        teamId: visibility === "TEAM" ? team.id : null,
      });
    const publicNote = (await make("PUBLIC")).annotation;
    const teamNote = (await make("TEAM")).annotation;
    const privateNote = (await make("PRIVATE")).annotation;
    const reply = (await createReply(db, user, publicNote.id, { body: "My own reply" })).comment;
    const comment = (await createArticleComment(db, user, article.slug, { body: "A comment" })).comment;

    const result = await sanctionUser(db, moderator, {
      userId: user.id,
      kind: "BAN",
      reason: "Spam account",
      removeContent: "on",
    });
    expect(result.removedItems).toBe(4);
    const statuses = await db.annotation.findMany({
      where: { id: { in: [publicNote.id, teamNote.id, privateNote.id] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({
      [publicNote.id]: "REMOVED",
      [teamNote.id]: "REMOVED",
      [privateNote.id]: "PUBLISHED",
    });
    const comments = await db.comment.findMany({
      where: { id: { in: [reply.id, comment.id] } },
      select: { status: true },
    });
    expect(comments.every((row) => row.status === "REMOVED")).toBe(true);
    const removals = await db.auditLogEntry.findMany({
      where: { targetUserId: user.id, action: "moderation.remove" },
    });
    expect(removals.map((row) => row.itemId).sort()).toEqual(
      [publicNote.id, teamNote.id, reply.id, comment.id].sort(),
    );
    expect(removals.find((row) => row.itemId === teamNote.id)?.teamId).toBe(team.id);
    expect((await db.sanction.findUniqueOrThrow({ where: { id: result.sanctionId } })).removedContent).toBe(
      true,
    );

    // Readers no longer see it; the teammate neither.
    const seen = async (viewer: SessionUser | null) =>
      (await listAnnotations(db, article.slug, viewer)).annotations.map((row) => row.id);
    expect(await seen(reader)).not.toContain(publicNote.id);
    expect(await seen(teammate)).not.toContain(teamNote.id);
  });

  it("a failed sanction (a refusal inside the transaction) leaves no content removed", async () => {
    const user = await createUser(db, { role: "MODERATOR" });
    const note = (
      await createAnnotation(db, user, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "tight coordination"),
        body: "A moderator's public note",
        visibility: "PUBLIC",
      })
    ).annotation;
    await refusal(
      sanctionUser(db, otherModerator, { userId: user.id, kind: "BAN", reason: "No", removeContent: true }),
    );
    expect((await db.annotation.findUniqueOrThrow({ where: { id: note.id } })).status).toBe("PUBLISHED");
    expect(await db.auditLogEntry.count({ where: { targetUserId: user.id } })).toBe(0);
  });

  it("the admin's suspend and ban are the same sanctions: a Sanction row and a notification each", async () => {
    const user = await createUser(db);
    expect(
      await suspendUser(db, admin, { userId: user.id, until: inDays(2), reason: "Cool off" }),
    ).toMatchObject({ ok: true });
    expect(await banUser(db, admin, { userId: user.id, reason: "Enough" })).toMatchObject({ ok: true });
    const sanctions = await db.sanction.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { kind: true, reason: true, actorId: true },
    });
    expect(sanctions).toEqual([
      { kind: "SUSPEND", reason: "Cool off", actorId: admin.id },
      { kind: "BAN", reason: "Enough", actorId: admin.id },
    ]);
    expect(await db.notification.count({ where: { userId: user.id, type: "SANCTION" } })).toBe(2);
    // A moderator still cannot use the admin's page.
    expect(await banUser(db, moderator, { userId: reader.id, reason: "Not here" })).toMatchObject({
      ok: false,
    });
  });
});
