// Telling moderators about reports (lib/moderation/report-alerts.ts) against the real database: one
// unread notification per item per moderator however many reports arrive, a new one once they have read
// it, team owners told about their team's items, the 48-hour reminder written once per waiting period,
// and the reader's own "what did I report?" lookup.
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment } from "@/lib/discussion/commands";
import { createReport, REPORT_TWICE } from "@/lib/moderation/commands";
import { REPORT_REMINDER_HOURS, remindOfWaitingReports, reportedBy } from "@/lib/moderation/report-alerts";
import { describeNotification } from "@/lib/notifications/text";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();
const HOUR_MS = 3_600_000;

const notificationsOf = (userId: string, type: "REPORT" | "REPORT_REMINDER", itemId: string) =>
  db.notification.findMany({
    where: { userId, type, OR: [{ annotationId: itemId }, { commentId: itemId }] },
  });

describe("moderators are told about reports", () => {
  let author: SessionUser, moderator: SessionUser, readers: SessionUser[];
  let article: Awaited<ReturnType<typeof createArticle>>;
  beforeAll(async () => {
    [author, moderator, ...readers] = await Promise.all([
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    article = await createArticle(db);
  });

  it("notifies each moderator once per item until they read it, then again for later reports", async () => {
    const { comment } = await createArticleComment(db, author, article.slug, { body: "A comment to report" });
    await createReport(db, readers[0]!, { commentId: comment.id, reason: "ILLEGAL" });
    await createReport(db, readers[1]!, { commentId: comment.id, reason: "SPAM" });
    const batch = await notificationsOf(moderator.id, "REPORT", comment.id);
    expect(batch).toHaveLength(1);
    expect(describeNotification({ ...batch[0]!, actorName: null }).href).toBe("/moderation?queue=reported");
    // The author of the item is never told who reported it, nor that it was reported.
    expect(await db.notification.count({ where: { userId: author.id, type: "REPORT" } })).toBe(0);

    await db.notification.update({ where: { id: batch[0]!.id }, data: { readAt: new Date() } });
    await createReport(db, readers[2]!, { commentId: comment.id, reason: "HATE" });
    expect(await notificationsOf(moderator.id, "REPORT", comment.id)).toHaveLength(2);
  });

  it("refuses a second report by the same reader and adds no row or notification", async () => {
    const { comment } = await createArticleComment(db, author, article.slug, { body: "Reported once" });
    await createReport(db, readers[0]!, { commentId: comment.id, reason: "OFF_TOPIC" });
    const error = await createReport(db, readers[0]!, { commentId: comment.id, reason: "SPAM" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(REPORT_TWICE);
    expect(await db.report.count({ where: { commentId: comment.id } })).toBe(1);
    expect(await notificationsOf(moderator.id, "REPORT", comment.id)).toHaveLength(1);
  });

  it("tells a team's owner about reports on the team's notes, and a site moderator too", async () => {
    const owner = await createUser(db);
    const team = await createTeam(db, [owner, author, readers[0]!]);
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      body: "A team note",
      visibility: "TEAM",
      teamId: team.id,
    });
    await createReport(db, readers[0]!, { annotationId: annotation.id, reason: "HARASSMENT" });
    expect(await notificationsOf(owner.id, "REPORT", annotation.id)).toHaveLength(1);
    expect(await notificationsOf(moderator.id, "REPORT", annotation.id)).toHaveLength(1);
  });

  it("reminds once when reports have waited more than 48 hours, however often the sweep runs", async () => {
    const { comment } = await createArticleComment(db, author, article.slug, { body: "Waiting a long time" });
    const { id: reportId } = await createReport(db, readers[0]!, { commentId: comment.id, reason: "SPAM" });
    const now = new Date();
    // Not yet: 47 hours.
    await db.report.update({
      where: { id: reportId },
      data: { createdAt: new Date(now.getTime() - (REPORT_REMINDER_HOURS - 1) * HOUR_MS) },
    });
    await remindOfWaitingReports(db, moderator.id, now);
    expect(await notificationsOf(moderator.id, "REPORT_REMINDER", comment.id)).toHaveLength(0);

    // Move the clock: 49 hours. Two sweeps at once, and a third later, write one reminder.
    await db.report.update({
      where: { id: reportId },
      data: { createdAt: new Date(now.getTime() - (REPORT_REMINDER_HOURS + 1) * HOUR_MS) },
    });
    await Promise.all([
      remindOfWaitingReports(db, moderator.id, now),
      remindOfWaitingReports(db, moderator.id, now),
    ]);
    await remindOfWaitingReports(db, moderator.id, new Date(now.getTime() + HOUR_MS));
    const reminders = await notificationsOf(moderator.id, "REPORT_REMINDER", comment.id);
    expect(reminders).toHaveLength(1);
    expect(describeNotification({ ...reminders[0]!, actorName: null }).text).toContain("48 hours");

    // A reader is never reminded; a closed report no longer waits.
    expect(await remindOfWaitingReports(db, readers[1]!.id, now)).toBe(0);
    await db.report.update({ where: { id: reportId }, data: { closedAt: now } });
    await db.notification.deleteMany({ where: { userId: moderator.id, type: "REPORT_REMINDER" } });
    await remindOfWaitingReports(db, moderator.id, now);
    expect(await notificationsOf(moderator.id, "REPORT_REMINDER", comment.id)).toHaveLength(0);
  });

  it("tells a reader which of the items they asked about they reported, and nothing about others' reports", async () => {
    const [{ comment: mine }, { comment: theirs }] = await Promise.all([
      createArticleComment(db, author, article.slug, { body: "I report this" }),
      createArticleComment(db, author, article.slug, { body: "Someone else reports this" }),
    ]);
    await createReport(db, readers[0]!, { commentId: mine.id, reason: "SPAM" });
    await createReport(db, readers[1]!, { commentId: theirs.id, reason: "SPAM" });
    expect(
      await reportedBy(db, readers[0]!.id, { annotationIds: [], commentIds: [mine.id, theirs.id] }),
    ).toEqual({
      annotationIds: [],
      commentIds: [mine.id],
    });
  });
});
