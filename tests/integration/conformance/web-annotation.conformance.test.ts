// Conformance with the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) and
// Protocol (https://www.w3.org/TR/annotation-protocol/), written from their MUST and SHOULD statements,
// section numbers in the test names, against the real handlers and database. The Protocol's container
// MUSTs (§4, §5) are also covered one by one in tests/integration/annotation-protocol/protocol.test.ts;
// this suite adds the statements issue 17 found failing. Deviations are listed in docs/api.md.
import { describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { exportMyAnnotationsAsJsonLd } from "@/lib/annotations/export-import";
import { ANNOTATION_SERVICE_REL } from "@/lib/annotation-protocol/constants";
import { validateAnnotation } from "@/lib/annotation-protocol/validate-web-annotation";
import nextConfig from "@/next.config.js";
import { testDb } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";
import {
  BASE,
  containerUrl,
  json,
  protocolClient,
  tokenFor,
  webAnnotation,
} from "../annotation-protocol/protocol-client";

const db = testDb();
const api = protocolClient(db);

async function oneAnnotation() {
  const article = await createArticle(db);
  const author = await createUser(db);
  const token = await tokenFor(db, author);
  const response = await api.call("POST", containerUrl(article.slug), {
    token,
    body: webAnnotation(article.slug, article.revision.plainText, "first paragraph", {
      body: [
        { type: "TextualBody", value: "A note" },
        { type: "TextualBody", value: "supply", purpose: "tagging" },
      ],
    }),
  });
  expect(response.status).toBe(201);
  return { article, author, token, document: await json(response) };
}

describe("Web Annotation Data Model", () => {
  it("§3.1 MUST: @context with anno.jsonld, an id, type Annotation and a target; valid by the WPT schemas", async () => {
    const { document } = await oneAnnotation();
    expect([document["@context"]].flat()).toContain("http://www.w3.org/ns/anno.jsonld");
    expect(typeof document.id).toBe("string");
    expect(document.type).toBe("Annotation");
    expect(document.target).toBeDefined();
    expect(validateAnnotation(document)).toEqual([]);
  });

  it("§3.2.4 MUST: a TextualBody has a value; §3.3.1 SHOULD: bodies carry creator, created and language", async () => {
    const { document } = await oneAnnotation();
    const bodies = [document.body].flat() as Record<string, unknown>[];
    expect(bodies.length).toBe(2);
    for (const body of bodies) {
      expect(body.type).toBe("TextualBody");
      expect(typeof body.value).toBe("string");
      expect(body.language).toBe("en");
      expect(body.creator).toBe((document.creator as { id: string }).id);
      expect(body.created).toBe(document.created);
    }
  });

  it("§4 SHOULD: a target with selectors is a SpecificResource with a source", async () => {
    const { document } = await oneAnnotation();
    const target = document.target as { type: string; source: string; selector: unknown[] };
    expect(target.type).toBe("SpecificResource");
    expect(target.source).toMatch(/\/revisions\/1$/);
  });

  it("§4.2.4/§4.2.5 MUST: TextPositionSelector start/end count Unicode code points", async () => {
    const article = await createArticle(db, "😀😀 Then the passage.");
    const token = await tokenFor(db, await createUser(db));
    const text = article.revision.plainText;
    // Two emoji before it: two code points, four UTF-16 code units.
    const start = [...text.slice(0, text.indexOf("passage"))].length;
    expect(text.indexOf("passage")).toBe(start + 2);
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        target: {
          source: `${BASE}/articles/${article.slug}/revisions/1`,
          selector: { type: "TextPositionSelector", start, end: start + 7 },
        },
      },
    });
    expect(response.status).toBe(201);
    const selectors = (await json(response)).target as { selector: Record<string, unknown>[] };
    expect(selectors.selector).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "TextQuoteSelector", exact: "passage" }),
        { type: "TextPositionSelector", start, end: start + 7 },
      ]),
    );
  });

  it("§5.2 MUST: an AnnotationCollection's first page holds items; SHOULD: last and the page's partOf", async () => {
    const article = await createArticle(db);
    const author = await createUser(db);
    await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "first paragraph"),
      body: "Mine",
      visibility: "PRIVATE",
    });
    const { content } = await exportMyAnnotationsAsJsonLd(db, author, article.slug, BASE);
    expect(content.type).toBe("AnnotationCollection");
    expect(content.first.items.length).toBe(1);
    expect(content.last).toBe(content.first.id);
    expect(content.first.partOf).toBe(content.id);
  });
});

describe("Web Annotation Protocol", () => {
  it("§4.1 SHOULD: an annotated page advertises its container with rel oa#annotationService", async () => {
    const rules = await nextConfig.headers!();
    const articleRule = rules.find(
      (rule) => rule.source === "/articles/:slug" && rule.headers.some((header) => header.key === "Link"),
    );
    expect(articleRule?.headers).toContainEqual({
      key: "Link",
      value: `</api/annotations/:slug/>; rel="${ANNOTATION_SERVICE_REL}"`,
    });
  });

  it("§5.3 and RFC 7240 §2 MUST: a preference the server does not support is ignored, not refused", async () => {
    const { article } = await oneAnnotation();
    for (const prefer of [
      "wait=10",
      "respond-async",
      'return=representation; include="http://example.org/x"',
    ]) {
      const response = await api.call("GET", containerUrl(article.slug), { headers: { Prefer: prefer } });
      expect(response.status, prefer).toBe(200);
    }
  });

  it("§5.3 SHOULD: Preference-Applied is sent when a preference was honoured", async () => {
    const { article } = await oneAnnotation();
    const response = await api.call("GET", containerUrl(article.slug), {
      headers: { Prefer: 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"' },
    });
    expect(response.headers.get("preference-applied")).toBe("return=representation");
  });

  it("§4.2 MUST: an annotation's IRI answers GET with the anno profile and the ldp#Resource type link", async () => {
    const { document, token } = await oneAnnotation();
    const response = await api.call("GET", String(document.id), { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    );
    expect(response.headers.get("link")).toContain('<http://www.w3.org/ns/ldp#Resource>; rel="type"');
  });
});
