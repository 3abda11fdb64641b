// Invariants that must hold whatever interleaving of writes, publishes and restarts came before
// (`npm run db:check`, and the end of every race test): an acknowledged item is never left behind on a
// superseded revision, never out of its own author's sight, and never stored twice.
import type { Db } from "./prisma-factory";

export interface InvariantViolation {
  kind: "superseded-without-anchoring" | "invisible-to-author" | "duplicate-canonical";
  annotationIds: string[];
  detail: string;
}

/** Most ids listed per kind: enough to investigate, without flooding the output. */
const MAX_IDS_PER_KIND = 50;

/** `articleIds` narrows the check to some articles (a test's own); without it, the whole database. */
export async function checkInvariants(
  db: Db,
  articleIds: string[] | null = null,
): Promise<InvariantViolation[]> {
  // On an older revision than the article's current one, with no outcome recorded for the current one:
  // a write that landed on a revision after the publish that superseded it had read the annotations.
  const superseded = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Annotation" a JOIN "Article" ar ON ar.id = a."articleId"
    WHERE a."deletedAt" IS NULL AND a."revisionId" <> ar."currentRevisionId"
      AND (${articleIds}::text[] IS NULL OR a."articleId" = ANY(${articleIds}::text[]))
      AND NOT EXISTS (
        SELECT 1 FROM "AnnotationAnchoring" aa
        WHERE aa."annotationId" = a.id AND aa."revisionId" = ar."currentRevisionId")
    ORDER BY a.id LIMIT ${MAX_IDS_PER_KIND}`;
  // The author's list shows annotations on the current revision and orphans (lib/annotations/queries.ts):
  // one anchored (not orphaned) on an older revision is in neither place.
  const invisible = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Annotation" a JOIN "Article" ar ON ar.id = a."articleId"
    WHERE a."deletedAt" IS NULL AND a."anchorStatus" <> 'ORPHANED'
      AND a."revisionId" <> ar."currentRevisionId"
      AND (${articleIds}::text[] IS NULL OR a."articleId" = ANY(${articleIds}::text[]))
    ORDER BY a.id LIMIT ${MAX_IDS_PER_KIND}`;
  // One source annotation (its canonical IRI) stored twice for the same author and article.
  const duplicates = await db.$queryRaw<{ ids: string[]; canonical: string }[]>`
    SELECT array_agg(id ORDER BY id) AS ids, canonical FROM "Annotation"
    WHERE "deletedAt" IS NULL AND canonical IS NOT NULL
      AND (${articleIds}::text[] IS NULL OR "articleId" = ANY(${articleIds}::text[]))
    GROUP BY "authorId", "articleId", canonical HAVING count(*) > 1
    ORDER BY canonical LIMIT ${MAX_IDS_PER_KIND}`;

  const violations: InvariantViolation[] = [];
  if (superseded.length)
    violations.push({
      kind: "superseded-without-anchoring",
      annotationIds: superseded.map((row) => row.id),
      detail: "on a superseded revision with no anchoring recorded for the current one",
    });
  if (invisible.length)
    violations.push({
      kind: "invisible-to-author",
      annotationIds: invisible.map((row) => row.id),
      detail: "anchored to a superseded revision, so neither in the text nor under Orphaned for its author",
    });
  for (const duplicate of duplicates)
    violations.push({
      kind: "duplicate-canonical",
      annotationIds: duplicate.ids,
      detail: `stored ${duplicate.ids.length} times for one author: ${duplicate.canonical}`,
    });
  return violations;
}
