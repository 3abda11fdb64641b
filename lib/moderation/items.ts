// A moderated item (an annotation, a reply or an article comment) as moderation sees it: its author,
// status, version and the scope that decides who may moderate it (lib/moderation/permissions.ts).
import type { Prisma } from "../generated/prisma/client";
import type { ItemStatus, TeamRole, Visibility } from "../generated/prisma/enums";
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import type { ModerationScope } from "./permissions";
import type { ItemKind } from "./schemas";

type Reader = Db | Prisma.TransactionClient;

export const ITEM_NOT_FOUND = "There is no annotation, reply or comment with this id.";

export interface ModeratedItem {
  kind: ItemKind;
  id: string;
  articleId: string;
  authorId: string;
  status: ItemStatus;
  version: number;
  scope: ModerationScope;
  /** The team whose content this is (a team annotation, or a reply in its thread); null otherwise. */
  teamId: string | null;
}

export function scopeOf(visibility: Visibility, teamId: string | null): ModerationScope {
  if (visibility === "PUBLIC") return "public";
  if (visibility === "TEAM" && teamId) return "team";
  return "private";
}

/** The item by kind and id, deleted ones excluded; 404 otherwise. No visibility check: callers check who may act. */
export async function findModeratedItem(db: Reader, kind: ItemKind, id: string): Promise<ModeratedItem> {
  if (kind === "annotation") {
    const annotation = await db.annotation.findFirst({
      where: { id, deletedAt: null },
      select: {
        id: true,
        articleId: true,
        authorId: true,
        status: true,
        version: true,
        visibility: true,
        teamId: true,
      },
    });
    if (!annotation) throw new ApiError("not_found", ITEM_NOT_FOUND);
    const scope = scopeOf(annotation.visibility, annotation.teamId);
    return { kind, ...annotation, scope, teamId: scope === "team" ? annotation.teamId : null };
  }
  const comment = await db.comment.findFirst({
    where: { id, deletedAt: null },
    select: {
      id: true,
      kind: true,
      articleId: true,
      authorId: true,
      status: true,
      version: true,
      annotation: { select: { visibility: true, teamId: true } },
    },
  });
  if (!comment) throw new ApiError("not_found", ITEM_NOT_FOUND);
  // An article comment is public; a reply lives in its annotation's scope.
  const scope = comment.annotation
    ? scopeOf(comment.annotation.visibility, comment.annotation.teamId)
    : "public";
  return {
    kind,
    id: comment.id,
    articleId: comment.articleId,
    authorId: comment.authorId,
    status: comment.status,
    version: comment.version,
    scope,
    teamId: scope === "team" ? (comment.annotation?.teamId ?? null) : null,
  };
}

export async function teamRoleOf(
  db: Reader,
  userId: string,
  teamId: string | null,
): Promise<TeamRole | null> {
  if (!teamId) return null;
  const membership = await db.teamMembership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}
