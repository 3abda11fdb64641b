// Model §4.2.5: TextPositionSelector start/end count Unicode code points. An astral character (emoji,
// CJK extension B) before a passage must not shift it, on POST, in the API's GET, in the export and on
// import. Storage keeps UTF-16 offsets (the browser's DOM anchoring uses them).
import { describe, expect, it } from "vitest";
import {
  exportMyAnnotationsAsJsonLd,
  exportMyAnnotationsAsMarkdown,
  importAnnotations,
} from "@/lib/annotations/export-import";
import { testDb } from "../../helpers/db";
import { createArticle, createUser } from "../../helpers/fixtures";
import { BASE, containerUrl, json, protocolClient, tokenFor } from "../annotation-protocol/protocol-client";

const db = testDb();
const api = protocolClient(db);

const BODY =
  "😀 An emoji 𠀋 and a CJK extension B ideograph come first.\n\nThen the quoted passage follows here.";
const QUOTE = "the quoted passage";

/** The code-point range of the quote in the text, as a W3C client counts it. */
function codePointRange(text: string, quote: string) {
  const start = [...text.slice(0, text.indexOf(quote))].length;
  return { start, end: start + [...quote].length };
}

function annotationOn(slug: string, range: { start: number; end: number }, body = "A note") {
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    body: { type: "TextualBody", value: body },
    target: {
      source: `${BASE}/articles/${slug}/revisions/1`,
      selector: [
        { type: "TextQuoteSelector", exact: QUOTE },
        { type: "TextPositionSelector", ...range },
      ],
    },
  };
}

function positionOf(annotation: Record<string, unknown>) {
  const selectors = (annotation.target as { selector: { type: string; start?: number; end?: number }[] })
    .selector;
  const position = selectors.find((selector) => selector.type === "TextPositionSelector")!;
  return { start: position.start, end: position.end };
}

describe("positions in Unicode code points (Model §4.2.5)", () => {
  it("an emoji before a passage does not shift it: POST, GET, export and import agree in code points", async () => {
    const article = await createArticle(db, BODY);
    const text = article.revision.plainText;
    const points = codePointRange(text, QUOTE);
    const utf16Start = text.indexOf(QUOTE);
    expect(utf16Start).toBe(points.start + 2); // two astral characters before it

    const author = await createUser(db);
    const token = await tokenFor(db, author);
    const created = await api.call("POST", containerUrl(article.slug), {
      token,
      body: annotationOn(article.slug, points),
    });
    expect(created.status).toBe(201);
    const document = await json(created);
    expect(positionOf(document)).toEqual(points);

    const stored = await db.annotation.findFirstOrThrow({ where: { articleId: article.id } });
    expect({ start: stored.start, end: stored.end }).toEqual({
      start: utf16Start,
      end: utf16Start + QUOTE.length,
    });
    expect(text.slice(stored.start!, stored.end!)).toBe(QUOTE);

    const fetched = await json(await api.call("GET", String(document.id), { token }));
    expect(positionOf(fetched)).toEqual(points);

    const exported = await exportMyAnnotationsAsJsonLd(db, author, article.slug, BASE);
    const item = (exported.content.first.items as unknown as Record<string, unknown>[])[0]!;
    expect(positionOf(item)).toEqual(points);

    // The Markdown export links each item to its passage on the page (the page's UTF-16 #passage= link).
    const markdown = await exportMyAnnotationsAsMarkdown(db, author, article.slug, BASE);
    expect(markdown.content).toContain(
      `[Passage](${BASE}/articles/${article.slug}#passage=${stored.start}-${stored.end})`,
    );

    const importer = await createUser(db);
    const report = await importAnnotations(db, importer, article.slug, exported.content, BASE);
    expect(report).toMatchObject({ anchored: 1, failed: 0 });
    const imported = await db.annotation.findFirstOrThrow({
      where: { articleId: article.id, authorId: importer.id },
    });
    expect({ start: imported.start, end: imported.end }).toEqual({ start: stored.start, end: stored.end });
  });

  it("UTF-16 offsets sent as if they were code points do not land on other text", async () => {
    const article = await createArticle(db, BODY);
    const text = article.revision.plainText;
    const author = await createUser(db);
    const token = await tokenFor(db, author);
    const utf16 = { start: text.indexOf(QUOTE), end: text.indexOf(QUOTE) + QUOTE.length };
    // The quote decides: the annotation is anchored on the quoted text, not two characters later.
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: annotationOn(article.slug, utf16),
    });
    expect(response.status).toBe(201);
    const stored = await db.annotation.findFirstOrThrow({ where: { articleId: article.id } });
    expect(text.slice(stored.start!, stored.end!)).toBe(QUOTE);
    expect(positionOf(await json(response))).toEqual(codePointRange(text, QUOTE));
  });
});
