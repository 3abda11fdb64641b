"use client";
// "Approve / hide / remove / spam selected": the queue items' checkboxes belong to this form through
// their `form` attribute (forms cannot nest), so each item keeps its own decision form as well.
import { useActionState } from "react";
import { errorTextClass, inputClass, secondaryButtonClass } from "@/components/auth/form-field";
import { bulkDecideAction, type BulkFormState } from "@/lib/moderation/actions";
import { MAX_DECISION_REASON_LENGTH } from "@/lib/moderation/schemas";

export const BULK_FORM_ID = "bulk-decision";

const BUTTONS = [
  { decision: "approve", label: "Approve selected" },
  { decision: "hide", label: "Hide selected" },
  { decision: "remove", label: "Remove selected" },
  { decision: "spam", label: "Spam selected" },
] as const;

export function BulkActions() {
  const [state, action, pending] = useActionState<BulkFormState, FormData>(bulkDecideAction, {});
  return (
    <form
      id={BULK_FORM_ID}
      action={action}
      className="border-rule space-y-2 rounded border p-3"
      aria-label="Decide on the selected items"
    >
      <p className="text-sm">Select items with their checkboxes, then decide on all of them at once.</p>
      <label htmlFor="bulk-reason" className="block text-sm font-medium">
        Reason for the selected items (optional, shown to their authors)
      </label>
      <input
        id="bulk-reason"
        name="reason"
        type="text"
        maxLength={MAX_DECISION_REASON_LENGTH}
        className={inputClass}
      />
      <div className="flex flex-wrap gap-2">
        {BUTTONS.map((button) => (
          <button
            key={button.decision}
            type="submit"
            name="decision"
            value={button.decision}
            disabled={pending}
            className={`${secondaryButtonClass} px-3 py-1 text-sm`}
          >
            {button.label}
          </button>
        ))}
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.message ? <p className={state.ok ? "text-sm" : errorTextClass}>{state.message}</p> : null}
      </div>
    </form>
  );
}
