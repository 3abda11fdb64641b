// Email delivery of notifications, after the transaction that created them has committed. Sent only when
// SMTP_URL is configured; otherwise nothing is sent and nothing fails. A failed send is logged and never
// undoes or fails the action that caused it: the in-app notification is the record, email a courtesy.
import { createTransport, type Transporter } from "nodemailer";
import { parseAuthEnv } from "../auth/auth-env";
import type { Db } from "../db/prisma-factory";
import { siteUrl } from "../env";
import type { NewNotification } from "./notify";
import { describeNotification, type NotificationFacts } from "./text";

export interface EmailDelivery {
  /** Emails handed to the SMTP server. */
  sent: number;
  /** Notifications not emailed: no SMTP configured, or the send failed. */
  skipped: number;
}

export interface EmailOptions {
  /** Defaults to SMTP_URL from the environment. */
  smtpUrl?: string | undefined;
  from?: string | undefined;
  /** For tests: a transport to use instead of one built from smtpUrl. */
  transport?: Transporter;
  origin?: string;
}

export async function deliverNotificationEmails(
  db: Db,
  notifications: NewNotification[],
  options: EmailOptions = {},
): Promise<EmailDelivery> {
  const rows = notifications.filter(
    (notification) => notification.actorId === null || notification.userId !== notification.actorId,
  );
  if (rows.length === 0) return { sent: 0, skipped: 0 };
  try {
    const env = parseAuthEnv();
    const smtpUrl = options.smtpUrl ?? env.SMTP_URL;
    if (!options.transport && !smtpUrl) return { sent: 0, skipped: rows.length };
    const origin = options.origin ?? siteUrl();
    const from = options.from ?? env.EMAIL_FROM ?? `Marginalia <no-reply@${new URL(origin).hostname}>`;
    const transport = options.transport ?? createTransport(smtpUrl);

    const userIds = [...new Set(rows.flatMap((row) => [row.userId, ...(row.actorId ? [row.actorId] : [])]))];
    const users = await db.user.findMany({
      where: { id: { in: userIds } },
      select: { id: true, email: true, name: true },
    });
    const byId = new Map(users.map((user) => [user.id, user]));

    let sent = 0;
    for (const row of rows) {
      const recipient = byId.get(row.userId);
      if (!recipient) continue;
      const facts: NotificationFacts = {
        type: row.type,
        actorName: row.actorId ? (byId.get(row.actorId)?.name ?? null) : null,
        annotationId: row.annotationId ?? null,
        commentId: row.commentId ?? null,
        data: row.data ?? {},
      };
      const { text, href } = describeNotification(facts);
      try {
        await transport.sendMail({
          to: recipient.email,
          from,
          subject: text,
          text: `${text}\n\n${origin}${href}\n\nSee all your notifications: ${origin}/notifications\n`,
        });
        sent += 1;
      } catch (error) {
        console.warn(`[notifications] Email to user ${recipient.id} failed: ${(error as Error).message}`);
      }
    }
    return { sent, skipped: rows.length - sent };
  } catch (error) {
    console.warn(`[notifications] Email delivery skipped: ${(error as Error).message}`);
    return { sent: 0, skipped: rows.length };
  }
}
