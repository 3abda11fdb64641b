// Export my annotations (Markdown, W3C JSON-LD) and import the JSON-LD back, re-anchored.
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import {
  exportMyAnnotationsAsJsonLd,
  exportMyAnnotationsAsMarkdown,
  importAnnotations,
} from "@/lib/annotations/export-import";
import { listAnnotations } from "@/lib/annotations/queries";
import { publishRevision } from "@/lib/articles/publish-revision";
import { testDb } from "../../helpers/db";
import { createArticle, createUser, FIXTURE_ARTICLE_BODY, selectorFor } from "../../helpers/fixtures";

const db = testDb();
const BASE = "http://localhost:3000";

describe("export and import", () => {
  it("exports only my annotations, in article order, as Markdown and as an AnnotationCollection", async () => {
    const article = await createArticle(db);
    const [me, other] = await Promise.all([createUser(db), createUser(db)]);
    const text = article.revision.plainText;
    const annotate = (user: typeof me, quote: string, body: string | null) =>
      createAnnotation(db, user, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(text, quote),
        body,
        visibility: "PUBLIC",
        tags: ["supply"],
      });
    await annotate(me, "third paragraph", "Later in the text");
    await annotate(me, "first paragraph", "Earlier in the text");
    await annotate(other, "second paragraph", "Someone else's");

    const markdown = await exportMyAnnotationsAsMarkdown(db, me, article.slug, BASE);
    expect(markdown.content).toContain("> first paragraph\n\nEarlier in the text");
    expect(markdown.content.indexOf("Earlier in the text")).toBeLessThan(
      markdown.content.indexOf("Later in the text"),
    );
    expect(markdown.content).not.toContain("Someone else's");

    const { content } = await exportMyAnnotationsAsJsonLd(db, me, article.slug, BASE);
    expect(content.type).toBe("AnnotationCollection");
    expect(content.total).toBe(2);
    const first = content.first.items[0]!;
    expect(first.type).toBe("Annotation");
    expect(first.target).toMatchObject({
      source: `${BASE}/articles/${article.slug}/revisions/1`,
      selector: [{ type: "TextQuoteSelector", exact: "first paragraph" }, { type: "TextPositionSelector" }],
    });
    // Each body names its creator, creation time and language (Model §3.3.1, issue 17).
    const provenance = { creator: first.creator.id, created: first.created, language: "en" };
    expect(first.body).toEqual([
      {
        type: "TextualBody",
        value: "Earlier in the text",
        format: "text/markdown",
        purpose: "commenting",
        ...provenance,
      },
      { type: "TextualBody", value: "supply", purpose: "tagging", ...provenance },
    ]);
  });

  it("imports an export into another account, re-anchoring against the current revision and reporting the outcome", async () => {
    const article = await createArticle(db);
    const [me, importer] = await Promise.all([createUser(db), createUser(db)]);
    const text = article.revision.plainText;
    for (const quote of ["first paragraph", "processing capacity", "draws conclusions for allies"]) {
      await createAnnotation(db, me, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(text, quote),
        body: `on ${quote}`,
      });
    }
    const { content } = await exportMyAnnotationsAsJsonLd(db, me, article.slug, BASE);

    // The article changes before the import: one passage moves, one disappears.
    await publishRevision(db, article.id, {
      title: "t",
      summary: "s",
      categories: [],
      body: FIXTURE_ARTICLE_BODY.replace("The first paragraph", "Inserted.\n\nThe first paragraph").replace(
        "draws conclusions for allies",
        "ends",
      ),
    });
    // Make sure the export is read from JSON, as it would arrive over HTTP.
    const report = await importAnnotations(
      db,
      importer,
      article.slug,
      JSON.parse(JSON.stringify(content)),
      BASE,
    );
    expect(report).toMatchObject({ anchored: 0, moved: 2, fuzzy: 0, orphaned: 1, failed: 0 });

    const margin = await listAnnotations(db, article.slug, importer);
    expect(margin.annotations.map((annotation) => annotation.exact).sort()).toEqual([
      "first paragraph",
      "processing capacity",
    ]);
    expect(margin.orphans.map((annotation) => annotation.originalExact)).toEqual([
      "draws conclusions for allies",
    ]);
    expect(margin.annotations.every((annotation) => annotation.visibility === "PRIVATE")).toBe(true);
  });

  it("reports malformed items and items for another article without storing them", async () => {
    const article = await createArticle(db);
    const importer = await createUser(db);
    const before = await db.annotation.count({ where: { authorId: importer.id } });
    const report = await importAnnotations(
      db,
      importer,
      article.slug,
      {
        type: "AnnotationCollection",
        first: {
          type: "AnnotationPage",
          items: [
            {
              type: "Annotation",
              target: {
                source: `${BASE}/articles/another-article/revisions/1`,
                selector: { type: "TextQuoteSelector", exact: "x" },
              },
            },
            { type: "Note", target: "x" },
            {
              type: "Annotation",
              target: {
                source: `https://elsewhere.example/articles/${article.slug}`,
                selector: { type: "TextQuoteSelector", exact: "x" },
              },
            },
          ],
        },
      },
      BASE,
    );
    expect(report.failed).toBe(3);
    expect(report.errors.map((error) => error.index)).toEqual([0, 1, 2]);
    expect(await db.annotation.count({ where: { authorId: importer.id } })).toBe(before);

    const notJsonLd = await importAnnotations(db, importer, article.slug, { hello: "world" }, BASE).catch(
      (error: unknown) => error,
    );
    expect(notJsonLd).toBeInstanceOf(ApiError);
    expect((notJsonLd as ApiError).status).toBe(422);
  });
});
