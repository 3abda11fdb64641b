"use client";
// Uphold or reverse one appeal, with an optional reason the user sees.
import { useActionState } from "react";
import { errorTextClass, inputClass, secondaryButtonClass } from "@/components/auth/form-field";
import { type AppealFormState, decideAppealAction } from "@/lib/moderation/actions";
import { MAX_DECISION_REASON_LENGTH } from "@/lib/moderation/schemas";

export function AppealDecisionForm({ appealId, label }: { appealId: string; label: string }) {
  const [state, action, pending] = useActionState<AppealFormState, FormData>(decideAppealAction, {});
  const reasonId = `appeal-reason-${appealId}`;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="appealId" value={appealId} />
      <label htmlFor={reasonId} className="block text-sm font-medium">
        Reason (optional, shown to the user)
      </label>
      <input
        id={reasonId}
        name="reason"
        type="text"
        maxLength={MAX_DECISION_REASON_LENGTH}
        className={inputClass}
      />
      <div className="flex flex-wrap gap-2" role="group" aria-label={`Decide on ${label}`}>
        <button
          type="submit"
          name="decision"
          value="reverse"
          disabled={pending}
          className={`${secondaryButtonClass} px-3 py-1 text-sm`}
        >
          Reverse the decision
        </button>
        <button
          type="submit"
          name="decision"
          value="uphold"
          disabled={pending}
          className={`${secondaryButtonClass} px-3 py-1 text-sm`}
        >
          Uphold the decision
        </button>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.message ? <p className={state.ok ? "text-sm" : errorTextClass}>{state.message}</p> : null}
      </div>
    </form>
  );
}
