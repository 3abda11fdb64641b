// Annotations in the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/): used by
// the JSON-LD export and import here, and by the annotation API (issue 7).
//
// Extension properties (documented in docs/api.md) live in the Marginalia namespace:
//   marginalia:label       the highlight label (key-point, question, disagree, evidence)
//   marginalia:visibility  PRIVATE | TEAM | PUBLIC
//   marginalia:anchor      how the annotation is anchored now: EXACT | MOVED | FUZZY | ORPHANED (+ score)
import { z } from "zod";
import { rangeToCodePoints } from "./code-points";
import { ANNOTATION_LABEL_IDS, DEFAULT_LABEL } from "./labels";

/** The language of every article (and so of the notes written on it): the site is written in English. */
export const ARTICLE_LANGUAGE = "en";
import {
  MAX_ANNOTATION_BODY_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  type AnnotationDto,
} from "./schemas";

export const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
export const ANNO_PROFILE_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

export function marginaliaNamespace(baseUrl: string): string {
  return `${baseUrl}/ns#`;
}

export function revisionIri(baseUrl: string, slug: string, revisionNumber: number): string {
  return `${baseUrl}/articles/${slug}/revisions/${revisionNumber}`;
}

export function annotationIri(baseUrl: string, slug: string, id: string): string {
  return `${baseUrl}/api/annotations/${slug}/${id}`;
}

export interface WebAnnotationContext {
  baseUrl: string;
  slug: string;
  /** Revision number of each revision id the annotations refer to. */
  revisionNumbers: Map<string, number>;
  /**
   * Plain text of the revisions whose positions may be written, by revision id: stored positions count
   * UTF-16 code units and are written as Unicode code points (Model §4.2.5), which needs the text. A
   * position on a revision not in the map is left out (the quote still anchors it).
   */
  revisionTexts: Map<string, string>;
}

export function toWebAnnotation(
  annotation: AnnotationDto & { canonical?: string | null },
  context: WebAnnotationContext,
) {
  const { baseUrl, slug } = context;
  const source = revisionIri(baseUrl, slug, context.revisionNumbers.get(annotation.revisionId) ?? 0);
  const creator = {
    id: `${baseUrl}/users/${annotation.author.handle}`,
    type: "Person",
    name: annotation.author.name,
    nickname: annotation.author.handle,
  };
  // Model §3.3.1: a body may name its own creator and dates; the note is written in the article's language.
  const bodyProvenance = {
    language: ARTICLE_LANGUAGE,
    creator: creator.id,
    created: annotation.createdAt,
  };
  const bodies = [
    ...(annotation.body !== null || annotation.bodyHtml !== null
      ? [
          {
            type: "TextualBody",
            value: annotation.body ?? "",
            format: "text/markdown",
            purpose: "commenting",
            ...bodyProvenance,
          },
        ]
      : []),
    ...annotation.tags.map((tag) => ({
      type: "TextualBody",
      value: tag,
      purpose: "tagging",
      ...bodyProvenance,
    })),
  ];
  const revisionText = context.revisionTexts.get(annotation.revisionId);
  const position =
    annotation.start !== null && annotation.end !== null && revisionText !== undefined
      ? rangeToCodePoints(revisionText, { start: annotation.start, end: annotation.end })
      : null;
  const target =
    annotation.exact === null
      ? { type: "SpecificResource", source }
      : {
          type: "SpecificResource",
          source,
          selector: [
            {
              type: "TextQuoteSelector",
              exact: annotation.exact,
              prefix: annotation.prefix ?? "",
              suffix: annotation.suffix ?? "",
            },
            ...(position ? [{ type: "TextPositionSelector", ...position }] : []),
          ],
        };
  return {
    "@context": [ANNO_CONTEXT, { marginalia: marginaliaNamespace(baseUrl) }],
    id: annotationIri(baseUrl, slug, annotation.id),
    type: "Annotation",
    motivation:
      annotation.exact === null || annotation.body !== null || annotation.bodyHtml !== null
        ? "commenting"
        : "highlighting",
    ...(annotation.canonical ? { canonical: annotation.canonical } : {}),
    created: annotation.createdAt,
    modified: annotation.updatedAt,
    creator,
    ...(bodies.length ? { body: bodies.length === 1 ? bodies[0] : bodies } : {}),
    target,
    "marginalia:label": annotation.label,
    "marginalia:visibility": annotation.visibility,
    "marginalia:anchor": {
      status: annotation.anchorStatus,
      ...(annotation.anchorScore !== null ? { score: annotation.anchorScore } : {}),
    },
  };
}

export type WebAnnotation = ReturnType<typeof toWebAnnotation>;

export function toAnnotationCollection(items: WebAnnotation[], { id, label }: { id: string; label: string }) {
  return {
    "@context": ANNO_CONTEXT,
    id,
    type: "AnnotationCollection",
    label,
    total: items.length,
    // One embedded page, so it is both the first and the last (Model §5.2).
    first: { id: `${id}#page1`, type: "AnnotationPage", partOf: id, startIndex: 0, items },
    last: `${id}#page1`,
  };
}

// ───────────── Reading Web Annotations (import and the API's POST/PUT) ─────────────

/** Most annotations one import may carry. */
export const MAX_IMPORT_ITEMS = 5_000;

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema)]).transform((value) => (Array.isArray(value) ? value : [value]));

const textQuoteSelector = z.looseObject({
  type: z.literal("TextQuoteSelector"),
  exact: z.string().min(1).max(MAX_QUOTE_LENGTH),
  prefix: z.string().max(MAX_QUOTE_LENGTH).optional(),
  suffix: z.string().max(MAX_QUOTE_LENGTH).optional(),
});
const textPositionSelector = z.looseObject({
  type: z.literal("TextPositionSelector"),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
const otherSelector = z.looseObject({ type: z.string() });
const selector = z.union([textQuoteSelector, textPositionSelector, otherSelector]);

const specificTarget = z.looseObject({
  source: z.string().min(1).max(2_000),
  selector: oneOrMany(selector).optional(),
});
const target = z.union([
  z
    .string()
    .min(1)
    .max(2_000)
    .transform((source) => ({ source, selector: undefined })),
  specificTarget,
]);

export const webAnnotationSchema = z.looseObject({
  id: z.string().max(2_000).optional(),
  type: z.union(
    [z.literal("Annotation"), z.array(z.string()).refine((types) => types.includes("Annotation"))],
    {
      error: 'expected "Annotation"',
    },
  ),
  motivation: z.union([z.string(), z.array(z.string())]).optional(),
  // Bodies are read by hand below (Choice, IRIs, TextualBody), so errors can name the item and what
  // was expected.
  body: z.unknown().optional(),
  bodyValue: z.string().optional(),
  target: oneOrMany(target).refine((targets) => targets.length === 1, "exactly one target is supported"),
  canonical: z.string().max(2_000).optional(),
  via: z.union([z.string().max(2_000), z.array(z.string().max(2_000))]).optional(),
  "marginalia:label": z.enum(ANNOTATION_LABEL_IDS, { error: "Unknown label" }).optional(),
  "marginalia:visibility": z.enum(["PRIVATE", "TEAM", "PUBLIC"]).optional(),
});

export interface ParsedWebAnnotation {
  id: string | null;
  canonical: string | null;
  /** Where the annotation came from: a client-sent `via`, and a client-sent `id` (Model §5.1). */
  via: string[];
  source: string;
  quote: { exact: string; prefix: string; suffix: string } | null;
  /** In Unicode code points, as sent (Model §4.2.5); convert with ./code-points.ts. */
  position: { start: number; end: number } | null;
  body: string | null;
  tags: string[];
  label: (typeof ANNOTATION_LABEL_IDS)[number];
  visibility: "PRIVATE" | "TEAM" | "PUBLIC";
}

export class WebAnnotationError extends Error {}

/** A JSON path as the error messages write it: body[1].type, target.selector[0].refinedBy. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (written, key) =>
      typeof key === "number" ? `${written}[${key}]` : written ? `${written}.${String(key)}` : String(key),
    "",
  );
}

const IRI_PATTERN = /^[a-z][a-z0-9+.-]*:\S+$/i;

type Selector = z.infer<typeof selector>;

/** The selectors of a target, with each `refinedBy` chain followed (Model §4.2.9). */
function flattenSelectors(selectors: Selector[]): Selector[] {
  const flat: Selector[] = [];
  const visit = (one: Selector, depth: number) => {
    flat.push(one);
    const refined = (one as { refinedBy?: unknown }).refinedBy;
    if (depth >= MAX_REFINEMENT_DEPTH || refined === undefined) return;
    for (const next of Array.isArray(refined) ? refined : [refined]) {
      const parsed = selector.safeParse(next);
      if (parsed.success) visit(parsed.data, depth + 1);
    }
  };
  selectors.forEach((one) => visit(one, 0));
  return flat;
}

/** Deepest `refinedBy` chain followed; real tools nest one or two. */
const MAX_REFINEMENT_DEPTH = 8;

interface ReadBodies {
  texts: string[];
  tags: string[];
  links: string[];
}

/**
 * The bodies a tool may write (Model §3.2): TextualBody (or an object with `value`), an IRI string or an
 * object with only an `id` (an external resource, kept as a link), and `Choice` (its items, Model §3.2.7).
 * `purpose: "tagging"` makes a tag.
 */
function readBodies(value: unknown, path: string, into: ReadBodies, depth = 0) {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => readBodies(item, `${path}[${index}]`, into, depth));
    return;
  }
  if (typeof value === "string") {
    if (!IRI_PATTERN.test(value)) throw new WebAnnotationError(`${path}: expected an IRI or a TextualBody`);
    into.links.push(value);
    return;
  }
  if (typeof value !== "object" || value === null)
    throw new WebAnnotationError(`${path}: expected "TextualBody" or an IRI`);
  const record = value as Record<string, unknown>;
  const types = Array.isArray(record.type) ? record.type : [record.type];
  if (types.includes("Choice")) {
    if (depth > 2 || !Array.isArray(record.items) || record.items.length === 0)
      throw new WebAnnotationError(`${path}.items: expected a list of bodies`);
    readBodies(record.items, `${path}.items`, into, depth + 1);
    return;
  }
  if ("value" in record) {
    if (record.type !== undefined && !types.includes("TextualBody"))
      throw new WebAnnotationError(`${path}.type: expected "TextualBody" or an IRI`);
    if (typeof record.value !== "string") throw new WebAnnotationError(`${path}.value: expected a string`);
    const purposes = Array.isArray(record.purpose) ? record.purpose : [record.purpose];
    if (purposes.includes("tagging")) into.tags.push(record.value);
    else into.texts.push(record.value);
    return;
  }
  const id = record.id ?? record.source;
  if (typeof id === "string" && IRI_PATTERN.test(id)) {
    into.links.push(id);
    return;
  }
  throw new WebAnnotationError(`${path}.type: expected "TextualBody" or an IRI`);
}

/** Reads one Web Annotation into our terms, or throws WebAnnotationError naming the JSON path at fault. */
export function parseWebAnnotation(input: unknown): ParsedWebAnnotation {
  const result = webAnnotationSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new WebAnnotationError(`${jsonPath(issue.path) || "annotation"}: ${issue.message}`);
  }
  const annotation = result.data;
  const theTarget = annotation.target[0]!;
  const selectors = flattenSelectors(theTarget.selector ?? []);
  const quote = selectors.find((s): s is z.infer<typeof textQuoteSelector> => s.type === "TextQuoteSelector");
  const position = selectors.find(
    (s): s is z.infer<typeof textPositionSelector> => s.type === "TextPositionSelector",
  );
  // Range, XPath, CSS and other selectors are accepted and ignored: anchoring uses the text ones.
  if (selectors.length > 0 && !quote && !position)
    throw new WebAnnotationError(
      "target.selector: expected a TextQuoteSelector or a TextPositionSelector (alone, in a list or in refinedBy)",
    );
  const bodies: ReadBodies = { texts: [], tags: [], links: [] };
  readBodies(annotation.body, "body", bodies);
  if (annotation.bodyValue !== undefined) bodies.texts.unshift(annotation.bodyValue);
  // The first text body is the note; further text bodies and IRI bodies are kept after it, as paragraphs
  // and links, so nothing a tool wrote is lost.
  const parts = [
    ...bodies.texts.filter((text) => text.trim() !== ""),
    ...bodies.links.map((link) => `<${link}>`),
  ];
  const text = parts.length ? parts.join("\n\n") : null;
  if (text !== null && text.length > MAX_ANNOTATION_BODY_LENGTH) {
    throw new WebAnnotationError(`body: at most ${MAX_ANNOTATION_BODY_LENGTH} characters`);
  }
  const tags = bodies.tags.map((tag) => tag.trim().toLowerCase());
  if (tags.length > MAX_TAGS || tags.some((tag) => tag.length === 0 || tag.length > MAX_TAG_LENGTH)) {
    throw new WebAnnotationError(`body: at most ${MAX_TAGS} tags of 1 to ${MAX_TAG_LENGTH} characters`);
  }
  if (!quote && !position && text === null)
    throw new WebAnnotationError("body: an annotation without a selector (a page note) needs a body");
  if (position && position.end <= position.start)
    throw new WebAnnotationError("target.selector: TextPositionSelector end must follow start");
  const sentVia = annotation.via === undefined ? [] : [annotation.via].flat();
  return {
    id: annotation.id ?? null,
    canonical: annotation.canonical ?? null,
    via: [...new Set([...sentVia, ...(annotation.id ? [annotation.id] : [])])],
    source: theTarget.source,
    quote: quote ? { exact: quote.exact, prefix: quote.prefix ?? "", suffix: quote.suffix ?? "" } : null,
    position: position ? { start: position.start, end: position.end } : null,
    body: text,
    tags: [...new Set(tags)],
    label: annotation["marginalia:label"] ?? DEFAULT_LABEL,
    visibility: annotation["marginalia:visibility"] ?? "PRIVATE",
  };
}

/** The items of an AnnotationCollection (embedded pages), an AnnotationPage, an array or one annotation. */
export function annotationItemsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (typeof document !== "object" || document === null)
    throw new WebAnnotationError("expected a JSON object or array");
  const record = document as Record<string, unknown>;
  const type = record.type;
  const isType = (name: string) => type === name || (Array.isArray(type) && type.includes(name));
  if (isType("Annotation")) return [document];
  if (isType("AnnotationPage")) return Array.isArray(record.items) ? record.items : [];
  if (isType("AnnotationCollection")) {
    const items: unknown[] = [];
    // Follow embedded pages only; a collection whose pages are links must be fetched page by page.
    let page = record.first as Record<string, unknown> | undefined;
    const seen = new Set<unknown>();
    while (page && typeof page === "object" && !seen.has(page)) {
      seen.add(page);
      if (Array.isArray(page.items)) items.push(...(page.items as unknown[]));
      page = page.next as Record<string, unknown> | undefined;
    }
    if (Array.isArray(record.items)) items.push(...(record.items as unknown[]));
    return items;
  }
  throw new WebAnnotationError('expected an "AnnotationCollection", an "AnnotationPage" or an "Annotation"');
}

/** The slug and revision number a target source names, when it is one of ours. */
export function parseRevisionIri(
  baseUrl: string,
  source: string,
): { slug: string; revisionNumber: number | null } | null {
  let url: URL;
  try {
    url = new URL(source, baseUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(baseUrl).origin) return null;
  const match = /^\/articles\/([a-z0-9-]+)(?:\/revisions\/(\d+))?\/?$/.exec(url.pathname);
  if (!match) return null;
  return { slug: match[1]!, revisionNumber: match[2] ? Number(match[2]) : null };
}
