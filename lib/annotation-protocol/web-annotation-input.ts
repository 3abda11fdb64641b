// A Web Annotation sent to the API (POST or PUT), read into the inputs of lib/annotations/commands.ts,
// which then applies every rule the app applies (quote at its position, limits, labels, teams, rights).
import { describeRange, reanchor } from "../annotations/anchoring";
import { rangeFromCodePoints, rangeToCodePoints } from "../annotations/code-points";
import {
  parseRevisionIri,
  parseWebAnnotation,
  type ParsedWebAnnotation,
  WebAnnotationError,
} from "../annotations/web-annotation";
import type { CreateAnnotationInput, UpdateAnnotationInput } from "../annotations/schemas";
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import type { ApiAnnotation } from "./representation";
import type { ContainerArticle } from "./store";

const LABEL = "marginalia:label";
const VISIBILITY = "marginalia:visibility";
const TEAM = "marginalia:team";
// An absolute IRI: a scheme, a colon, and no spaces.
const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

function parse(document: unknown): ParsedWebAnnotation {
  try {
    return parseWebAnnotation(document);
  } catch (error) {
    if (error instanceof WebAnnotationError)
      throw new ApiError("invalid", `Not a valid Web Annotation: ${error.message}`);
    throw error;
  }
}

function teamOf(document: unknown): string | null {
  const team = (document as Record<string, unknown>)[TEAM];
  return typeof team === "string" && team.length > 0 ? team : null;
}

function has(document: unknown, key: string): boolean {
  return typeof document === "object" && document !== null && key in document;
}

/** The target must be this article on this site: `<site>/articles/<slug>` or one of its revisions. */
function assertTargetsArticle(parsed: ParsedWebAnnotation, article: ContainerArticle, baseUrl: string) {
  const source = parseRevisionIri(baseUrl, parsed.source);
  if (!source) {
    throw new ApiError(
      "invalid",
      `target.source must be an article on this site (${baseUrl}/articles/${article.slug}/revisions/<n>), not ${parsed.source}.`,
      {
        "target.source": ["Not an article of this site"],
      },
    );
  }
  if (source.slug !== article.slug) {
    throw new ApiError(
      "invalid",
      `target.source names the article "${source.slug}"; post it to that article's container.`,
      {
        "target.source": ["Another article"],
      },
    );
  }
  return source;
}

export interface CreateFromWebAnnotation {
  input: CreateAnnotationInput;
  canonical: string | null;
}

/** POST: the create input for commands.createAnnotation, and the canonical IRI to keep. */
export async function createInputFromWebAnnotation(
  db: Db,
  article: ContainerArticle,
  baseUrl: string,
  document: unknown,
  idempotencyKey: string | null,
): Promise<CreateFromWebAnnotation> {
  const parsed = parse(document);
  const source = assertTargetsArticle(parsed, article, baseUrl);
  if (parsed.canonical !== null && !IRI.test(parsed.canonical)) {
    throw new ApiError("invalid", "canonical must be an IRI, such as urn:uuid:… or https://…", {
      canonical: ["Not an IRI"],
    });
  }
  if (parsed.canonical !== null) {
    // The same canonical is stored once per article, as on import (lib/annotations/export-import.ts).
    const existing = await db.annotation.findFirst({
      where: { articleId: article.id, canonical: parsed.canonical, deletedAt: null },
      select: { id: true },
    });
    if (existing)
      throw new ApiError(
        "conflict",
        `An annotation with this canonical IRI is already on this article: ${baseUrl}/api/annotations/${article.slug}/${existing.id}`,
        { canonical: ["Already stored"] },
      );
  }
  let revision = article.revision;
  if (source.revisionNumber !== null && source.revisionNumber !== article.revision.number) {
    const older = await db.articleRevision.findFirst({
      where: { articleId: article.id, number: source.revisionNumber },
      select: { id: true, number: true, plainText: true },
    });
    if (!older)
      throw new ApiError("invalid", `This article has no revision ${source.revisionNumber}.`, {
        "target.source": ["Unknown revision"],
      });
    revision = older;
  }
  let selector: CreateAnnotationInput["selector"] = null;
  if (!parsed.quote && parsed.position) {
    // Position only (WPT anno27): the passage at that position of the revision named.
    const position = rangeFromCodePoints(revision.plainText, parsed.position);
    if (!position)
      throw new ApiError(
        "invalid",
        "target.selector: the TextPositionSelector is outside the article's text (positions count Unicode code points).",
        { "target.selector": ["Outside the text"] },
      );
    selector = describeRange(revision.plainText, position.start, position.end);
  } else if (parsed.quote) {
    // Positions count Unicode code points (Model §4.2.5); stored ones count UTF-16 code units.
    const position = parsed.position ? rangeFromCodePoints(revision.plainText, parsed.position) : null;
    if (position && revision.plainText.slice(position.start, position.end) === parsed.quote.exact) {
      selector = { ...parsed.quote, ...position };
    } else {
      // A quote without a position, or whose position counts another text (Hypothesis counts the whole
      // page): the occurrence whose context (prefix, suffix) fits best, nearest the position; exact only.
      const found = reanchor(
        {
          ...parsed.quote,
          start: position?.start ?? 0,
          end: position?.end ?? parsed.quote.exact.length,
        },
        revision.plainText,
      );
      if (found.status !== "EXACT" && found.status !== "MOVED") {
        throw new ApiError("invalid", "The quote is not in the article.", {
          "target.selector": ["Quote not found"],
        });
      }
      selector = describeRange(revision.plainText, found.start, found.end);
    }
  }
  return {
    input: {
      revisionId: revision.id,
      selector,
      label: parsed.label,
      body: parsed.body,
      tags: parsed.tags,
      visibility: parsed.visibility,
      teamId: parsed.visibility === "TEAM" ? teamOf(document) : null,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
    canonical: parsed.canonical,
  };
}

/**
 * PUT: the update input for commands.updateAnnotation. The body and tags are replaced. The target and
 * the canonical IRI cannot change (an annotation is anchored once; re-anchoring is the server's job), and
 * the `marginalia:` properties a generic client does not know keep their values when left out.
 */
export function updateInputFromWebAnnotation(
  current: ApiAnnotation,
  article: ContainerArticle,
  baseUrl: string,
  document: unknown,
): UpdateAnnotationInput {
  const parsed = parse(document);
  assertTargetsArticle(parsed, article, baseUrl);
  // What a client read (and sends back) counts code points; the stored position counts UTF-16 units.
  const currentPosition =
    current.start !== null && current.end !== null && current.revisionId === article.revision.id
      ? rangeToCodePoints(article.revision.plainText, { start: current.start, end: current.end })
      : { start: current.start, end: current.end };
  const sameTarget =
    current.exact === null
      ? parsed.quote === null && parsed.position === null
      : (parsed.quote === null ? parsed.position !== null : parsed.quote.exact === current.exact) &&
        (parsed.position === null ||
          (parsed.position.start === currentPosition.start && parsed.position.end === currentPosition.end));
  if (!sameTarget) {
    throw new ApiError(
      "invalid",
      "The target of an annotation cannot be changed; delete it and create a new one.",
      { target: ["Changed"] },
    );
  }
  if (parsed.canonical !== null && parsed.canonical !== current.canonical) {
    throw new ApiError("invalid", "The canonical IRI of an annotation cannot be changed.", {
      canonical: ["Changed"],
    });
  }
  const visibility = has(document, VISIBILITY) ? parsed.visibility : undefined;
  return {
    body: parsed.body ?? "",
    tags: parsed.tags,
    ...(has(document, LABEL) ? { label: parsed.label } : {}),
    ...(visibility !== undefined
      ? { visibility, teamId: visibility === "TEAM" ? (teamOf(document) ?? current.team?.id ?? null) : null }
      : {}),
  };
}
