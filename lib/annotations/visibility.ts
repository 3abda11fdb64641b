// Who may see which annotation, expressed once as a Prisma `where` so that every read — the margin,
// counts, popular passages, exports, the API and live updates — applies the same rule in the query
// itself. Nothing private is ever loaded and then filtered in code.
import type { Prisma } from "../generated/prisma/client";

export interface AnnotationViewer {
  id: string;
  /** Teams the viewer belongs to now (read per request, so a removed member loses access at once). */
  teamIds: string[];
}

/**
 * Visible to the viewer: their own (in any moderation state but removed-by-deletion), public published
 * ones, and published ones of teams they are in. Anonymous viewers see public published ones only.
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
    ],
  };
}

/** Only what anyone may see: the basis of public aggregates such as popular passages. */
export const PUBLICLY_VISIBLE: Prisma.AnnotationWhereInput = {
  deletedAt: null,
  visibility: "PUBLIC",
  status: "PUBLISHED",
};
