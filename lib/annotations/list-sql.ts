// Loads the rows of a long annotation list (the margin: up to MAX_ANNOTATIONS_PER_LIST) with one plain
// SQL query by primary key, then their authors and teams in two small lookups.
//
// Why raw SQL: materialising 1,000 rows of 22 columns through Prisma's query engine cost most of the
// list's time (docs/benchmarks.md, issue 4); the same columns read by id through $queryRaw cost a
// fraction. (Building the rows as JSON in PostgreSQL was tried and is slower: json_build_object and
// to_char over 1,000 rows cost the database more than Prisma saves.)
//
// What it does NOT do is decide who may see what. The caller picks the ids with a Prisma query whose
// `where` is visibleAnnotationsWhere (visibility.ts, the one privacy rule); this only loads those ids, in
// that order. So the raw SQL has no rule of its own to keep in step with the Prisma one.
import type { Db } from "../db/prisma-factory";
import { Prisma } from "../generated/prisma/client";
import { type AnnotationRow, withAuthorsAndTeams } from "./dto";

type FlatRow = Omit<AnnotationRow, "author" | "team"> & { authorId: string; teamId: string | null };
type SqlRow = Omit<FlatRow, "createdAt" | "updatedAt" | "editedAt"> & {
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
};

// Prisma's DateTime columns hold UTC; written out in ISO 8601 whatever the session's DateStyle is.
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The rows of the given annotations, in the order of `ids`. Ids are expected to come from a query that
 * applied the visibility rule; an id that no longer exists is simply absent.
 */
export async function annotationRowsByIds(db: Db, ids: readonly string[]): Promise<AnnotationRow[]> {
  if (ids.length === 0) return [];
  // Enum columns are cast to text: the driver returns them as strings either way, the cast says so.
  // Timestamps are read as ISO text and parsed here: the driver's own timestamp parsing cost more.
  const rows = await db.$queryRaw<SqlRow[]>`
    SELECT "id", "articleId", "revisionId", "visibility"::text AS "visibility", "label", "tags", "body",
           "bodyHtml", "exact", "prefix", "suffix", "start", "end", "originalExact",
           "anchorStatus"::text AS "anchorStatus", "anchorScore", "status"::text AS "status",
           to_char("createdAt", ${Prisma.raw(ISO_UTC)}) AS "createdAt",
           to_char("updatedAt", ${Prisma.raw(ISO_UTC)}) AS "updatedAt",
           to_char("editedAt", ${Prisma.raw(ISO_UTC)}) AS "editedAt", "authorId", "teamId"
    FROM "Annotation"
    WHERE "id" = ANY(${ids}::text[])`;
  const position = new Map(ids.map((id, index) => [id, index]));
  const ordered: FlatRow[] = rows
    .sort((a, b) => position.get(a.id)! - position.get(b.id)!)
    .map((row) => ({
      ...row,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
      editedAt: row.editedAt === null ? null : new Date(row.editedAt),
    }));
  return withAuthorsAndTeams(db, ordered);
}
