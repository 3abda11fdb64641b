// Appeals against the real database: the author of a withheld item or a sanctioned user appeals once;
// the appeal lands in the Appeals queue of those who may decide it; reversing restores the item or lifts
// the sanction (with the content it removed), upholding keeps it; each outcome audited and notified.
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import { createReply } from "@/lib/discussion/commands";
import {
  APPEAL_CANNOT_DECIDE,
  APPEAL_NOT_FOUND,
  APPEAL_TWICE,
  appealableDecisions,
  appealQueue,
  createAppeal,
  decideAppeal,
} from "@/lib/moderation/appeals";
import { decide } from "@/lib/moderation/commands";
import { moderatorReach } from "@/lib/moderation/queries";
import { sanctionUser } from "@/lib/moderation/sanctions";
import { MAX_APPEAL_MESSAGE_LENGTH } from "@/lib/moderation/schemas";
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

describe("appeals", () => {
  let author: SessionUser, reader: SessionUser, moderator: SessionUser, moderator2: SessionUser;
  let article: Awaited<ReturnType<typeof createArticle>>;
  const note = async (
    user: SessionUser,
    visibility: "PUBLIC" | "TEAM" = "PUBLIC",
    teamId: string | null = null,
  ) =>
    (
      await createAnnotation(db, user, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "tight coordination"),
        body: "Appealable note",
        visibility,
        teamId,
      })
    ).annotation;

  beforeAll(async () => {
    [author, reader, moderator, moderator2] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
      createUser(db, { role: "MODERATOR" }),
    ]);
    article = await createArticle(db);
  });

  it("appeals a hidden item once; the appeal reaches the queue; reversing restores the item, audited and notified", async () => {
    const annotation = await note(author);
    const decision = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: annotation.id,
      decision: "hide",
      expectedVersion: 0,
      reason: "Off-topic",
    });
    const [mine] = await appealableDecisions(db, author.id);
    expect(mine).toMatchObject({
      auditEntryId: decision.auditEntryId,
      status: "HIDDEN",
      reason: "Off-topic",
      appeal: null,
    });

    // Only the author may appeal; the message is short.
    expect(
      (await refusal(createAppeal(db, reader, { auditEntryId: decision.auditEntryId, message: "Not mine" })))
        .message,
    ).toBe(APPEAL_NOT_FOUND);
    expect(
      (
        await refusal(
          createAppeal(db, author, {
            auditEntryId: decision.auditEntryId,
            message: "x".repeat(MAX_APPEAL_MESSAGE_LENGTH + 1),
          }),
        )
      ).status,
    ).toBe(422);
    const appeal = await createAppeal(db, author, {
      auditEntryId: decision.auditEntryId,
      message: "It is about the article",
    });
    const twice = await refusal(
      createAppeal(db, author, { auditEntryId: decision.auditEntryId, message: "Again" }),
    );
    expect(twice.status).toBe(409);
    expect(twice.message).toBe(APPEAL_TWICE);
    expect(await db.appeal.count({ where: { userId: author.id } })).toBe(1);

    const queue = await appealQueue(db, (await moderatorReach(db, moderator))!, moderator);
    expect(queue.find((item) => item.id === appeal.id)).toMatchObject({
      message: "It is about the article",
      decision: { itemId: annotation.id, reason: "Off-topic", status: "HIDDEN" },
    });

    const result = await decideAppeal(db, moderator2, {
      appealId: appeal.id,
      decision: "reverse",
      reason: "Fair point",
    });
    expect(result.status).toBe("REVERSED");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).status).toBe(
      "PUBLISHED",
    );
    const actions = (
      await db.auditLogEntry.findMany({ where: { itemId: annotation.id }, orderBy: { createdAt: "asc" } })
    ).map((row) => row.action);
    // Entries of one transaction share its timestamp: compare as sets.
    expect(actions.sort()).toEqual(["appeal.reversed", "moderation.hide", "moderation.restore"]);
    const notice = await db.notification.findFirstOrThrow({
      where: {
        userId: author.id,
        annotationId: annotation.id,
        data: { path: ["appealId"], equals: appeal.id },
      },
    });
    expect((notice.data as { summary: string }).summary).toContain("reversed");

    // Decided once: the second moderator hears who handled it, and nothing more is written.
    const late = await refusal(decideAppeal(db, moderator, { appealId: appeal.id, decision: "uphold" }));
    expect(late.status).toBe(409);
    expect(late.message).toContain(`Already handled by ${moderator2.name}`);
    expect(await db.auditLogEntry.count({ where: { itemId: annotation.id } })).toBe(3);
  });

  it("upholding keeps the item removed; an appeal of a published item's dismissal is not possible", async () => {
    const annotation = await note(author);
    const removed = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: annotation.id,
      decision: "remove",
      expectedVersion: 0,
    });
    const appeal = await createAppeal(db, author, { auditEntryId: removed.auditEntryId, message: "Please" });
    expect(
      (await decideAppeal(db, moderator, { appealId: appeal.id, decision: "uphold", reason: "Still spam" }))
        .status,
    ).toBe("UPHELD");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).status).toBe("REMOVED");
    expect(
      (await appealableDecisions(db, author.id)).find((row) => row.itemId === annotation.id)?.appeal,
    ).toEqual({ status: "UPHELD" });

    const other = await note(author);
    const dismissed = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: other.id,
      decision: "dismiss",
      expectedVersion: 0,
    });
    expect(
      (await refusal(createAppeal(db, author, { auditEntryId: dismissed.auditEntryId, message: "?" })))
        .status,
    ).toBe(422);
  });

  it("a suspended user appeals the suspension; reversing lifts it and puts back the content it removed", async () => {
    const user = await createUser(db);
    const annotation = await note(user);
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const sanction = await sanctionUser(db, moderator, {
      userId: user.id,
      kind: "SUSPEND",
      reason: "Spam run",
      until,
      removeContent: true,
    });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).status).toBe("REMOVED");
    const suspended = { ...user, status: "SUSPENDED" as const };
    const appeal = await createAppeal(db, suspended, {
      sanctionId: sanction.sanctionId,
      message: "My account was hacked",
    });
    expect(
      (await refusal(createAppeal(db, suspended, { sanctionId: sanction.sanctionId, message: "Again" })))
        .message,
    ).toBe(APPEAL_TWICE);

    await decideAppeal(db, moderator2, {
      appealId: appeal.id,
      decision: "reverse",
      reason: "Hacked account",
    });
    expect(
      await db.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { status: true, suspendedUntil: true },
      }),
    ).toEqual({ status: "ACTIVE", suspendedUntil: null });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).status).toBe(
      "PUBLISHED",
    );
    const actions = (
      await db.auditLogEntry.findMany({ where: { targetUserId: user.id }, orderBy: { createdAt: "asc" } })
    ).map((row) => row.action);
    expect(actions.sort()).toEqual([
      "appeal.reversed",
      "moderation.remove",
      "moderation.restore",
      "user.restored",
      "user.suspended",
    ]);
    expect(await db.notification.count({ where: { userId: user.id, type: "SANCTION" } })).toBe(2);
  });

  it("keeps team appeals to the team's moderators and site moderators; refuses an outsider and one's own appeal", async () => {
    const [owner, member, outsider] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    const team = await createTeam(db, [owner, member]);
    await createTeam(db, [outsider]);
    const teamNote = await note(member, "TEAM", team.id);
    const reply = (await createReply(db, member, teamNote.id, { body: "Rant" })).comment;
    const hidden = await decide(db, owner, {
      itemKind: "comment",
      itemId: reply.id,
      decision: "hide",
      expectedVersion: 0,
    });
    const appeal = await createAppeal(db, member, {
      auditEntryId: hidden.auditEntryId,
      message: "Was a joke",
    });

    expect((await appealQueue(db, (await moderatorReach(db, owner))!, owner)).map((row) => row.id)).toContain(
      appeal.id,
    );
    expect(
      (await appealQueue(db, (await moderatorReach(db, outsider))!, outsider)).map((row) => row.id),
    ).not.toContain(appeal.id);
    expect(
      (await refusal(decideAppeal(db, outsider, { appealId: appeal.id, decision: "reverse" }))).message,
    ).toBe(APPEAL_CANNOT_DECIDE);
    expect(
      (await refusal(decideAppeal(db, member, { appealId: appeal.id, decision: "reverse" }))).status,
    ).toBe(403);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).status).toBe("OPEN");
    await decideAppeal(db, owner, { appealId: appeal.id, decision: "reverse" });
    expect((await db.comment.findUniqueOrThrow({ where: { id: reply.id } })).status).toBe("PUBLISHED");
  });
});
