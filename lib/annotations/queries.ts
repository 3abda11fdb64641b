// Read side of annotations: what a viewer sees in the margin of an article.
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import type { SessionUser } from "../auth/session-user";
import { can } from "../auth/can";
import { visibilityChoices } from "../teams/queries";
import { toAnnotationDto } from "./dto";
import { annotationRowsByIds } from "./list-sql";
import { popularPassages } from "./popular";
import type { AnnotationDto, AnnotationListDto } from "./schemas";
import { type AnnotationViewer, PUBLICLY_VISIBLE, visibleAnnotationsWhere } from "./visibility";
import { isSiteModerator, isTeamModeratorRole } from "../moderation/permissions";
import type { ModerationNoticeDto } from "../moderation/notice-text";
import { moderationNotices } from "../moderation/notices";

function withNotice(dto: AnnotationDto, notices: Map<string, ModerationNoticeDto>): AnnotationDto {
  const notice = notices.get(dto.id);
  return notice ? { ...dto, moderation: notice } : dto;
}

/** Most annotations one list returns; the margin of one article rarely needs more. */
export const MAX_ANNOTATIONS_PER_LIST = 5_000;

export async function annotationViewer(
  db: Db,
  user: (Pick<SessionUser, "id"> & Partial<Pick<SessionUser, "role" | "status">>) | null,
): Promise<AnnotationViewer | null> {
  if (!user) return null;
  const memberships = await db.teamMembership.findMany({
    where: { userId: user.id },
    select: { teamId: true, role: true },
  });
  const viewer: AnnotationViewer = {
    id: user.id,
    teamIds: memberships.map((membership) => membership.teamId),
  };
  // Moderators also see what they may moderate that is under review (lib/moderation/permissions.ts).
  if (user.status === "ACTIVE") {
    const site = user.role !== undefined && isSiteModerator({ role: user.role, status: user.status });
    const teamIds = memberships
      .filter((membership) => isTeamModeratorRole(membership.role))
      .map((membership) => membership.teamId);
    if (site || teamIds.length) viewer.moderates = { site, teamIds };
  }
  return viewer;
}

export async function findArticleForAnnotations(db: Db, slug: string) {
  const article = await db.article.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: {
      id: true,
      slug: true,
      currentRevision: { select: { id: true, number: true, plainText: true } },
    },
  });
  if (!article?.currentRevision)
    throw new ApiError("not_found", "There is no published article at this address.");
  return { id: article.id, slug: article.slug, revision: article.currentRevision };
}

export async function listAnnotations(
  db: Db,
  slug: string,
  user: SessionUser | null,
): Promise<AnnotationListDto> {
  const [article, choices, viewer] = await Promise.all([
    db.article.findFirst({
      where: { slug, status: "PUBLISHED" },
      select: { id: true, slug: true, currentRevision: { select: { id: true, number: true } } },
    }),
    user ? visibilityChoices(db, user.id) : null,
    // The viewer's teams, read on every request: a removed member loses access at once.
    annotationViewer(db, user),
  ]);
  if (!article?.currentRevision)
    throw new ApiError("not_found", "There is no published article at this address.");
  const revisionId = article.currentRevision.id;

  // Which annotations, decided by Prisma with the one visibility rule; then their rows in one SQL query
  // (list-sql.ts), which is several times cheaper than materialising them through Prisma.
  const [ids, orphanIds, publicRanges] = await Promise.all([
    db.annotation.findMany({
      where: {
        AND: [
          visibleAnnotationsWhere(viewer),
          { articleId: article.id, revisionId, anchorStatus: { not: "ORPHANED" } },
        ],
      },
      select: { id: true },
      orderBy: [{ start: "asc" }, { createdAt: "asc" }],
      take: MAX_ANNOTATIONS_PER_LIST,
    }),
    viewer
      ? db.annotation.findMany({
          where: { articleId: article.id, authorId: viewer.id, deletedAt: null, anchorStatus: "ORPHANED" },
          select: { id: true },
          orderBy: { createdAt: "desc" },
          take: MAX_ANNOTATIONS_PER_LIST,
        })
      : Promise.resolve([]),
    db.annotation.findMany({
      where: {
        ...PUBLICLY_VISIBLE,
        articleId: article.id,
        revisionId,
        anchorStatus: { not: "ORPHANED" },
        start: { not: null },
      },
      select: { start: true, end: true, authorId: true },
    }),
  ]);

  const [visible, orphans] = await Promise.all([
    annotationRowsByIds(
      db,
      ids.map((row) => row.id),
    ),
    annotationRowsByIds(
      db,
      orphanIds.map((row) => row.id),
    ),
  ]);
  // Withheld items reach only their author and their moderators (the where above): they carry a notice.
  const notices = await moderationNotices(db, "annotation", [...visible, ...orphans]);
  return {
    article: {
      id: article.id,
      slug: article.slug,
      revisionId,
      revisionNumber: article.currentRevision.number,
    },
    viewer: user
      ? {
          id: user.id,
          name: user.name,
          handle: user.handle,
          teams: choices?.teams.map((team) => ({ id: team.id, name: team.name })) ?? [],
          defaultVisibility: choices?.remembered ?? { visibility: "PRIVATE", teamId: null },
          canAnnotate: can(user, "annotation:create"),
          cannotAnnotateReason: can(user, "annotation:create")
            ? null
            : user.status === "SUSPENDED"
              ? `Your account is suspended${user.suspendedUntil ? ` until ${user.suspendedUntil.slice(0, 10)}` : ""}: ${user.statusReason ?? "no reason given"}.`
              : `Your account is banned: ${user.statusReason ?? "no reason given"}.`,
        }
      : null,
    annotations: visible.map((row) => withNotice(toAnnotationDto(row, viewer?.id ?? null), notices)),
    orphans: orphans.map((row) => withNotice(toAnnotationDto(row, viewer?.id ?? null), notices)),
    popular: popularPassages(
      publicRanges.flatMap((range) =>
        range.start !== null && range.end !== null
          ? [{ start: range.start, end: range.end, authorId: range.authorId }]
          : [],
      ),
    ),
  };
}
