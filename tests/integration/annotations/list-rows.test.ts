// The margin's list loads its rows with one SQL query (lib/annotations/list-sql.ts) instead of Prisma.
// These tests hold it to the Prisma reference: for every viewer, exactly the annotations the privacy rule
// (visibleAnnotationsWhere) lets through, in the same order, and every field of every item identical to
// what the relation-loading Prisma query gives (the annotator and the W3C API rely on that shape).
import { describe, expect, it } from "vitest";
import { ANNOTATION_DTO_SELECT, toAnnotationDto } from "@/lib/annotations/dto";
import { annotationRowsByIds } from "@/lib/annotations/list-sql";
import { annotationViewer, listAnnotations } from "@/lib/annotations/queries";
import type { AnnotationDto } from "@/lib/annotations/schemas";
import { visibleAnnotationsWhere } from "@/lib/annotations/visibility";
import type { SessionUser } from "@/lib/auth/session-user";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();

/** What the list returned before it used SQL: Prisma with relations, the privacy rule in its where. */
async function prismaReference(articleId: string, revisionId: string, viewer: SessionUser | null) {
  const rows = await db.annotation.findMany({
    where: {
      AND: [
        visibleAnnotationsWhere(await annotationViewer(db, viewer)),
        { articleId, revisionId, anchorStatus: { not: "ORPHANED" } },
      ],
    },
    select: ANNOTATION_DTO_SELECT,
    orderBy: [{ start: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((row) => toAnnotationDto(row, viewer?.id ?? null));
}

/** The list's items without the moderation notice, which comes from its own lookup, not from the rows. */
function withoutNotice(items: AnnotationDto[]) {
  return items.map(({ moderation: _notice, ...item }) => item);
}

describe("the annotation list's SQL rows", () => {
  it("give each viewer exactly the Prisma rule's annotations, field for field, in order", async () => {
    const article = await createArticle(db);
    const [author, teammate, exMember, stranger] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    const moderator = await createUser(db, { role: "MODERATOR" });
    const team = await createTeam(db, [author, teammate, exMember]);
    const text = article.revision.plainText;
    // Rows written directly (createAnnotation's flood limit allows 5 a minute): only reading is tested here.
    let sequence = 0;
    const make = (
      visibility: "PRIVATE" | "PUBLIC" | "TEAM",
      quote: string | null,
      extra: { body?: string; tags?: string[]; label?: string; authorId?: string } = {},
    ) => {
      sequence += 1;
      const selector = quote === null ? null : selectorFor(text, quote);
      return db.annotation.create({
        data: {
          articleId: article.id,
          revisionId: article.revision.id,
          authorId: extra.authorId ?? author.id,
          visibility,
          teamId: visibility === "TEAM" ? team.id : null,
          label: extra.label ?? "key-point",
          body: extra.body ?? null,
          bodyHtml: extra.body ? `<p>${extra.body}</p>` : null,
          tags: extra.tags ?? [],
          ...(selector ?? {}),
          originalExact: selector?.exact ?? null,
          // Distinct, known creation times: the list's order breaks ties on them.
          createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, sequence, 123)),
        },
      });
    };

    const privateOne = await make("PRIVATE", "first paragraph", { body: "Only *mine*.", tags: ["a", "b"] });
    const publicOne = await make("PUBLIC", "second paragraph", { body: 'See "this" & <that>.' });
    const teamOne = await make("TEAM", "third paragraph", { label: "question" });
    const pending = await make("PUBLIC", "processing capacity");
    const hidden = await make("PUBLIC", "refining");
    const removed = await make("TEAM", "Inner Mongolia");
    const spam = await make("PUBLIC", "supply chains");
    const deleted = await make("PUBLIC", "tight coordination");
    const orphan = await make("PUBLIC", "state-owned enterprises");
    const fuzzy = await make("PUBLIC", "allies");
    // A page note (no quote) by someone else, public; and a private one of theirs.
    const note = await make("PUBLIC", null, { body: "A note on the whole page.", authorId: stranger.id });
    const strangersOwn = await make("PRIVATE", "second paragraph", { authorId: stranger.id });
    await Promise.all([
      db.annotation.update({ where: { id: pending.id }, data: { status: "PENDING" } }),
      db.annotation.update({ where: { id: hidden.id }, data: { status: "HIDDEN" } }),
      db.annotation.update({ where: { id: removed.id }, data: { status: "REMOVED" } }),
      db.annotation.update({ where: { id: spam.id }, data: { status: "SPAM" } }),
      db.annotation.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } }),
      db.annotation.update({ where: { id: orphan.id }, data: { anchorStatus: "ORPHANED" } }),
      db.annotation.update({
        where: { id: fuzzy.id },
        data: {
          anchorStatus: "FUZZY",
          anchorScore: 0.8734567891234,
          editedAt: new Date("2025-03-04T05:06:07.089Z"),
        },
      }),
    ]);
    // The ex-member left the team: they lose its annotations at once.
    await db.teamMembership.deleteMany({ where: { teamId: team.id, userId: exMember.id } });

    const expected: [string, SessionUser | null, string[]][] = [
      [
        "owner",
        author,
        [
          privateOne.id,
          publicOne.id,
          teamOne.id,
          pending.id,
          hidden.id,
          removed.id,
          spam.id,
          fuzzy.id,
          note.id,
        ],
      ],
      ["team member", teammate, [publicOne.id, teamOne.id, fuzzy.id, note.id]],
      ["ex-member", exMember, [publicOne.id, fuzzy.id, note.id]],
      ["other reader", stranger, [publicOne.id, fuzzy.id, note.id, strangersOwn.id]],
      // A site moderator also sees the public ones under review (PENDING, HIDDEN), not withdrawn ones.
      ["site moderator", moderator, [publicOne.id, pending.id, hidden.id, fuzzy.id, note.id]],
      ["anonymous", null, [publicOne.id, fuzzy.id, note.id]],
    ];
    for (const [who, viewer, ids] of expected) {
      const list = await listAnnotations(db, article.slug, viewer);
      const reference = await prismaReference(article.id, article.revision.id, viewer);
      expect(list.annotations.map((item) => item.id).sort(), who).toEqual([...ids].sort());
      // Identical items, identical order (the reference is what the list returned before).
      expect(withoutNotice(list.annotations), who).toEqual(reference);
    }

    // The owner's orphan comes through the same SQL, in the orphans list only.
    const mine = await listAnnotations(db, article.slug, author);
    expect(mine.orphans.map((item) => item.id)).toEqual([orphan.id]);
    expect(mine.orphans[0]).toMatchObject({
      anchorStatus: "ORPHANED",
      isMine: true,
      originalExact: "state-owned enterprises",
    });
  });

  it("returns rows in the order of the ids given, and nothing for ids that do not exist", async () => {
    const article = await createArticle(db);
    const author = await createUser(db);
    const text = article.revision.plainText;
    const [first, second] = await Promise.all(
      ["first paragraph", "second paragraph"].map((quote) => {
        const selector = selectorFor(text, quote);
        return db.annotation.create({
          data: {
            articleId: article.id,
            revisionId: article.revision.id,
            authorId: author.id,
            visibility: "PUBLIC",
            ...selector,
            originalExact: selector.exact,
          },
        });
      }),
    );
    const rows = await annotationRowsByIds(db, [second!.id, "no-such-annotation", first!.id]);
    expect(rows.map((row) => row.id)).toEqual([second!.id, first!.id]);
    expect(rows[0]!.author).toEqual({ id: author.id, name: author.name, handle: author.handle });
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);
    expect(await annotationRowsByIds(db, [])).toEqual([]);
  });
});
