// Who may see which annotation, expressed once as a Prisma `where` so that every read — the margin,
// counts, popular passages, exports, the API and live updates — applies the same rule in the query
// itself. Nothing private is ever loaded and then filtered in code.
import type { Prisma } from "../generated/prisma/client";

export interface AnnotationViewer {
  id: string;
  /** Teams the viewer belongs to now (read per request, so a removed member loses access at once). */
  teamIds: string[];
  /**
   * What the viewer moderates (lib/moderation/permissions.ts): site-wide, and teams they own or administer.
   * A moderator also sees the withheld-for-review items (PENDING, HIDDEN) they may moderate, where they
   * would see them if published. Absent for a viewer who moderates nothing.
   */
  moderates?: { site: boolean; teamIds: string[] };
}

/** Withheld statuses a moderator still sees in the reading view (REMOVED and SPAM are withdrawn). */
const UNDER_REVIEW = ["PENDING", "HIDDEN"] as const;

/**
 * Visible to the viewer: their own (in any moderation state but removed-by-deletion), public published
 * ones, published ones of teams they are in, and, for moderators, those under review they may moderate. Anonymous viewers see public published ones only.
 */
export function visibleAnnotationsWhere(viewer: AnnotationViewer | null): Prisma.AnnotationWhereInput {
  const everyone: Prisma.AnnotationWhereInput = { visibility: "PUBLIC", status: "PUBLISHED" };
  if (!viewer) return { deletedAt: null, ...everyone };
  return {
    deletedAt: null,
    OR: [
      { authorId: viewer.id },
      everyone,
      ...(viewer.teamIds.length
        ? [{ visibility: "TEAM" as const, status: "PUBLISHED" as const, teamId: { in: viewer.teamIds } }]
        : []),
      ...moderatedWhere(viewer),
    ],
  };
}

function moderatedWhere(viewer: AnnotationViewer): Prisma.AnnotationWhereInput[] {
  const moderates = viewer.moderates;
  if (!moderates) return [];
  const status = { in: [...UNDER_REVIEW] };
  const teamIds = moderates.site
    ? viewer.teamIds
    : viewer.teamIds.filter((id) => moderates.teamIds.includes(id));
  return [
    ...(moderates.site ? [{ visibility: "PUBLIC" as const, status }] : []),
    ...(teamIds.length ? [{ visibility: "TEAM" as const, status, teamId: { in: teamIds } }] : []),
  ];
}

/**
 * Whether the viewer moderates items under review in this place: an article comment (null) or the thread
 * of an annotation they can see. The same rule as moderatedWhere, for replies and comments.
 */
export function moderatesUnderReview(
  viewer: AnnotationViewer | null,
  annotation: { visibility: "PRIVATE" | "TEAM" | "PUBLIC"; teamId: string | null } | null,
): boolean {
  const moderates = viewer?.moderates;
  if (!viewer || !moderates) return false;
  if (!annotation || annotation.visibility === "PUBLIC") return moderates.site;
  if (annotation.visibility !== "TEAM" || !annotation.teamId || !viewer.teamIds.includes(annotation.teamId))
    return false;
  return moderates.site || moderates.teamIds.includes(annotation.teamId);
}

export function isUnderReview(status: string): boolean {
  return (UNDER_REVIEW as readonly string[]).includes(status);
}

/** Only what anyone may see: the basis of public aggregates such as popular passages. */
export const PUBLICLY_VISIBLE: Prisma.AnnotationWhereInput = {
  deletedAt: null,
  visibility: "PUBLIC",
  status: "PUBLISHED",
};
