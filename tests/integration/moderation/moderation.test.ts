// Moderation against the real database: reporting rules (once, never one's own, only what one can see),
// decisions with their audit entry in the same transaction, optimistic concurrency between two
// moderators, who may moderate which item, and what readers see after a hide.
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment, createReply } from "@/lib/discussion/commands";
import {
  applyDecision,
  CANNOT_MODERATE,
  createReport,
  decide,
  REPORT_OWN_ITEM,
  REPORT_TWICE,
} from "@/lib/moderation/commands";
import { findModeratedItem } from "@/lib/moderation/items";
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

type Article = Awaited<ReturnType<typeof createArticle>>;

async function annotate(
  author: SessionUser,
  article: Article,
  visibility: "PUBLIC" | "PRIVATE" | "TEAM",
  teamId: string | null = null,
) {
  const { annotation } = await createAnnotation(db, author, article.slug, {
    revisionId: article.revision.id,
    selector: selectorFor(article.revision.plainText, "tight coordination"),
    body: `A ${visibility.toLowerCase()} note`,
    visibility,
    teamId,
  });
  return annotation;
}

const auditRows = (itemId: string) => db.auditLogEntry.findMany({ where: { itemId } });

describe("reporting", () => {
  let author: SessionUser, reader: SessionUser, article: Article;
  beforeAll(async () => {
    [author, reader] = await Promise.all([createUser(db), createUser(db)]);
    article = await createArticle(db);
  });

  it("records one report per reader per item, with its reason and note", async () => {
    const annotation = await annotate(author, article, "PUBLIC");
    const result = await createReport(db, reader, {
      annotationId: annotation.id,
      reason: "MISINFORMATION",
      note: "The figure is wrong",
    });
    expect(result.message).toMatch(/received/);
    const stored = await db.report.findUniqueOrThrow({ where: { id: result.id } });
    expect(stored).toMatchObject({
      reporterId: reader.id,
      annotationId: annotation.id,
      reason: "MISINFORMATION",
      note: "The figure is wrong",
      closedAt: null,
    });

    const twice = await refusal(createReport(db, reader, { annotationId: annotation.id, reason: "SPAM" }));
    expect(twice.status).toBe(409);
    expect(twice.message).toBe(REPORT_TWICE);
    expect(await db.report.count({ where: { annotationId: annotation.id } })).toBe(1);
  });

  it("refuses reporting one's own item and stores nothing", async () => {
    const annotation = await annotate(author, article, "PUBLIC");
    const error = await refusal(createReport(db, author, { annotationId: annotation.id, reason: "SPAM" }));
    expect(error.status).toBe(403);
    expect(error.message).toBe(REPORT_OWN_ITEM);
    expect(await db.report.count({ where: { annotationId: annotation.id } })).toBe(0);
  });

  it("answers 404 for an item the reader cannot see: a private annotation, another team's note, its replies", async () => {
    const privateNote = await annotate(author, article, "PRIVATE");
    const team = await createTeam(db, [author]);
    const teamNote = await annotate(author, article, "TEAM", team.id);
    const { comment: teamReply } = await createReply(db, author, teamNote.id, { body: "Inside the team" });
    for (const input of [
      { annotationId: privateNote.id },
      { annotationId: teamNote.id },
      { commentId: teamReply.id },
      { annotationId: "no-such-item" },
    ]) {
      const error = await refusal(createReport(db, reader, { ...input, reason: "HATE" }));
      expect(error.status).toBe(404);
    }
    expect(
      await db.report.count({
        where: {
          reporterId: reader.id,
          OR: [{ annotationId: { in: [privateNote.id, teamNote.id] } }, { commentId: teamReply.id }],
        },
      }),
    ).toBe(0);
  });

  it("lets a reader report a visible article comment, refuses an anonymous caller and a reason without a note", async () => {
    const { comment } = await createArticleComment(db, author, article.slug, { body: "A comment" });
    await createReport(db, reader, { commentId: comment.id, reason: "OFF_TOPIC" });
    expect(await db.report.count({ where: { commentId: comment.id } })).toBe(1);
    expect((await refusal(createReport(db, null, { commentId: comment.id, reason: "SPAM" }))).status).toBe(
      401,
    );
    expect((await refusal(createReport(db, reader, { commentId: comment.id, reason: "OTHER" }))).status).toBe(
      422,
    );
  });
});

describe("decisions", () => {
  let author: SessionUser,
    reader: SessionUser,
    moderator: SessionUser,
    moderator2: SessionUser,
    article: Article;
  beforeAll(async () => {
    [author, reader, moderator, moderator2] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
      createUser(db, { role: "MODERATOR" }),
    ]);
    article = await createArticle(db);
  });

  it("hides an item: one audit entry, reports closed, the author notified; the author still sees it, another reader does not", async () => {
    const annotation = await annotate(author, article, "PUBLIC");
    await createReport(db, reader, { annotationId: annotation.id, reason: "HARASSMENT" });
    const result = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: annotation.id,
      decision: "hide",
      expectedVersion: 0,
      reason: "Personal attack",
    });
    expect(result).toMatchObject({ status: "HIDDEN", version: 1 });

    const rows = await auditRows(annotation.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "moderation.hide",
      actorId: moderator.id,
      targetUserId: author.id,
      itemKind: "annotation",
      teamId: null,
      before: { status: "PUBLISHED" },
      after: { status: "HIDDEN" },
      reason: "Personal attack",
    });
    expect(await db.report.count({ where: { annotationId: annotation.id, closedAt: null } })).toBe(0);
    const notification = await db.notification.findFirstOrThrow({
      where: { userId: author.id, annotationId: annotation.id, type: "MODERATION_DECISION" },
    });
    expect(notification.data).toEqual({
      summary: "A moderator hid your annotation: Personal attack",
      articleSlug: article.slug,
    });

    const seenBy = async (user: SessionUser) =>
      (await listAnnotations(db, article.slug, user)).annotations.map((item) => item.id);
    expect(await seenBy(author)).toContain(annotation.id);
    expect(await seenBy(reader)).not.toContain(annotation.id);
    expect((await listAnnotations(db, article.slug, null)).annotations.map((item) => item.id)).not.toContain(
      annotation.id,
    );

    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: annotation.id,
      decision: "restore",
      expectedVersion: 1,
    });
    expect(await seenBy(reader)).toContain(annotation.id);
    expect(await auditRows(annotation.id)).toHaveLength(2);
  });

  it("writes the audit entry in the decision's transaction: a transaction that fails leaves neither status nor entry", async () => {
    const annotation = await annotate(author, article, "PUBLIC");
    await createReport(db, reader, { annotationId: annotation.id, reason: "SPAM" });
    const item = await findModeratedItem(db, "annotation", annotation.id);
    const failure = new Error("the rest of the transaction failed");
    await expect(
      db.$transaction(async (tx) => {
        await applyDecision(tx, moderator, item, {
          itemKind: "annotation",
          itemId: annotation.id,
          decision: "spam",
          expectedVersion: 0,
        });
        expect(await tx.auditLogEntry.count({ where: { itemId: annotation.id } })).toBe(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await auditRows(annotation.id)).toHaveLength(0);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).toMatchObject({
      status: "PUBLISHED",
      version: 0,
    });
    expect(await db.report.count({ where: { annotationId: annotation.id, closedAt: null } })).toBe(1);
    expect(
      await db.notification.count({ where: { annotationId: annotation.id, type: "MODERATION_DECISION" } }),
    ).toBe(0);
  });

  it("lets one of two concurrent decisions on the same version win; the other hears who handled it and writes nothing", async () => {
    const { comment } = await createArticleComment(db, author, article.slug, { body: "Buy cheap watches" });
    const outcomes = await Promise.allSettled([
      decide(db, moderator, {
        itemKind: "comment",
        itemId: comment.id,
        decision: "spam",
        expectedVersion: 0,
      }),
      decide(db, moderator2, {
        itemKind: "comment",
        itemId: comment.id,
        decision: "remove",
        expectedVersion: 0,
      }),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as unknown] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const rows = await auditRows(comment.id);
    expect(rows).toHaveLength(1);
    const winner = rows[0]!.actorId === moderator.id ? moderator : moderator2;
    expect(lost[0]).toBeInstanceOf(ApiError);
    expect((lost[0] as ApiError).status).toBe(409);
    expect((lost[0] as ApiError).message).toContain(`Already handled by ${winner.name}`);
    const stored = await db.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(stored.version).toBe(1);
    expect(stored.status).toBe(winner === moderator ? "SPAM" : "REMOVED");
  });

  it("refuses a stale version after the fact with the first moderator's name", async () => {
    const annotation = await annotate(author, article, "PUBLIC");
    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: annotation.id,
      decision: "remove",
      expectedVersion: 0,
    });
    const error = await refusal(
      decide(db, moderator2, {
        itemKind: "annotation",
        itemId: annotation.id,
        decision: "approve",
        expectedVersion: 0,
      }),
    );
    expect(error.message).toBe(`Already handled by ${moderator.name}. Reload to see the item as it is now.`);
    expect(await auditRows(annotation.id)).toHaveLength(1);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).status).toBe("REMOVED");
  });

  it("dismisses reports without changing the status or notifying the author", async () => {
    const annotation = await annotate(author, article, "PUBLIC");
    await createReport(db, reader, { annotationId: annotation.id, reason: "OFF_TOPIC" });
    const result = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: annotation.id,
      decision: "dismiss",
      expectedVersion: 0,
    });
    expect(result.status).toBe("PUBLISHED");
    expect(await db.report.count({ where: { annotationId: annotation.id, closedAt: null } })).toBe(0);
    expect(
      await db.notification.count({ where: { annotationId: annotation.id, type: "MODERATION_DECISION" } }),
    ).toBe(0);
    expect((await auditRows(annotation.id))[0]).toMatchObject({
      action: "moderation.dismiss",
      before: { status: "PUBLISHED" },
      after: { status: "PUBLISHED" },
    });
  });
});

describe("who may moderate", () => {
  let owner: SessionUser,
    teamAdmin: SessionUser,
    member: SessionUser,
    otherAdmin: SessionUser,
    reader: SessionUser,
    moderator: SessionUser;
  let article: Article;
  let teamId: string;
  beforeAll(async () => {
    [owner, teamAdmin, member, otherAdmin, reader, moderator] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
    ]);
    article = await createArticle(db);
    const team = await createTeam(db, [owner, teamAdmin, member]);
    teamId = team.id;
    await db.teamMembership.update({
      where: { teamId_userId: { teamId, userId: teamAdmin.id } },
      data: { role: "ADMIN" },
    });
    const otherTeam = await createTeam(db, [otherAdmin]);
    expect(otherTeam.id).not.toBe(teamId);
  });

  it("lets a team admin hide a reply in their team's thread, with the team in the audit entry", async () => {
    const note = await annotate(member, article, "TEAM", teamId);
    const { comment } = await createReply(db, member, note.id, { body: "Off-topic rant" });
    await decide(db, teamAdmin, {
      itemKind: "comment",
      itemId: comment.id,
      decision: "hide",
      expectedVersion: 0,
    });
    expect((await auditRows(comment.id))[0]).toMatchObject({
      actorId: teamAdmin.id,
      teamId,
      itemKind: "comment",
    });
  });

  it("refuses a team owner acting outside their team, a plain member, a reader on public content, anyone on a private note", async () => {
    const teamNote = await annotate(member, article, "TEAM", teamId);
    const publicNote = await annotate(member, article, "PUBLIC");
    const privateNote = await annotate(member, article, "PRIVATE");
    const attempts: [SessionUser, string][] = [
      [otherAdmin, teamNote.id],
      [member, teamNote.id],
      [owner, publicNote.id],
      [reader, publicNote.id],
      [moderator, privateNote.id],
      [owner, privateNote.id],
    ];
    for (const [user, itemId] of attempts) {
      const error = await refusal(
        decide(db, user, { itemKind: "annotation", itemId, decision: "remove", expectedVersion: 0 }),
      );
      expect(error.status).toBe(403);
      expect(error.message).toBe(CANNOT_MODERATE);
    }
    const rows = await db.auditLogEntry.count({
      where: { itemId: { in: [teamNote.id, publicNote.id, privateNote.id] } },
    });
    expect(rows).toBe(0);
    const statuses = await db.annotation.findMany({
      where: { id: { in: [teamNote.id, publicNote.id, privateNote.id] } },
      select: { status: true, version: true },
    });
    expect(statuses.every((row) => row.status === "PUBLISHED" && row.version === 0)).toBe(true);
  });

  it("lets a site moderator act on team content", async () => {
    const teamNote = await annotate(member, article, "TEAM", teamId);
    const result = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: teamNote.id,
      decision: "hide",
      expectedVersion: 0,
    });
    expect(result.status).toBe("HIDDEN");
  });
});
