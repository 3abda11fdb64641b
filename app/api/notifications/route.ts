// GET /api/notifications - the signed-in reader's unread count and most recent notifications, for the
// header's bell. Private to the reader: never cached anywhere.
import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/api/handler";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { remindOfWaitingReports } from "@/lib/moderation/report-alerts";
import {
  listNotifications,
  RECENT_NOTIFICATIONS,
  unreadNotificationCount,
} from "@/lib/notifications/queries";

export const dynamic = "force-dynamic";

const PRIVATE_HEADERS = { "Cache-Control": "private, no-store" };

export const GET = apiHandler(async () => {
  const user = await authorize("notification:read");
  // The 48-hour reminder is computed when a moderator looks at the bell (idempotent; nothing for readers).
  await remindOfWaitingReports(db, user.id);
  const [unread, recent] = await Promise.all([
    unreadNotificationCount(db, user.id),
    listNotifications(db, user.id, { take: RECENT_NOTIFICATIONS }),
  ]);
  return NextResponse.json({ unread, recent }, { headers: PRIVATE_HEADERS });
});
