"use server";
// Server actions of /notifications: mark one or all read, and accept or decline a team invitation
// addressed to the reader. Every write is scoped to the signed-in user's own notifications.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { field } from "@/lib/accounts/actions/form-data";
import { ApiError } from "@/lib/api/errors";
import { authorize, AuthorizationError } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { rateLimitRefusal } from "@/lib/rate-limit/enforce";
import { NOTIFICATION_MARKS_PER_USER } from "@/lib/rate-limit/limits";
import { acceptDirectInvitation, declineDirectInvitation } from "@/lib/teams/commands";
import type { TeamFormState } from "@/lib/teams/schemas";
import { markAllNotificationsRead, markNotificationRead } from "./queries";

const PAGE = "/notifications";

async function reader() {
  try {
    return await authorize("notification:read");
  } catch (error) {
    if (error instanceof AuthorizationError && error.status === 401)
      redirect(`/signin?callbackUrl=${encodeURIComponent(PAGE)}`);
    throw error;
  }
}

export async function markNotificationReadAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  const user = await reader();
  const tooFast = await rateLimitRefusal(db, NOTIFICATION_MARKS_PER_USER, user.id);
  if (tooFast) return { message: tooFast };
  const changed = await markNotificationRead(db, user.id, field(formData, "notificationId"));
  revalidatePath(PAGE);
  return changed
    ? { ok: true, message: "Marked as read." }
    : { message: "That notification was already read." };
}

export async function markAllNotificationsReadAction(): Promise<TeamFormState> {
  const user = await reader();
  const tooFast = await rateLimitRefusal(db, NOTIFICATION_MARKS_PER_USER, user.id);
  if (tooFast) return { message: tooFast };
  const count = await markAllNotificationsRead(db, user.id);
  revalidatePath(PAGE);
  return {
    ok: true,
    message:
      count === 0
        ? "Nothing was unread."
        : `Marked ${count} ${count === 1 ? "notification" : "notifications"} as read.`,
  };
}

export async function acceptDirectInvitationAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  const user = await reader();
  let slug: string;
  try {
    slug = (await acceptDirectInvitation(db, user, field(formData, "invitationId"))).team.slug;
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message };
    throw error;
  }
  revalidatePath(PAGE);
  revalidatePath("/teams");
  redirect(`/teams/${encodeURIComponent(slug)}`);
}

export async function declineDirectInvitationAction(
  _previous: TeamFormState,
  formData: FormData,
): Promise<TeamFormState> {
  const user = await reader();
  const declined = await declineDirectInvitation(db, user, field(formData, "invitationId"));
  revalidatePath(PAGE);
  return declined
    ? { ok: true, message: "Invitation declined." }
    : { message: "That invitation can no longer be declined." };
}
