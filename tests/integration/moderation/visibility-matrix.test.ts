// Every moderation status × every kind of viewer, through the real read functions (the margin's
// listAnnotations, a thread's annotationThread, the article's comment section): who sees an item, who
// sees only a "[withheld]" placeholder in a thread, who sees nothing, and who reads the moderation notice.
//
// The rule: PUBLISHED follows the item's audience (public, or the team). PENDING and HIDDEN are seen by
// their author and by those who may moderate them within that audience (site moderators and admins for
// public content and article comments, the team's owners and admins for the team's), with a notice.
// REMOVED and SPAM are their author's alone. Anonymous visitors see published public items only.
import { beforeAll, describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment, createReply } from "@/lib/discussion/commands";
import { annotationThread, articleComments } from "@/lib/discussion/queries";
import type { CommentDto } from "@/lib/discussion/schemas";
import type { ItemStatus } from "@/lib/generated/prisma/enums";
import { decide } from "@/lib/moderation/commands";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();

const STATUSES = [
  "PUBLISHED",
  "PENDING",
  "HIDDEN",
  "REMOVED",
  "SPAM",
] as const satisfies readonly ItemStatus[];
const VIEWERS = [
  "author",
  "reader",
  "teamMember",
  "teamAdmin",
  "siteModerator",
  "admin",
  "anonymous",
] as const;
type Viewer = (typeof VIEWERS)[number];
type Status = (typeof STATUSES)[number];

// Who sees the item itself (its text), by audience and status. Everyone else sees nothing (the margin) or
// a placeholder without text or author (a thread or the comment section).
const PUBLIC_AUDIENCE: Record<Status, Viewer[]> = {
  PUBLISHED: [...VIEWERS],
  PENDING: ["author", "siteModerator", "admin"],
  HIDDEN: ["author", "siteModerator", "admin"],
  REMOVED: ["author"],
  SPAM: ["author"],
};
// The site moderator and the admin are not members of the team: they moderate its content in the queues
// but do not read the team's margin.
const TEAM_AUDIENCE: Record<Status, Viewer[]> = {
  PUBLISHED: ["author", "teamMember", "teamAdmin"],
  PENDING: ["author", "teamAdmin"],
  HIDDEN: ["author", "teamAdmin"],
  REMOVED: ["author"],
  SPAM: ["author"],
};
const DECISION_FOR: Partial<Record<Status, "hide" | "remove" | "spam">> = {
  HIDDEN: "hide",
  REMOVED: "remove",
  SPAM: "spam",
};

describe("what each viewer sees of each status", () => {
  const users = {} as Record<Exclude<Viewer, "anonymous">, SessionUser>;
  const viewer = (name: Viewer): SessionUser | null => (name === "anonymous" ? null : users[name]);
  let article: Awaited<ReturnType<typeof createArticle>>;
  let teamId: string;
  let teamThreadId: string;
  const items: Record<Status, { publicNote: string; teamNote: string; comment: string; teamReply: string }> =
    {} as never;

  /** Puts the item in `status` the way it happens in the app: a moderator's decision, or held (PENDING). */
  async function putIn(kind: "annotation" | "comment", id: string, status: Status) {
    const decision = DECISION_FOR[status];
    if (decision) {
      await decide(db, users.siteModerator, {
        itemKind: kind,
        itemId: id,
        decision,
        expectedVersion: 0,
        reason: `Reason for ${status}`,
      });
    } else if (status === "PENDING") {
      if (kind === "annotation") await db.annotation.update({ where: { id }, data: { status } });
      else await db.comment.update({ where: { id }, data: { status } });
    }
  }

  beforeAll(async () => {
    // One after the other: the test client's pool is small, and this file makes many rows.
    const author = await createUser(db);
    const reader = await createUser(db);
    const teamMember = await createUser(db);
    const teamAdmin = await createUser(db);
    const siteModerator = await createUser(db, { role: "MODERATOR" });
    const admin = await createUser(db, { role: "ADMIN" });
    Object.assign(users, { author, reader, teamMember, teamAdmin, siteModerator, admin });
    article = await createArticle(db);
    // createTeam makes the first member the owner; the team admin is then made an ADMIN (not the owner).
    const team = await createTeam(db, [teamAdmin, author, teamMember]);
    teamId = team.id;
    await db.teamMembership.update({
      where: { teamId_userId: { teamId, userId: teamAdmin.id } },
      data: { role: "ADMIN" },
    });
    const selector = selectorFor(article.revision.plainText, "processing capacity");
    const note = async (visibility: "PUBLIC" | "TEAM", body: string) =>
      (
        await createAnnotation(db, author, article.slug, {
          revisionId: article.revision.id,
          selector,
          body,
          visibility,
          teamId: visibility === "TEAM" ? teamId : null,
        })
      ).annotation.id;
    // One team thread (a published team note, by the team member) holds the author's replies in every status.
    teamThreadId = (
      await createAnnotation(db, teamMember, article.slug, {
        revisionId: article.revision.id,
        selector,
        body: "Team thread",
        visibility: "TEAM",
        teamId,
      })
    ).annotation.id;
    for (const status of STATUSES) {
      items[status] = {
        publicNote: await note("PUBLIC", `Public ${status}`),
        teamNote: await note("TEAM", `Team ${status}`),
        comment: (await createArticleComment(db, author, article.slug, { body: `Comment ${status}` })).comment
          .id,
        teamReply: (await createReply(db, author, teamThreadId, { body: `Reply ${status}` })).comment.id,
      };
      await putIn("annotation", items[status].publicNote, status);
      await putIn("annotation", items[status].teamNote, status);
      await putIn("comment", items[status].comment, status);
      await putIn("comment", items[status].teamReply, status);
    }
  }, 120_000);

  it.each(VIEWERS)("the margin (listAnnotations) as %s", async (name) => {
    const list = await listAnnotations(db, article.slug, viewer(name));
    const seen = new Map(list.annotations.map((annotation) => [annotation.id, annotation]));
    for (const status of STATUSES) {
      expect(seen.has(items[status].publicNote), `public ${status}`).toBe(
        PUBLIC_AUDIENCE[status].includes(name),
      );
      expect(seen.has(items[status].teamNote), `team ${status}`).toBe(TEAM_AUDIENCE[status].includes(name));
      // Whoever sees a withheld item reads why; a published item carries no notice.
      const shown = seen.get(items[status].publicNote) ?? seen.get(items[status].teamNote);
      if (shown) {
        if (status === "PUBLISHED") expect(shown.moderation).toBeUndefined();
        else
          expect(shown.moderation).toMatchObject({
            status,
            reason: status === "PENDING" ? "" : `Reason for ${status}`,
          });
      }
    }
  });

  function flatten(comments: CommentDto[]): CommentDto[] {
    return comments.flatMap((comment) => [comment, ...flatten(comment.children)]);
  }

  it.each(VIEWERS)("the comment section (articleComments) as %s", async (name) => {
    const page = await articleComments(db, viewer(name), article.slug, { pageSize: 50 });
    const byId = new Map(flatten(page.comments).map((comment) => [comment.id, comment]));
    for (const status of STATUSES) {
      const comment = byId.get(items[status].comment);
      const sees = PUBLIC_AUDIENCE[status].includes(name);
      expect(comment?.state, `comment ${status}`).toBe(sees ? "visible" : "withheld");
      expect(comment?.bodyHtml.includes(`Comment ${status}`), `text of comment ${status}`).toBe(sees);
      expect(comment?.author?.id ?? null).toBe(sees ? users.author.id : null);
      expect(Boolean(comment?.moderation)).toBe(sees && status !== "PUBLISHED");
    }
    // Counts never include withheld comments, whoever asks.
    expect(page.totalComments).toBe(1);
  });

  it.each(VIEWERS)("a team thread's replies (annotationThread) as %s", async (name) => {
    const inTeam = ["author", "teamMember", "teamAdmin"].includes(name);
    if (!inTeam) {
      // Outside the team the thread does not exist, whatever the status of its replies.
      await expect(annotationThread(db, viewer(name), teamThreadId)).rejects.toMatchObject({ status: 404 });
      return;
    }
    const thread = await annotationThread(db, viewer(name), teamThreadId);
    const byId = new Map(flatten(thread.replies).map((reply) => [reply.id, reply]));
    for (const status of STATUSES) {
      const reply = byId.get(items[status].teamReply);
      const sees = TEAM_AUDIENCE[status].includes(name);
      expect(reply?.state, `reply ${status}`).toBe(sees ? "visible" : "withheld");
      expect(reply?.bodyHtml.includes(`Reply ${status}`)).toBe(sees);
    }
  });
});
