"use client";
// The warned user's "I understand", and the appeal form (once per decision, a short message).
import { useActionState, useId } from "react";
import { buttonClass, errorTextClass, inputClass, secondaryButtonClass } from "@/components/auth/form-field";
import { acknowledgeWarningAction, appealAction, type AppealFormState } from "@/lib/moderation/actions";
import { MAX_APPEAL_MESSAGE_LENGTH } from "@/lib/moderation/schemas";

export function AcknowledgeForm({ sanctionId }: { sanctionId: string }) {
  const [state, action, pending] = useActionState<AppealFormState, FormData>(acknowledgeWarningAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="sanctionId" value={sanctionId} />
      <button type="submit" disabled={pending || state.ok} className={buttonClass}>
        I understand
      </button>
      <div aria-live="polite" className="empty:hidden">
        {state.message ? <p className={state.ok ? "" : errorTextClass}>{state.message}</p> : null}
      </div>
    </form>
  );
}

export function AppealForm({
  sanctionId,
  auditEntryId,
  label,
}: {
  sanctionId?: string;
  auditEntryId?: string;
  label: string;
}) {
  const [state, action, pending] = useActionState<AppealFormState, FormData>(appealAction, {});
  const id = useId();
  if (state.ok) {
    return (
      <p aria-live="polite" role="status">
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-2" aria-label={label}>
      {sanctionId ? <input type="hidden" name="sanctionId" value={sanctionId} /> : null}
      {auditEntryId ? <input type="hidden" name="auditEntryId" value={auditEntryId} /> : null}
      <label htmlFor={`${id}-message`} className="block text-sm font-medium">
        Why should this be reversed? (at most {MAX_APPEAL_MESSAGE_LENGTH} characters; you can appeal once)
      </label>
      <textarea
        id={`${id}-message`}
        name="message"
        required
        rows={2}
        maxLength={MAX_APPEAL_MESSAGE_LENGTH}
        className={inputClass}
        aria-describedby={state.message ? `${id}-error` : undefined}
      />
      <button type="submit" disabled={pending} className={`${secondaryButtonClass} px-3 py-1 text-sm`}>
        Send the appeal
      </button>
      <div aria-live="polite" className="empty:hidden">
        {state.message ? (
          <p id={`${id}-error`} className={errorTextClass}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
