"use client";
// Warn, suspend or ban one user, with the reason they will see and, optionally, the removal of all their
// visible content. Refusals (a moderator on an admin, bad dates) come back as a message.
import { useActionState, useId, useState } from "react";
import { buttonClass, errorTextClass, inputClass } from "@/components/auth/form-field";
import { sanctionAction, type SanctionFormState } from "@/lib/moderation/actions";
import { MAX_SANCTION_REASON_LENGTH } from "@/lib/moderation/schemas";

const KINDS = [
  { value: "WARN", label: "Warn (they acknowledge it before posting again)" },
  { value: "SUSPEND", label: "Suspend until a date" },
  { value: "BAN", label: "Ban" },
] as const;

export function SanctionForm({ userId, name }: { userId: string; name: string }) {
  const [state, action, pending] = useActionState<SanctionFormState, FormData>(sanctionAction, {});
  const [kind, setKind] = useState<(typeof KINDS)[number]["value"]>("WARN");
  const id = useId();
  const error = (field: string) => state.errors?.[field]?.[0];
  return (
    <form action={action} className="space-y-3" aria-label={`Sanction ${name}`}>
      <input type="hidden" name="userId" value={userId} />
      <fieldset className="space-y-1">
        <legend className="font-medium">Sanction</legend>
        {KINDS.map((option) => (
          <label key={option.value} className="flex items-center gap-2">
            <input
              type="radio"
              name="kind"
              value={option.value}
              checked={kind === option.value}
              onChange={() => setKind(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      {kind === "SUSPEND" ? (
        <div>
          <label htmlFor={`${id}-until`} className="block font-medium">
            Suspended until
          </label>
          <input
            id={`${id}-until`}
            name="until"
            type="date"
            required
            className={inputClass}
            aria-describedby={error("until") ? `${id}-until-error` : undefined}
          />
          {error("until") ? (
            <p id={`${id}-until-error`} className={errorTextClass}>
              {error("until")}
            </p>
          ) : null}
        </div>
      ) : null}
      <div>
        <label htmlFor={`${id}-reason`} className="block font-medium">
          Reason (the user sees it)
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          required
          maxLength={MAX_SANCTION_REASON_LENGTH}
          rows={2}
          className={inputClass}
          aria-describedby={error("reason") ? `${id}-reason-error` : undefined}
        />
        {error("reason") ? (
          <p id={`${id}-reason-error`} className={errorTextClass}>
            {error("reason")}
          </p>
        ) : null}
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="removeContent" />
        Also remove all their annotations, replies and comments
      </label>
      <button type="submit" disabled={pending} className={buttonClass}>
        Apply the sanction
      </button>
      <div aria-live="polite" className="empty:hidden">
        {state.message ? <p className={state.ok ? "" : errorTextClass}>{state.message}</p> : null}
      </div>
    </form>
  );
}
