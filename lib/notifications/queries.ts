// Read side of notifications, and marking them read. Every query is scoped by the recipient's id in its
// `where`: nobody can list, count or mark someone else's notifications, even with a guessed id.
import type { Db } from "../db/prisma-factory";
import { invitationState } from "../teams/invitation-tokens";
import { describeNotification } from "./text";
import type { NotificationType } from "../generated/prisma/enums";

/** Notifications one page of /notifications shows. */
export const NOTIFICATIONS_PAGE_SIZE = 50;
/** Notifications the bell's JSON carries. */
export const RECENT_NOTIFICATIONS = 5;

export interface NotificationDto {
  id: string;
  type: NotificationType;
  text: string;
  href: string;
  read: boolean;
  createdAt: string;
  /** For a team invitation addressed to the reader: whether it can still be accepted. */
  invitation: { id: string; teamName: string; open: boolean } | null;
}

const NOTIFICATION_SELECT = {
  id: true,
  type: true,
  annotationId: true,
  commentId: true,
  data: true,
  readAt: true,
  createdAt: true,
  actor: { select: { name: true } },
} as const;

function invitationIdOf(data: unknown): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const value = (data as Record<string, unknown>).invitationId;
  return typeof value === "string" && value ? value : null;
}

export async function listNotifications(
  db: Db,
  userId: string,
  { take = NOTIFICATIONS_PAGE_SIZE, now = new Date() }: { take?: number; now?: Date } = {},
): Promise<NotificationDto[]> {
  const rows = await db.notification.findMany({
    where: { userId },
    select: NOTIFICATION_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, take), NOTIFICATIONS_PAGE_SIZE),
  });
  const invitationIds = rows.flatMap((row) =>
    row.type === "TEAM_INVITATION" ? [invitationIdOf(row.data)].filter((id) => id !== null) : [],
  );
  const invitations = invitationIds.length
    ? await db.teamInvitation.findMany({
        where: { id: { in: invitationIds }, inviteeId: userId },
        select: {
          id: true,
          revokedAt: true,
          expiresAt: true,
          uses: true,
          maxUses: true,
          team: { select: { name: true } },
        },
      })
    : [];
  const invitationById = new Map(invitations.map((invitation) => [invitation.id, invitation]));

  return rows.map((row) => {
    const { text, href } = describeNotification({
      type: row.type,
      actorName: row.actor?.name ?? null,
      annotationId: row.annotationId,
      commentId: row.commentId,
      data: row.data,
    });
    const invitationId = row.type === "TEAM_INVITATION" ? invitationIdOf(row.data) : null;
    const invitation = invitationId ? invitationById.get(invitationId) : undefined;
    return {
      id: row.id,
      type: row.type,
      text,
      href,
      read: row.readAt !== null,
      createdAt: row.createdAt.toISOString(),
      invitation: invitation
        ? {
            id: invitation.id,
            teamName: invitation.team.name,
            open: invitationState(invitation, now) === "valid",
          }
        : null,
    };
  });
}

export async function unreadNotificationCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** Marks one of the user's notifications read; false when it is not theirs or already read. */
export async function markNotificationRead(
  db: Db,
  userId: string,
  notificationId: string,
  now = new Date(),
): Promise<boolean> {
  const { count } = await db.notification.updateMany({
    where: { id: notificationId, userId, readAt: null },
    data: { readAt: now },
  });
  return count > 0;
}

/** Marks all the user's unread notifications read; returns how many were. */
export async function markAllNotificationsRead(db: Db, userId: string, now = new Date()): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: now },
  });
  return count;
}
