// Creating notifications: called inside the transaction of the write that causes them (a reply, a
// mention, an invitation, a moderation decision), so a notification exists exactly when its cause does.
// Delivery beyond the in-app bell (email when SMTP_URL is set) happens after commit, elsewhere.
import type { Prisma } from "../generated/prisma/client";
import type { NotificationType } from "../generated/prisma/enums";
import type { Db } from "../db/prisma-factory";

type Tx = Prisma.TransactionClient | Db;

export interface NewNotification {
  type: NotificationType;
  /** Who is notified. */
  userId: string;
  /** Who caused it (null for the system). Nobody is notified of their own action. */
  actorId: string | null;
  annotationId?: string | null;
  commentId?: string | null;
  /** Small, display-only facts (e.g. the team's name, the article's slug); never private content. */
  data?: Prisma.InputJsonObject;
}

export async function notify(tx: Tx, notifications: NewNotification[]): Promise<number> {
  const seen = new Set<string>();
  const rows = notifications.filter((notification) => {
    if (notification.actorId !== null && notification.userId === notification.actorId) return false;
    const key = `${notification.type}:${notification.userId}:${notification.annotationId ?? ""}:${notification.commentId ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (rows.length === 0) return 0;
  const result = await tx.notification.createMany({
    data: rows.map((row) => ({
      type: row.type,
      userId: row.userId,
      actorId: row.actorId,
      annotationId: row.annotationId ?? null,
      commentId: row.commentId ?? null,
      data: row.data ?? {},
    })),
  });
  return result.count;
}
