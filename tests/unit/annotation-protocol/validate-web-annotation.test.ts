// The Web Annotation Data Model checks: the model's own examples pass; each broken requirement is caught.
import { describe, expect, it } from "vitest";
import {
  validateAnnotation,
  validateAnnotationCollection,
  validateAnnotationPage,
} from "@/lib/annotation-protocol/validate-web-annotation";

const CONTEXT = "http://www.w3.org/ns/anno.jsonld";

// Shaped after the model's examples (sections 3 and 4).
const valid = {
  "@context": CONTEXT,
  id: "http://example.org/anno1",
  type: "Annotation",
  motivation: "commenting",
  created: "2015-10-13T13:00:00Z",
  creator: { id: "http://example.org/user1", type: "Person", name: "A. Person", nickname: "user1" },
  body: [
    { type: "TextualBody", value: "<p>Comment text</p>", format: "text/html", purpose: "commenting" },
    { type: "TextualBody", value: "love", purpose: "tagging" },
  ],
  target: {
    source: "http://example.org/page1",
    selector: [
      { type: "TextQuoteSelector", exact: "anotation", prefix: "this is an ", suffix: " that has some" },
      { type: "TextPositionSelector", start: 412, end: 795 },
    ],
  },
  canonical: "urn:uuid:dbfb1861-0ecf-41ad-be94-a584e5c4f1df",
};

const without = (key: string) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key));

describe("validateAnnotation", () => {
  it("accepts a complete annotation and the minimal one of example 1", () => {
    expect(validateAnnotation(valid)).toEqual([]);
    expect(
      validateAnnotation({
        "@context": CONTEXT,
        id: "http://example.org/anno1",
        type: "Annotation",
        body: "http://example.org/post1",
        target: "http://example.com/page1",
      }),
    ).toEqual([]);
  });

  it.each([
    ["no @context", without("@context"), "@context"],
    ["another @context", { ...valid, "@context": "https://www.w3.org/ns/activitystreams" }, "@context"],
    ["no id", without("id"), "id"],
    ["an id that is not an IRI", { ...valid, id: "anno 1" }, "id"],
    ["no Annotation type", { ...valid, type: "Note" }, "type"],
    ["no target", without("target"), "target"],
    [
      "a TextualBody without value",
      { ...valid, body: { type: "TextualBody", format: "text/plain" } },
      "value",
    ],
    [
      "a specific resource without source",
      { ...valid, target: { selector: { type: "TextQuoteSelector", exact: "a" } } },
      "target.id",
    ],
    ["two sources", { ...valid, target: { source: ["http://a.example/", "http://b.example/"] } }, "source"],
    [
      "a quote selector without exact",
      {
        ...valid,
        target: { source: "http://example.org/page1", selector: { type: "TextQuoteSelector", prefix: "x" } },
      },
      "exact",
    ],
    [
      "a negative start",
      {
        ...valid,
        target: {
          source: "http://example.org/page1",
          selector: { type: "TextPositionSelector", start: -1, end: 3 },
        },
      },
      "start",
    ],
    [
      "end before start",
      {
        ...valid,
        target: {
          source: "http://example.org/page1",
          selector: { type: "TextPositionSelector", start: 5, end: 3 },
        },
      },
      "end MUST NOT",
    ],
    ["a date that is not xsd:dateTime", { ...valid, created: "13/10/2015" }, "created"],
    ["an unknown motivation", { ...valid, motivation: "liking" }, "motivation"],
    ["a canonical that is not an IRI", { ...valid, canonical: "not an iri" }, "canonical"],
    ["bodyValue beside body", { ...valid, bodyValue: "x" }, "bodyValue"],
  ])("catches %s", (_name, document, where) => {
    const violations = validateAnnotation(document);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.join("\n")).toContain(where);
  });
});

describe("collections and pages", () => {
  const page = {
    id: "http://example.org/c/?page=0",
    type: "AnnotationPage",
    startIndex: 0,
    items: [without("@context")],
  };

  it("accepts a collection with an embedded first page, and an empty collection without pages", () => {
    expect(
      validateAnnotationCollection({
        "@context": CONTEXT,
        id: "http://example.org/c/",
        type: "AnnotationCollection",
        total: 1,
        first: page,
      }),
    ).toEqual([]);
    expect(
      validateAnnotationCollection({
        "@context": CONTEXT,
        id: "http://example.org/c/",
        type: ["BasicContainer", "AnnotationCollection"],
        total: 0,
      }),
    ).toEqual([]);
  });

  it("catches a collection with annotations but no first page, an empty page, and a page missing next", () => {
    expect(
      validateAnnotationCollection({
        "@context": CONTEXT,
        id: "http://example.org/c/",
        type: "AnnotationCollection",
        total: 3,
      }).join(),
    ).toContain("first");
    expect(
      validateAnnotationPage({ "@context": CONTEXT, ...page, items: [] }, { last: true }).join(),
    ).toContain("items");
    expect(validateAnnotationPage({ "@context": CONTEXT, ...page }, { last: false }).join()).toContain(
      "next",
    );
    expect(
      validateAnnotationCollection({
        "@context": CONTEXT,
        id: "http://example.org/c/",
        type: "AnnotationCollection",
        total: 5,
        first: page,
      }).join(),
    ).toContain("next");
  });
});
