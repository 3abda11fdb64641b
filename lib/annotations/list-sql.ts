// Loads the rows of a long annotation list (the margin: up to MAX_ANNOTATIONS_PER_LIST) with one plain
// SQL query by primary key, then their authors and teams in two small lookups.
//
// Why raw SQL: materialising 1,000 rows of 22 columns through Prisma's query engine cost most of the
// list's time (docs/benchmarks.md, issue 4); the same columns read by id as plain SQL on the client's
// own pg pool cost a fraction. (Building the rows as JSON in PostgreSQL was tried and is slower: json_build_object and
// to_char over 1,000 rows cost the database more than Prisma saves.)
//
// What it does NOT do is decide who may see what. The caller picks the ids with a Prisma query whose
// `where` is visibleAnnotationsWhere (visibility.ts, the one privacy rule); this only loads those ids, in
// that order. So the raw SQL has no rule of its own to keep in step with the Prisma one.
import { type Db, sqlPoolOf } from "../db/prisma-factory";
import { type AnnotationRow, lookUpPeople } from "./dto";

type FlatRow = Omit<AnnotationRow, "author" | "team"> & { authorId: string; teamId: string | null };
type SqlRow = Omit<FlatRow, "createdAt" | "updatedAt" | "editedAt"> & {
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
};

// Prisma's DateTime columns hold UTC; written out in ISO 8601 whatever the session's DateStyle is.
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

// Enum columns are cast to text: the driver returns them as strings either way, the cast says so.
// Timestamps are read as ISO text and parsed here: the driver's own timestamp parsing cost more (and pg
// would read these zone-less columns in the process's time zone).
const ROWS_BY_ID_SQL = `
  SELECT "id", "articleId", "revisionId", "visibility"::text AS "visibility", "label", "tags", "body",
         "bodyHtml", "exact", "prefix", "suffix", "start", "end", "originalExact",
         "anchorStatus"::text AS "anchorStatus", "anchorScore", "status"::text AS "status",
         to_char("createdAt", ${ISO_UTC}) AS "createdAt",
         to_char("updatedAt", ${ISO_UTC}) AS "updatedAt",
         to_char("editedAt", ${ISO_UTC}) AS "editedAt", "version", "authorId", "teamId"
  FROM "Annotation"
  WHERE "id" = ANY($1::text[])`;

/**
 * The rows of the given annotations, in the order of `ids`. Ids are expected to come from a query that
 * applied the visibility rule; an id that no longer exists is simply absent.
 */
export async function annotationRowsByIds(db: Db, ids: readonly string[]): Promise<AnnotationRow[]> {
  if (ids.length === 0) return [];
  // Straight through pg when the client's pool is at hand: Prisma's decoding of a raw result (22 columns
  // × 1,000 rows) cost more than the query itself (docs/benchmarks.md). pg gives the same values here:
  // text, int4 and float8 columns, a text[] array, and timestamps as the ISO text below.
  const pool = sqlPoolOf(db);
  const rows = pool
    ? (await pool.query<SqlRow>(ROWS_BY_ID_SQL, [ids])).rows
    : await db.$queryRawUnsafe<SqlRow[]>(ROWS_BY_ID_SQL, ids);
  const position = new Map(ids.map((id, index) => [id, index]));
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  const people = await lookUpPeople(db, rows);
  // Each row built field by field: spreading 1,000 rows of 22 columns (twice) was a visible share of
  // the list's time.
  return rows.map((row) => ({
    id: row.id,
    articleId: row.articleId,
    revisionId: row.revisionId,
    visibility: row.visibility,
    label: row.label,
    tags: row.tags,
    body: row.body,
    bodyHtml: row.bodyHtml,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    start: row.start,
    end: row.end,
    originalExact: row.originalExact,
    anchorStatus: row.anchorStatus,
    anchorScore: row.anchorScore,
    status: row.status,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    editedAt: row.editedAt === null ? null : new Date(row.editedAt),
    version: row.version,
    author: people.author(row.authorId),
    team: people.team(row.teamId),
  }));
}
