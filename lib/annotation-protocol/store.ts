// Database reads of the annotation API. What a caller sees is decided by the same `where` as the margin
// (lib/annotations/visibility.ts) and the same rule as listAnnotations: annotations anchored to the
// current revision, plus the caller's own orphans.
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import type { Prisma } from "../generated/prisma/client";
import { ANNOTATION_LIST_SELECT, toAnnotationDto, withAuthorsAndTeams } from "../annotations/dto";
import { annotationViewer } from "../annotations/queries";
import { type AnnotationViewer, visibleAnnotationsWhere } from "../annotations/visibility";
import type { SessionUser } from "../auth/session-user";
import { ANNOTATION_PAGE_SIZE } from "./constants";
import type { ApiAnnotation } from "./representation";

export interface ContainerArticle {
  id: string;
  slug: string;
  title: string;
  revision: { id: string; number: number; plainText: string };
  /** Revision number of every revision of the article (target sources name revisions by number). */
  revisionNumbers: Map<string, number>;
}

export async function findContainerArticle(db: Db, slug: string): Promise<ContainerArticle> {
  const article = await db.article.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: {
      id: true,
      slug: true,
      currentRevision: { select: { id: true, number: true, title: true, plainText: true } },
      revisions: { select: { id: true, number: true } },
    },
  });
  if (!article?.currentRevision)
    throw new ApiError("not_found", "There is no published article at this address.");
  const { title, ...revision } = article.currentRevision;
  return {
    id: article.id,
    slug: article.slug,
    title,
    revision,
    revisionNumbers: new Map(article.revisions.map((one) => [one.id, one.number])),
  };
}

/** The annotations of the container, for this viewer. */
export function containerWhere(
  viewer: AnnotationViewer | null,
  article: Pick<ContainerArticle, "id" | "revision">,
): Prisma.AnnotationWhereInput {
  return {
    AND: [
      visibleAnnotationsWhere(viewer),
      { articleId: article.id },
      {
        OR: [
          { revisionId: article.revision.id, anchorStatus: { not: "ORPHANED" } },
          ...(viewer ? [{ authorId: viewer.id, anchorStatus: "ORPHANED" as const }] : []),
        ],
      },
    ],
  };
}

const API_SELECT = { ...ANNOTATION_LIST_SELECT, canonical: true } as const;

async function toApiAnnotations(
  db: Db,
  rows: Prisma.AnnotationGetPayload<{ select: typeof API_SELECT }>[],
  viewerId: string | null,
): Promise<ApiAnnotation[]> {
  const withPeople = await withAuthorsAndTeams(db, rows);
  return withPeople.map((row, index) => ({
    ...toAnnotationDto(row, viewerId),
    canonical: rows[index]!.canonical,
    markdown: row.body,
  }));
}

export interface ContainerQuery {
  viewer: AnnotationViewer | null;
  where: Prisma.AnnotationWhereInput;
}

export async function containerQuery(
  db: Db,
  user: SessionUser | null,
  article: ContainerArticle,
): Promise<ContainerQuery> {
  const viewer = await annotationViewer(db, user);
  return { viewer, where: containerWhere(viewer, article) };
}

export function countAnnotations(db: Db, query: ContainerQuery): Promise<number> {
  return db.annotation.count({ where: query.where });
}

/** One page, in article order (page notes, which have no position, last); ties broken by id so pages are stable. */
export async function annotationPage(db: Db, query: ContainerQuery, page: number): Promise<ApiAnnotation[]> {
  const rows = await db.annotation.findMany({
    where: query.where,
    select: API_SELECT,
    orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    skip: page * ANNOTATION_PAGE_SIZE,
    take: ANNOTATION_PAGE_SIZE,
  });
  return toApiAnnotations(db, rows, query.viewer?.id ?? null);
}

/** One annotation of the container the viewer may see, or 404 (whether it exists or is hidden from them). */
export async function findVisibleAnnotation(
  db: Db,
  query: ContainerQuery,
  id: string,
): Promise<ApiAnnotation> {
  const row = await db.annotation.findFirst({ where: { AND: [query.where, { id }] }, select: API_SELECT });
  if (!row)
    throw new ApiError(
      "not_found",
      "There is no annotation with this id in this container that you may see.",
    );
  const [annotation] = await toApiAnnotations(db, [row], query.viewer?.id ?? null);
  return annotation!;
}
