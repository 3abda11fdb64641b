// Re-anchors every annotation of an article to a newly published revision, inside the publishing
// transaction: each annotation follows its passage (exact / moved / fuzzy with its score) or becomes an
// orphan, and each outcome is recorded in AnnotationAnchoring. Orphans are never deleted.
//
// The matching is the slow part (seconds for 10k annotations), so a publish can compute it beforehand,
// outside any lock (precomputeReanchoring), and the transaction then only re-reads the annotations under
// the article lock and reuses each outcome whose selector has not changed meanwhile; new or re-attached
// annotations are matched there and then. Writers are held for the apply, not for the matching.
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import { type AnchorResult, describeRange, reanchor } from "./anchoring";

type Tx = Prisma.TransactionClient | Db;

/** Rows updated per statement; keeps each statement's parameters well inside PostgreSQL's limits. */
const BATCH_SIZE = 1_000;

export interface ReanchorSummary {
  exact: number;
  moved: number;
  fuzzy: number;
  orphaned: number;
}

interface Outcome {
  id: string;
  result: AnchorResult;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
}

interface AnchoredAnnotation {
  id: string;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
}

/** Outcomes computed ahead of the publishing transaction, each valid for the selector it was computed from. */
export type PrecomputedReanchoring = Map<string, Outcome>;

const ANCHOR_SELECT = {
  id: true,
  exact: true,
  prefix: true,
  suffix: true,
  start: true,
  end: true,
} as const;

/** What an outcome depends on: the same key means the same match against the same new text. */
function selectorKey(annotation: AnchoredAnnotation): string {
  return JSON.stringify([
    annotation.id,
    annotation.exact,
    annotation.prefix,
    annotation.suffix,
    annotation.start,
    annotation.end,
  ]);
}

/** Matches every live annotation of the article against the new text, without any lock (read-only). */
export async function precomputeReanchoring(
  db: Tx,
  articleId: string,
  plainText: string,
): Promise<PrecomputedReanchoring> {
  const annotations = await db.annotation.findMany({
    where: { articleId, deletedAt: null },
    select: ANCHOR_SELECT,
  });
  return new Map(
    annotations.map((annotation) => [selectorKey(annotation), outcomeOf(annotation, plainText)]),
  );
}

export async function reanchorAnnotations(
  tx: Tx,
  articleId: string,
  revision: { id: string; plainText: string },
  precomputed: PrecomputedReanchoring = new Map(),
): Promise<ReanchorSummary> {
  // Read under the caller's article lock: every annotation committed before it is here, none can be added.
  const annotations = await tx.annotation.findMany({
    where: { articleId, deletedAt: null },
    select: ANCHOR_SELECT,
  });
  const summary: ReanchorSummary = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const outcomes: Outcome[] = annotations.map(
    (annotation) => precomputed.get(selectorKey(annotation)) ?? outcomeOf(annotation, revision.plainText),
  );

  for (const outcome of outcomes) summary[outcome.result.status.toLowerCase() as keyof ReanchorSummary] += 1;

  for (let offset = 0; offset < outcomes.length; offset += BATCH_SIZE) {
    const batch = outcomes.slice(offset, offset + BATCH_SIZE);
    const anchored = batch.filter((outcome) => outcome.result.status !== "ORPHANED");
    const orphaned = batch.filter((outcome) => outcome.result.status === "ORPHANED");
    if (anchored.length) {
      await tx.$executeRaw`
        UPDATE "Annotation" AS a SET
          "revisionId" = ${revision.id},
          "start" = CASE WHEN a."exact" IS NULL THEN NULL ELSE v.start END,
          "end" = CASE WHEN a."exact" IS NULL THEN NULL ELSE v."end" END,
          "exact" = v.exact, "prefix" = v.prefix, "suffix" = v.suffix,
          "anchorStatus" = v.status::"AnchorStatus", "anchorScore" = v.score,
          "updatedAt" = now()
        FROM unnest(
          ${anchored.map((o) => o.id)}::text[], ${anchored.map((o) => o.result.start)}::int[],
          ${anchored.map((o) => o.result.end)}::int[], ${anchored.map((o) => o.exact)}::text[],
          ${anchored.map((o) => o.prefix)}::text[], ${anchored.map((o) => o.suffix)}::text[],
          ${anchored.map((o) => o.result.status)}::text[], ${anchored.map((o) => (o.result.status === "FUZZY" ? o.result.score : null))}::float8[]
        ) AS v(id, start, "end", exact, prefix, suffix, status, score)
        WHERE a.id = v.id`;
    }
    if (orphaned.length) {
      await tx.annotation.updateMany({
        where: { id: { in: orphaned.map((outcome) => outcome.id) } },
        data: { anchorStatus: "ORPHANED", anchorScore: null },
      });
    }
    await tx.annotationAnchoring.createMany({
      data: batch.map((outcome) => ({
        annotationId: outcome.id,
        revisionId: revision.id,
        status: outcome.result.status,
        score: outcome.result.status === "FUZZY" ? outcome.result.score : null,
        start: outcome.result.status === "ORPHANED" || outcome.exact === null ? null : outcome.result.start,
        end: outcome.result.status === "ORPHANED" || outcome.exact === null ? null : outcome.result.end,
      })),
      skipDuplicates: true,
    });
  }
  return summary;
}

function outcomeOf(annotation: AnchoredAnnotation, plainText: string): Outcome {
  if (annotation.exact === null) {
    // A page note belongs to the whole article: it simply moves to the new revision.
    return {
      id: annotation.id,
      result: { status: "EXACT", start: 0, end: 0, score: 1 },
      exact: null,
      prefix: null,
      suffix: null,
    };
  }
  const result = reanchor(
    {
      exact: annotation.exact,
      prefix: annotation.prefix ?? "",
      suffix: annotation.suffix ?? "",
      start: annotation.start ?? 0,
      end: annotation.end ?? 0,
    },
    plainText,
  );
  if (result.status === "ORPHANED") {
    // Keep the last selector that worked, so the orphan can still be shown and tried again later.
    return {
      id: annotation.id,
      result,
      exact: annotation.exact,
      prefix: annotation.prefix,
      suffix: annotation.suffix,
    };
  }
  const selector = describeRange(plainText, result.start, result.end);
  return {
    id: annotation.id,
    result,
    exact: selector.exact,
    prefix: selector.prefix,
    suffix: selector.suffix,
  };
}
