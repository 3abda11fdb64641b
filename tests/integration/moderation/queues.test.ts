// The moderation queues and audit log against the real database: each user sees only the items they may
// moderate (site moderators: public and team content; team owners/admins: their team's), with report
// counts and reasons; the log and its CSV export are limited the same way.
import { beforeAll, describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import { createReply } from "@/lib/discussion/commands";
import { createReport, decide } from "@/lib/moderation/commands";
import { auditLog, auditLogCsv, authorRecords, moderatorReach, queueItems } from "@/lib/moderation/queries";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();

describe("queues and log", () => {
  let author: SessionUser,
    reader: SessionUser,
    reader2: SessionUser,
    teamOwner: SessionUser,
    moderator: SessionUser;
  let publicId: string, teamReplyId: string, privateId: string, teamId: string;

  beforeAll(async () => {
    [author, reader, reader2, teamOwner, moderator] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
    ]);
    const article = await createArticle(db);
    const team = await createTeam(db, [teamOwner, author, reader]);
    teamId = team.id;
    const annotate = async (visibility: "PUBLIC" | "TEAM" | "PRIVATE") =>
      (
        await createAnnotation(db, author, article.slug, {
          revisionId: article.revision.id,
          selector: selectorFor(article.revision.plainText, "tight coordination"),
          body: `Note ${visibility}`,
          visibility,
          teamId: visibility === "TEAM" ? teamId : null,
        })
      ).annotation.id;
    publicId = await annotate("PUBLIC");
    privateId = await annotate("PRIVATE");
    const teamNote = await annotate("TEAM");
    teamReplyId = (await createReply(db, author, teamNote, { body: '=HYPERLINK("x")' })).comment.id;
    await createReport(db, reader, { annotationId: publicId, reason: "SPAM" });
    await createReport(db, reader2, { annotationId: publicId, reason: "OTHER", note: "Advertising" });
    await createReport(db, reader, { commentId: teamReplyId, reason: "HARASSMENT" });
  });

  it("gives no reach to a plain reader, the team to its owner, everything to a site moderator", async () => {
    expect(await moderatorReach(db, reader2)).toBeNull();
    expect(await moderatorReach(db, null)).toBeNull();
    expect(await moderatorReach(db, teamOwner)).toEqual({ site: false, teamIds: [teamId] });
    expect((await moderatorReach(db, moderator))?.site).toBe(true);
  });

  it("lists reported items within reach, with the count, reasons and notes", async () => {
    const siteQueue = await queueItems(db, (await moderatorReach(db, moderator))!, "reported");
    const publicItem = siteQueue.find((item) => item.id === publicId);
    expect(publicItem).toMatchObject({
      kind: "annotation",
      openReports: 2,
      reasons: { SPAM: 1, OTHER: 1 },
      notes: ["Advertising"],
      context: "tight coordination",
    });
    expect(siteQueue.some((item) => item.id === teamReplyId)).toBe(true);
    expect(siteQueue.some((item) => item.id === privateId)).toBe(false);

    const teamQueue = await queueItems(db, (await moderatorReach(db, teamOwner))!, "reported");
    expect(teamQueue.map((item) => item.id)).toEqual([teamReplyId]);
    expect(await queueItems(db, (await moderatorReach(db, teamOwner))!, "reported", "annotation")).toEqual(
      [],
    );
  });

  it("drops a decided item from Reported, logs it within reach, and exports it as CSV with formulas neutralised", async () => {
    const ownerReach = (await moderatorReach(db, teamOwner))!;
    await decide(db, teamOwner, {
      itemKind: "comment",
      itemId: teamReplyId,
      decision: "remove",
      expectedVersion: 0,
      reason: "=cmd",
    });
    expect(await queueItems(db, ownerReach, "reported")).toEqual([]);
    const rows = await auditLog(db, ownerReach, {});
    expect(rows.map((row) => row.itemId)).toEqual([teamReplyId]);
    expect(rows[0]).toMatchObject({ before: "PUBLISHED", after: "REMOVED", action: "moderation.remove" });
    expect(await auditLog(db, ownerReach, { action: "moderation.hide" })).toEqual([]);
    const csv = auditLogCsv(rows);
    expect(csv.split("\r\n")[0]).toBe(
      '"time","action","actor","author","item kind","item id","before","after","reason"',
    );
    expect(csv).toContain(`"'=cmd"`);
    expect((await authorRecords(db, [author.id])).get(author.id)).toMatchObject({ items: 4, removed: 1 });
  });
});
