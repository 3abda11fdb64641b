// /notifications - the signed-in reader's notifications, newest first: replies, mentions, team
// invitations (accept or decline here), moderation decisions. Mark one or all as read.
import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { listNotifications, NOTIFICATIONS_PAGE_SIZE } from "@/lib/notifications/queries";
import { InvitationButtons, MarkAllReadForm, MarkReadButton } from "./_components/notification-forms";

export const metadata: Metadata = { title: "Notifications", robots: { index: false } };

export default async function NotificationsPage() {
  const user = await requireUser("/notifications");
  const notifications = await listNotifications(db, user.id);
  const unread = notifications.filter((notification) => !notification.read).length;
  return (
    <div className="mx-auto max-w-2xl space-y-8 px-4 py-10 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="font-reading text-3xl font-semibold tracking-tight">Notifications</h1>
          <p className="text-muted">{unread === 0 ? "Nothing unread." : `${unread} unread`}</p>
        </div>
        {unread > 0 ? <MarkAllReadForm /> : null}
      </div>
      {notifications.length === 0 ? (
        <p className="text-muted">
          No notifications yet. Replies to your notes, mentions and team invitations will appear here.
        </p>
      ) : (
        <ul className="divide-rule border-rule divide-y rounded border" aria-label="Notifications">
          {notifications.map((notification) => (
            <li
              key={notification.id}
              className={`flex flex-wrap items-start justify-between gap-3 p-4 ${notification.read ? "" : "bg-panel"}`}
            >
              <div className="min-w-0 space-y-1">
                <p className={notification.read ? "" : "font-semibold"}>
                  {notification.read ? null : <span className="sr-only">Unread: </span>}
                  {notification.href === "/notifications" ? (
                    notification.text
                  ) : (
                    <Link href={notification.href} className="underline">
                      {notification.text}
                    </Link>
                  )}
                </p>
                <p className="text-muted text-sm">
                  <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
                </p>
                {notification.invitation ? (
                  notification.invitation.open ? (
                    <InvitationButtons
                      invitationId={notification.invitation.id}
                      teamName={notification.invitation.teamName}
                    />
                  ) : (
                    <p className="text-muted text-sm">This invitation is no longer open.</p>
                  )
                ) : null}
              </div>
              {notification.read ? null : (
                <MarkReadButton notificationId={notification.id} text={notification.text} />
              )}
            </li>
          ))}
        </ul>
      )}
      {notifications.length === NOTIFICATIONS_PAGE_SIZE ? (
        <p className="text-muted text-sm">Showing the {NOTIFICATIONS_PAGE_SIZE} most recent notifications.</p>
      ) : null}
    </div>
  );
}
