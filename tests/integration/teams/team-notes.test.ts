// The team page's way to the team's articles and notes (issue 16): members only; team notes that are
// published and not deleted; other teams' and public notes stay out.
import { beforeAll, describe, expect, it } from "vitest";
import { createAnnotation, deleteAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import { decide } from "@/lib/moderation/commands";
import { teamNotes } from "@/lib/teams/team-notes";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();
type Article = Awaited<ReturnType<typeof createArticle>>;

function annotate(author: SessionUser, article: Article, body: string, teamId: string | null) {
  return createAnnotation(db, author, article.slug, {
    revisionId: article.revision.id,
    selector: selectorFor(article.revision.plainText, "tight coordination"),
    body,
    visibility: teamId ? "TEAM" : "PUBLIC",
    teamId,
  }).then((result) => result.annotation);
}

describe("a team's articles and notes", () => {
  let owner: SessionUser, member: SessionUser, outsider: SessionUser, moderator: SessionUser;
  let teamId: string, otherTeamId: string, first: Article, second: Article;

  beforeAll(async () => {
    [owner, member, outsider, moderator] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
    ]);
    teamId = (await createTeam(db, [owner, member])).id;
    otherTeamId = (await createTeam(db, [outsider])).id;
    [first, second] = await Promise.all([createArticle(db), createArticle(db)]);
  });

  it("lists the articles with team notes and the latest notes, for members only", async () => {
    await annotate(owner, first, "Team note one", teamId);
    await annotate(member, first, "Team note two", teamId);
    const latest = await annotate(member, second, "Team note on the second article", teamId);
    await annotate(owner, second, "A public note", null);
    await annotate(outsider, second, "Another team's note", otherTeamId);
    const deleted = await annotate(owner, second, "Deleted team note", teamId);
    await deleteAnnotation(db, owner, deleted.id);
    const hidden = await annotate(owner, first, "Hidden team note", teamId);
    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: hidden.id,
      decision: "hide",
      expectedVersion: 0,
    });

    const written = await teamNotes(db, member.id, teamId);
    expect(written?.articles).toEqual([
      { slug: second.slug, title: second.revision.title, notes: 1 },
      { slug: first.slug, title: first.revision.title, notes: 2 },
    ]);
    expect(written?.notes.map((note) => note.excerpt)).toEqual([
      "Team note on the second article",
      "Team note two",
      "Team note one",
    ]);
    expect(written?.notes[0]).toMatchObject({ id: latest.id, articleSlug: second.slug });

    expect(await teamNotes(db, outsider.id, teamId)).toBeNull();
  });
});
