// One ingestion path (issue 17): what real tools write is accepted by POST and by import with the same
// result: a Hypothesis-style annotation (positions counting the whole page, selectors in its order, a
// RangeSelector), a W3C example with Choice, a position-only target (WPT anno27), a refinedBy target
// (anno32) and an IRI body (anno26). The same canonical is stored once; errors name the JSON path.
import { describe, expect, it } from "vitest";
import type { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import { importAnnotations } from "@/lib/annotations/export-import";
import { testDb } from "../../helpers/db";
import { createArticle, createUser } from "../../helpers/fixtures";
import { BASE, containerUrl, json, protocolClient, tokenFor } from "../annotation-protocol/protocol-client";

const db = testDb();
const api = protocolClient(db);

const QUOTE = "first paragraph";

type Sample = (slug: string, text: string) => Record<string, unknown>;

function around(text: string, quote: string) {
  const start = text.indexOf(quote);
  return {
    start,
    end: start + quote.length,
    prefix: text.slice(Math.max(0, start - 20), start),
    suffix: text.slice(start + quote.length, start + quote.length + 20),
  };
}

const SAMPLES: Record<string, Sample> = {
  "a Hypothesis-style annotation": (slug, text) => {
    const at = around(text, QUOTE);
    return {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      id: "https://hypothes.is/a/AbCdEfGhIjKl",
      motivation: "commenting",
      body: [
        { type: "TextualBody", value: "From Hypothesis", format: "text/markdown" },
        { type: "TextualBody", value: "Supply", purpose: "tagging" },
      ],
      target: {
        source: `${BASE}/articles/${slug}`,
        selector: [
          {
            type: "RangeSelector",
            startSelector: { type: "XPathSelector", value: "/main[1]/article[1]/p[2]" },
            endSelector: { type: "XPathSelector", value: "/main[1]/article[1]/p[2]" },
          },
          // Hypothesis counts the whole page's text (navigation, header): these positions are not ours.
          { type: "TextPositionSelector", start: at.start + 812, end: at.end + 812 },
          { type: "TextQuoteSelector", exact: QUOTE, prefix: at.prefix, suffix: at.suffix },
        ],
      },
    };
  },
  "a W3C example with Choice": (slug) => ({
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: "http://example.org/anno12",
    type: "Annotation",
    body: {
      type: "Choice",
      items: [
        { type: "TextualBody", purpose: "describing", value: "Note in English", language: "en" },
        { type: "TextualBody", purpose: "describing", value: "Note en français", language: "fr" },
      ],
    },
    target: {
      source: `${BASE}/articles/${slug}/revisions/1`,
      selector: { type: "TextQuoteSelector", exact: QUOTE },
    },
  }),
  "a position-only target": (slug, text) => {
    const at = around(text, QUOTE);
    return {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: "http://example.org/anno27",
      type: "Annotation",
      bodyValue: "Position only",
      target: {
        source: `${BASE}/articles/${slug}/revisions/1`,
        selector: { type: "TextPositionSelector", start: at.start, end: at.end },
      },
    };
  },
  "a refinedBy target": (slug) => ({
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: "http://example.org/anno32",
    type: "Annotation",
    body: { type: "TextualBody", value: "Refined" },
    target: {
      source: `${BASE}/articles/${slug}/revisions/1`,
      selector: {
        type: "CssSelector",
        value: "article",
        refinedBy: { type: "TextQuoteSelector", exact: QUOTE },
      },
    },
  }),
  "an IRI body": (slug) => ({
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: "http://example.org/anno26",
    type: "Annotation",
    body: ["http://example.org/post1", { id: "http://example.org/video1", type: "Video" }],
    target: {
      source: `${BASE}/articles/${slug}/revisions/1`,
      selector: [{ type: "TextQuoteSelector", exact: QUOTE }],
    },
  }),
};

async function storedOne(articleId: string) {
  const row = await db.annotation.findFirstOrThrow({
    where: { articleId },
    select: { exact: true, start: true, end: true, body: true, tags: true },
  });
  return row;
}

describe("one ingestion path for POST and import", () => {
  it.each(Object.keys(SAMPLES))("%s is accepted by POST and by import with the same result", async (name) => {
    const sample = SAMPLES[name]!;
    const [posted, imported] = [await createArticle(db), await createArticle(db)];
    const user = await createUser(db);
    const response = await api.call("POST", containerUrl(posted.slug), {
      token: await tokenFor(db, user),
      body: sample(posted.slug, posted.revision.plainText),
    });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
    const report = await importAnnotations(
      db,
      user,
      imported.slug,
      sample(imported.slug, imported.revision.plainText),
      BASE,
    );
    expect(report.failed, JSON.stringify(report.errors)).toBe(0);
    const [viaPost, viaImport] = [await storedOne(posted.id), await storedOne(imported.id)];
    expect(viaImport).toEqual(viaPost);
    expect(viaPost.exact).toBe(QUOTE);
    expect(posted.revision.plainText.slice(viaPost.start!, viaPost.end!)).toBe(QUOTE);
  });

  it("keeps every body: the first text as the note, further texts and IRI bodies after it, tags as tags", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    for (const name of ["a Hypothesis-style annotation", "a W3C example with Choice", "an IRI body"]) {
      await importAnnotations(
        db,
        user,
        article.slug,
        SAMPLES[name]!(article.slug, article.revision.plainText),
        BASE,
      );
    }
    const rows = await db.annotation.findMany({
      where: { articleId: article.id },
      select: { body: true, tags: true },
      orderBy: { createdAt: "asc" },
    });
    expect(rows).toEqual([
      { body: "From Hypothesis", tags: ["supply"] },
      { body: "Note in English\n\nNote en français", tags: [] },
      { body: "<http://example.org/post1>\n\n<http://example.org/video1>", tags: [] },
    ]);
  });

  it("stores the same canonical once: twice in one import, again in a second import, then on POST (409)", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const one = {
      ...SAMPLES["a refinedBy target"]!(article.slug, article.revision.plainText),
      canonical: "urn:uuid:1f0c7a52-9a51-4c0e-9d0a-5b1d7e0c1a11",
    };
    const collection = { type: "AnnotationPage", items: [one, { ...one, id: "http://example.org/other" }] };
    // A quote without a position is placed where it fits best: counted as moved.
    expect(await importAnnotations(db, user, article.slug, collection, BASE)).toMatchObject({
      moved: 1,
      duplicates: 1,
    });
    expect(await importAnnotations(db, user, article.slug, collection, BASE)).toMatchObject({
      moved: 0,
      duplicates: 2,
    });
    const response = await api.call("POST", containerUrl(article.slug), {
      token: await tokenFor(db, user),
      body: one,
    });
    expect(response.status).toBe(409);
    expect(await db.annotation.count({ where: { articleId: article.id } })).toBe(1);
  });

  it("stores a canonical once when writers race for it (the check is repeated under a lock)", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const canonical = "urn:uuid:6b3e1d2a-0c4f-4a57-9f0e-2d8c1b7a9e42";
    const at = around(article.revision.plainText, QUOTE);
    const write = (body: string) =>
      createAnnotation(
        db,
        user,
        article.slug,
        {
          revisionId: article.revision.id,
          selector: { exact: QUOTE, prefix: at.prefix, suffix: at.suffix, start: at.start, end: at.end },
          body,
        },
        { canonical },
      );
    // All in flight at once, past any check made before the write's own transaction.
    const outcomes = await Promise.allSettled(["one", "two", "three", "four"].map(write));
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(outcomes.length - refused.length).toBe(1);
    for (const outcome of refused) expect((outcome.reason as ApiError).status).toBe(409);
    expect(await db.annotation.count({ where: { articleId: article.id, canonical } })).toBe(1);
  });

  it("names the JSON path and what was expected, on POST and on import, storing nothing", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const bad = {
      ...SAMPLES["a refinedBy target"]!(article.slug, article.revision.plainText),
      body: [
        { type: "TextualBody", value: "Fine" },
        { type: "Video", format: "video/mp4" },
      ],
    };
    const response = await api.call("POST", containerUrl(article.slug), {
      token: await tokenFor(db, user),
      body: bad,
    });
    expect(response.status).toBe(422);
    expect(((await json(response)).error as { message: string }).message).toContain(
      'body[1].type: expected "TextualBody" or an IRI',
    );
    const report = await importAnnotations(db, user, article.slug, [bad], BASE);
    expect(report.errors).toEqual([{ index: 0, message: 'body[1].type: expected "TextualBody" or an IRI' }]);
    const noText = {
      ...bad,
      body: "x",
      target: {
        source: `${BASE}/articles/${article.slug}/revisions/1`,
        selector: { type: "CssSelector", value: "p" },
      },
    };
    const second = await importAnnotations(db, user, article.slug, [noText], BASE);
    expect(second.errors[0]!.message).toMatch(
      /^body: expected an IRI|^target\.selector: expected a TextQuoteSelector/,
    );
    expect(await db.annotation.count({ where: { articleId: article.id } })).toBe(0);
  });
});
