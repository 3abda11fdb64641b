"use client";
// The decision buttons of one queue item, with an optional reason; the answer ("Hidden.", "Already
// handled by …") is announced next to them. data-decision lets the keyboard shortcuts press them.
import { useActionState } from "react";
import { errorTextClass, inputClass, secondaryButtonClass } from "@/components/auth/form-field";
import { decideAction, type DecisionFormState } from "@/lib/moderation/actions";

const INITIAL: DecisionFormState = {};

const BUTTONS = [
  { decision: "approve", label: "Approve", key: "a" },
  { decision: "hide", label: "Hide", key: "h" },
  { decision: "remove", label: "Remove", key: "r" },
  { decision: "spam", label: "Spam", key: "s" },
  { decision: "restore", label: "Restore", key: null },
  { decision: "dismiss", label: "Dismiss reports", key: null },
] as const;

export function DecisionForm({
  itemKind,
  itemId,
  version,
  label,
  only,
}: {
  itemKind: string;
  itemId: string;
  version: number;
  label: string;
  /** Offer only these decisions (e.g. Restore on an item already decided). */
  only?: readonly string[];
}) {
  const [state, action, pending] = useActionState(decideAction, INITIAL);
  const reasonId = `reason-${itemId}`;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="itemKind" value={itemKind} />
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="expectedVersion" value={version} />
      <label htmlFor={reasonId} className="block text-sm font-medium">
        Reason (optional, shown to the author)
      </label>
      <input id={reasonId} name="reason" type="text" maxLength={500} className={inputClass} />
      <div className="flex flex-wrap gap-2" role="group" aria-label={`Decide on ${label}`}>
        {BUTTONS.filter((button) => !only || only.includes(button.decision)).map((button) => (
          <button
            key={button.decision}
            type="submit"
            name="decision"
            value={button.decision}
            data-decision={button.decision}
            disabled={pending}
            aria-keyshortcuts={button.key ?? undefined}
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
