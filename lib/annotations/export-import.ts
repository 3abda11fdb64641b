// "Export my annotations" (Markdown and W3C JSON-LD) and importing such JSON-LD back, re-anchoring each
// annotation to the current revision. Exports contain the viewer's own annotations only.
import { lockCanonicalsOfArticle } from "./canonical";
import type { Db } from "../db/prisma-factory";
import type { ItemStatus, Visibility } from "../generated/prisma/enums";
import { ApiError } from "../api/errors";
import { annotationScope, recordLiveEvent } from "../live/events";
import { annotationText, moderatePost } from "../moderation/gate";
import { lockArticleForWrite } from "../articles/article-lock";
import { can } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import { describeRange, reanchor, type AnchorResult } from "./anchoring";
import { rangeFromCodePoints } from "./code-points";
import { ANNOTATION_DTO_SELECT, toAnnotationDto } from "./dto";
import { labelById } from "./labels";
import { renderUserMarkdown } from "./markdown";
import type { AnnotationDto } from "./schemas";
import {
  annotationItemsOf,
  MAX_IMPORT_ITEMS,
  parseRevisionIri,
  parseWebAnnotation,
  toAnnotationCollection,
  toWebAnnotation,
  WebAnnotationError,
} from "./web-annotation";

async function loadMyAnnotations(db: Db, user: SessionUser, slug: string) {
  const article = await db.article.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: { id: true, slug: true, currentRevision: { select: { id: true, title: true } } },
  });
  if (!article?.currentRevision)
    throw new ApiError("not_found", "There is no published article at this address.");
  const rows = await db.annotation.findMany({
    where: { articleId: article.id, authorId: user.id, deletedAt: null },
    select: { ...ANNOTATION_DTO_SELECT, canonical: true },
    orderBy: [{ start: "asc" }, { createdAt: "asc" }],
  });
  const revisions = await db.articleRevision.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.revisionId))] } },
    select: { id: true, number: true, plainText: true },
  });
  return {
    article: { ...article, title: article.currentRevision.title },
    annotations: rows.map((row) => ({ ...toAnnotationDto(row, user.id), canonical: row.canonical })),
    revisionNumbers: new Map(revisions.map((revision) => [revision.id, revision.number])),
    revisionTexts: new Map(revisions.map((revision) => [revision.id, revision.plainText])),
  };
}

function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError("unauthenticated", "Sign in to export or import your annotations.");
  return user;
}

const VISIBILITY_NAMES: Record<AnnotationDto["visibility"], string> = {
  PRIVATE: "Only me",
  TEAM: "Team",
  PUBLIC: "Public",
};

function quoteBlock(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

/** Where the item is on the article page: its passage (the page's #passage= deep link), else the article. */
function passageLink(annotation: AnnotationDto, articleUrl: string): string {
  const anchored =
    annotation.anchorStatus !== "ORPHANED" && annotation.start !== null && annotation.end !== null;
  return anchored ? `${articleUrl}#passage=${annotation.start}-${annotation.end}` : articleUrl;
}

function markdownEntry(annotation: AnnotationDto, articleUrl: string): string {
  const parts: string[] = [];
  if (annotation.exact !== null)
    parts.push(
      quoteBlock(
        annotation.anchorStatus === "ORPHANED"
          ? (annotation.originalExact ?? annotation.exact)
          : annotation.exact,
      ),
    );
  if (annotation.body) parts.push(annotation.body.trim());
  const meta = [
    labelById(annotation.label)?.name ?? annotation.label,
    annotation.visibility === "TEAM" && annotation.team
      ? `Team: ${annotation.team.name}`
      : VISIBILITY_NAMES[annotation.visibility],
    annotation.tags.length ? `Tags: ${annotation.tags.join(", ")}` : null,
    annotation.createdAt.slice(0, 10),
  ].filter(Boolean);
  parts.push(
    `*${meta.join(" · ")}* · [${annotation.exact !== null ? "Passage" : "Article"}](${passageLink(annotation, articleUrl)})`,
  );
  return parts.join("\n\n");
}

export async function exportMyAnnotationsAsMarkdown(
  db: Db,
  user: SessionUser | null,
  slug: string,
  baseUrl: string,
) {
  const { article, annotations } = await loadMyAnnotations(db, requireUser(user), slug);
  const pageNotes = annotations.filter((annotation) => annotation.exact === null);
  const anchored = annotations.filter(
    (annotation) => annotation.exact !== null && annotation.anchorStatus !== "ORPHANED",
  );
  const orphans = annotations.filter((annotation) => annotation.anchorStatus === "ORPHANED");
  const articleUrl = `${baseUrl}/articles/${article.slug}`;
  const entry = (annotation: AnnotationDto) => markdownEntry(annotation, articleUrl);
  const sections = [
    `# My annotations on “${article.title}”`,
    `${baseUrl}/articles/${article.slug} · exported ${new Date().toISOString().slice(0, 10)} · ${annotations.length} annotation${annotations.length === 1 ? "" : "s"}`,
  ];
  if (pageNotes.length) sections.push("## Page notes", ...pageNotes.map(entry));
  if (anchored.length) sections.push("## In the article", ...anchored.map(entry));
  if (orphans.length)
    sections.push("## Orphaned (the passage is no longer in the article)", ...orphans.map(entry));
  return { filename: `${article.slug}-annotations.md`, content: `${sections.join("\n\n")}\n` };
}

export async function exportMyAnnotationsAsJsonLd(
  db: Db,
  user: SessionUser | null,
  slug: string,
  baseUrl: string,
) {
  const { article, annotations, revisionNumbers, revisionTexts } = await loadMyAnnotations(
    db,
    requireUser(user),
    slug,
  );
  const items = annotations.map((annotation) =>
    toWebAnnotation(annotation, { baseUrl, slug: article.slug, revisionNumbers, revisionTexts }),
  );
  const collection = toAnnotationCollection(items, {
    id: `${baseUrl}/api/articles/${article.slug}/annotations/export?format=jsonld`,
    label: `My annotations on “${article.title}”`,
  });
  return { filename: `${article.slug}-annotations.jsonld`, content: collection };
}

export interface ImportReport {
  anchored: number;
  moved: number;
  fuzzy: number;
  orphaned: number;
  failed: number;
  /** Items whose `canonical` (or, without one, `id`) is already on this article: stored once, skipped. */
  duplicates: number;
  errors: { index: number; message: string }[];
}

export interface ImportOptions {
  /**
   * Count each public item toward the moderation flood limit, as a single post is (set by the HTTP
   * route): items past the limit are skipped and reported, so an import is no way round it.
   */
  enforceFloodLimit?: boolean;
}

export const ARTICLE_CHANGED_DURING_IMPORT_MESSAGE =
  "The article was revised while importing, so nothing was imported. Import the file again.";

/** Most per-item errors reported back; the count covers all of them. */
const MAX_REPORTED_ERRORS = 20;

export async function importAnnotations(
  db: Db,
  user: SessionUser | null,
  slug: string,
  document: unknown,
  baseUrl: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const importer = requireUser(user);
  if (!can(importer, "annotation:create"))
    throw new ApiError("forbidden", "Your account is suspended or banned, so you cannot import annotations.");
  let items: unknown[];
  try {
    items = annotationItemsOf(document);
  } catch (error) {
    throw new ApiError("invalid", `Not a Web Annotation document: ${(error as Error).message}`);
  }
  if (items.length > MAX_IMPORT_ITEMS)
    throw new ApiError("payload_too_large", `At most ${MAX_IMPORT_ITEMS} annotations per import.`);

  const article = await db.article.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: {
      id: true,
      currentRevision: { select: { id: true, plainText: true } },
      revisions: { select: { number: true, plainText: true } },
    },
  });
  if (!article?.currentRevision)
    throw new ApiError("not_found", "There is no published article at this address.");
  const current = article.currentRevision;
  const revisionTexts = new Map(article.revisions.map((revision) => [revision.number, revision.plainText]));

  const report: ImportReport = {
    anchored: 0,
    moved: 0,
    fuzzy: 0,
    orphaned: 0,
    failed: 0,
    duplicates: 0,
    errors: [],
  };
  const fail = (index: number, message: string) => {
    report.failed += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ index, message });
  };
  const rows: {
    index: number;
    text: string;
    data: Parameters<Db["annotation"]["create"]>[0]["data"];
    result: AnchorResult | null;
  }[] = [];

  items.forEach((item, index) => {
    let parsed;
    try {
      parsed = parseWebAnnotation(item);
    } catch (error) {
      fail(index, error instanceof WebAnnotationError ? error.message : "not a valid annotation");
      return;
    }
    const source = parseRevisionIri(baseUrl, parsed.source);
    if (!source || source.slug !== slug) {
      fail(index, `target.source ${parsed.source} is not this article`);
      return;
    }
    const visibility = parsed.visibility === "TEAM" ? "PRIVATE" : parsed.visibility; // teams are not carried across sites
    let result: AnchorResult | null = null;
    let selector = null;
    const oldText = source.revisionNumber !== null ? revisionTexts.get(source.revisionNumber) : undefined;
    let quote = parsed.quote;
    if (!quote && parsed.position) {
      // Position only: the passage at that position of the revision named (else the current one).
      const named = oldText ?? current.plainText;
      const range = rangeFromCodePoints(named, parsed.position);
      if (!range) {
        fail(index, "target.selector: the TextPositionSelector is outside the article's text");
        return;
      }
      const { exact, prefix, suffix } = describeRange(named, range.start, range.end);
      quote = { exact, prefix, suffix };
    }
    if (quote) {
      // Positions count Unicode code points (Model §4.2.5), in the revision they name (else the current).
      const position = parsed.position
        ? rangeFromCodePoints(oldText ?? current.plainText, parsed.position)
        : null;
      const start = position?.start ?? 0;
      const end = position?.end ?? quote.exact.length;
      result = reanchor({ ...quote, start, end }, current.plainText);
      // Without a known old revision, a match at the stated position is still only a move.
      if (result.status === "EXACT" && oldText === undefined && !position)
        result = { ...result, status: "MOVED" };
      selector =
        result.status === "ORPHANED"
          ? { ...quote, start, end }
          : describeRange(current.plainText, result.start, result.end);
    }
    rows.push({
      index,
      text: annotationText(parsed.body, parsed.tags),
      result,
      data: {
        articleId: article.id,
        revisionId: current.id,
        authorId: importer.id,
        visibility,
        label: parsed.label,
        body: parsed.body,
        bodyHtml: parsed.body === null ? null : renderUserMarkdown(parsed.body),
        tags: parsed.tags,
        exact: selector?.exact ?? null,
        prefix: selector?.prefix ?? null,
        suffix: selector?.suffix ?? null,
        start: selector?.start ?? null,
        end: selector?.end ?? null,
        originalExact: quote?.exact ?? null,
        anchorStatus: result?.status ?? "EXACT",
        anchorScore: result?.status === "FUZZY" ? result.score : null,
        canonical: parsed.canonical ?? parsed.id,
      },
    });
  });

  // The same automatic moderation as a note written here: an import must not be a way round it (a new
  // account's public items wait in Pending; a refused one is skipped and reported, the rest imported).
  const accepted: typeof rows = [];
  for (const row of rows) {
    if (row.data.visibility !== "PUBLIC") {
      accepted.push(row);
      continue;
    }
    try {
      const gate = await moderatePost(db, importer, {
        text: row.text,
        scope: "public",
        change: "create",
        enforceFloodLimit: options.enforceFloodLimit ?? false,
      });
      accepted.push({ ...row, data: { ...row.data, status: gate.status } });
    } catch (error) {
      // A refusal of this item's words or past the flood limit; anything else (an unacknowledged
      // warning) refuses the import.
      if (!(error instanceof ApiError) || (error.code !== "invalid" && error.code !== "rate_limited"))
        throw error;
      fail(row.index, error.message);
    }
  }

  const stored: typeof accepted = [];
  await db.$transaction(async (tx) => {
    // Serialised with publishing (lib/articles/article-lock.ts): the items were anchored to `current`,
    // so they are stored only while it is still the current revision.
    if ((await lockArticleForWrite(tx, article.id)) !== current.id)
      throw new ApiError("article_changed", ARTICLE_CHANGED_DURING_IMPORT_MESSAGE);
    // The same canonical is stored once per article (Model §3.1 canonical). Imports of one article take
    // this lock in turn, so two imports of the same file cannot both find a canonical absent.
    await lockCanonicalsOfArticle(tx, article.id);
    const canonicals = accepted.flatMap((row) => (row.data.canonical ? [row.data.canonical] : []));
    const present = new Set(
      (
        await tx.annotation.findMany({
          where: { articleId: article.id, deletedAt: null, canonical: { in: canonicals } },
          select: { canonical: true },
        })
      ).map((row) => row.canonical),
    );
    const createdRows: { id: string; visibility: Visibility; status: ItemStatus }[] = [];
    for (const row of accepted) {
      const canonical = row.data.canonical;
      if (canonical) {
        if (present.has(canonical)) {
          report.duplicates += 1;
          continue;
        }
        present.add(canonical);
      }
      stored.push(row);
      const created = await tx.annotation.create({
        data: row.data,
        select: { id: true, visibility: true, status: true },
      });
      createdRows.push(created);
      await tx.annotationAnchoring.create({
        data: {
          annotationId: created.id,
          revisionId: current.id,
          status: row.result?.status ?? "EXACT",
          score: row.result?.status === "FUZZY" ? row.result.score : null,
          start: row.result && row.result.status !== "ORPHANED" ? row.result.start : null,
          end: row.result && row.result.status !== "ORPHANED" ? row.result.end : null,
        },
      });
    }
    // Last in the transaction, as for a single create: viewers who may see an imported annotation (the
    // importer's other pages, everyone for a public one) hear of it when it is committed.
    for (const created of createdRows) {
      await recordLiveEvent(tx, {
        articleId: article.id,
        type: "annotation.created",
        ...annotationScope({
          visibility: created.visibility,
          teamId: null,
          authorId: importer.id,
          status: created.status,
        }),
        payload: { id: created.id, actorId: importer.id, annotationId: created.id },
      });
    }
  });
  for (const row of stored) {
    const status = row.result?.status ?? "EXACT";
    if (status === "EXACT") report.anchored += 1;
    else if (status === "MOVED") report.moved += 1;
    else if (status === "FUZZY") report.fuzzy += 1;
    else report.orphaned += 1;
  }
  return report;
}
