"use client";
// Buttons of /notifications, each a server action whose answer is announced next to it.
import { useActionState, useEffect } from "react";
import { announceNotificationsChanged } from "@/components/notifications/events";
import { buttonClass, errorTextClass, secondaryButtonClass } from "@/components/auth/form-field";
import {
  acceptDirectInvitationAction,
  declineDirectInvitationAction,
  markAllNotificationsReadAction,
  markNotificationReadAction,
} from "@/lib/notifications/actions";
import type { TeamFormState } from "@/lib/teams/schemas";

const INITIAL: TeamFormState = {};
const small = "px-3 py-1 text-sm";

function Answer({ state }: { state: TeamFormState }) {
  // A successful change alters the unread count: the header's bell fetches it again at once.
  useEffect(() => {
    if (state.ok) announceNotificationsChanged();
  }, [state]);
  return (
    <div aria-live="polite" className="empty:hidden">
      {state.message ? <p className={state.ok ? "text-sm" : errorTextClass}>{state.message}</p> : null}
    </div>
  );
}

export function MarkAllReadForm() {
  const [state, action, pending] = useActionState(markAllNotificationsReadAction, INITIAL);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Mark all as read
      </button>
      <Answer state={state} />
    </form>
  );
}

export function MarkReadButton({ notificationId, text }: { notificationId: string; text: string }) {
  const [state, action, pending] = useActionState(markNotificationReadAction, INITIAL);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="notificationId" value={notificationId} />
      <button
        type="submit"
        className={`${secondaryButtonClass} ${small}`}
        disabled={pending}
        aria-label={`Mark as read: ${text}`}
      >
        Mark as read
      </button>
      <Answer state={state} />
    </form>
  );
}

export function InvitationButtons({ invitationId, teamName }: { invitationId: string; teamName: string }) {
  const [accepted, accept, accepting] = useActionState(acceptDirectInvitationAction, INITIAL);
  const [declined, decline, declining] = useActionState(declineDirectInvitationAction, INITIAL);
  return (
    <div className="space-y-1 pt-1">
      <div className="flex flex-wrap gap-2">
        <form action={accept}>
          <input type="hidden" name="invitationId" value={invitationId} />
          <button
            type="submit"
            className={`${buttonClass} ${small}`}
            disabled={accepting || declining}
            aria-label={`Accept the invitation to join ${teamName}`}
          >
            Accept
          </button>
        </form>
        <form action={decline}>
          <input type="hidden" name="invitationId" value={invitationId} />
          <button
            type="submit"
            className={`${secondaryButtonClass} ${small}`}
            disabled={accepting || declining}
            aria-label={`Decline the invitation to join ${teamName}`}
          >
            Decline
          </button>
        </form>
      </div>
      <Answer state={accepted.message ? accepted : declined} />
    </div>
  );
}
