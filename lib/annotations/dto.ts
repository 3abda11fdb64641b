// The one place an annotation row becomes what the API returns.
import type { AnnotationDto } from "./schemas";

export const ANNOTATION_DTO_SELECT = {
  id: true,
  articleId: true,
  revisionId: true,
  visibility: true,
  label: true,
  tags: true,
  body: true,
  bodyHtml: true,
  exact: true,
  prefix: true,
  suffix: true,
  start: true,
  end: true,
  originalExact: true,
  anchorStatus: true,
  anchorScore: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  editedAt: true,
  author: { select: { id: true, name: true, handle: true } },
  team: { select: { id: true, name: true } },
} as const;

/**
 * The same columns without the relations, for long lists: authors and teams are then loaded once each
 * by withAuthorsAndTeams (a relation per row costs Prisma far more than two small lookups).
 */
export const ANNOTATION_LIST_SELECT = (({ author: _author, team: _team, ...columns }) => ({
  ...columns,
  authorId: true,
  teamId: true,
}))(ANNOTATION_DTO_SELECT);

export interface AnnotationRow {
  id: string;
  articleId: string;
  revisionId: string;
  visibility: AnnotationDto["visibility"];
  label: string;
  tags: string[];
  body: string | null;
  bodyHtml: string | null;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
  originalExact: string | null;
  anchorStatus: AnnotationDto["anchorStatus"];
  anchorScore: number | null;
  status: AnnotationDto["status"];
  createdAt: Date;
  updatedAt: Date;
  version: number;
  editedAt: Date | null;
  author: { id: string; name: string; handle: string };
  team: { id: string; name: string } | null;
}

export function toAnnotationDto(row: AnnotationRow, viewerId: string | null): AnnotationDto {
  const isMine = viewerId !== null && row.author.id === viewerId;
  return {
    id: row.id,
    articleId: row.articleId,
    revisionId: row.revisionId,
    kind: row.exact === null ? "page-note" : row.body === null ? "highlight" : "annotation",
    visibility: row.visibility,
    team: row.team,
    label: row.label,
    tags: row.tags,
    body: isMine ? row.body : null,
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
    author: row.author,
    isMine,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    editedAt: row.editedAt?.toISOString() ?? null,
  };
}

type FlatRow = Omit<AnnotationRow, "author" | "team"> & { authorId: string; teamId: string | null };

interface PeopleLookup {
  user: {
    findMany(args: {
      where: { id: { in: string[] } };
      select: { id: true; name: true; handle: true };
    }): Promise<{ id: string; name: string; handle: string }[]>;
  };
  team: {
    findMany(args: {
      where: { id: { in: string[] } };
      select: { id: true; name: true };
    }): Promise<{ id: string; name: string }[]>;
  };
}

/** Attaches authors and teams to rows selected with ANNOTATION_LIST_SELECT, in two lookups. */
/** The authors and teams of many rows, in two lookups; `author`/`team` answer for one row's ids. */
export async function lookUpPeople(
  db: PeopleLookup,
  rows: readonly { authorId: string; teamId: string | null }[],
): Promise<{
  author: (id: string) => AnnotationRow["author"];
  team: (id: string | null) => AnnotationRow["team"];
}> {
  const authorIds = [...new Set(rows.map((row) => row.authorId))];
  const teamIds = [...new Set(rows.flatMap((row) => (row.teamId ? [row.teamId] : [])))];
  const [authors, teams] = await Promise.all([
    authorIds.length
      ? db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true, handle: true } })
      : [],
    teamIds.length
      ? db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } })
      : [],
  ]);
  const authorById = new Map(authors.map((author) => [author.id, author]));
  const teamById = new Map(teams.map((team) => [team.id, team]));
  return {
    author: (id) => authorById.get(id) ?? { id, name: "Unknown reader", handle: "unknown" },
    team: (id) => (id ? (teamById.get(id) ?? null) : null),
  };
}

export async function withAuthorsAndTeams(db: PeopleLookup, rows: FlatRow[]): Promise<AnnotationRow[]> {
  const people = await lookUpPeople(db, rows);
  return rows.map(({ authorId, teamId, ...row }) => ({
    ...row,
    author: people.author(authorId),
    team: people.team(teamId),
  }));
}
