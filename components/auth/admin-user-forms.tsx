"use client";
// The admin's forms for one user: change role, suspend, ban, restore. Each needs a reason, which the
// audit log keeps.
import { useActionState } from "react";
import {
  banAction,
  changeRoleAction,
  restoreAction,
  suspendAction,
} from "@/lib/accounts/actions/admin-users";
import { REASON_MAX_LENGTH, type FormState } from "@/lib/accounts/schemas";
import type { AccountStatus, Role } from "@/lib/generated/prisma/enums";
import { buttonClass, errorTextClass, FormField, FormMessage, inputClass } from "./form-field";

const INITIAL: FormState = {};
const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: "READER", label: "Reader" },
  { value: "MODERATOR", label: "Moderator" },
  { value: "ADMIN", label: "Admin" },
];

function ReasonField({ id, state }: { id: string; state: FormState }) {
  return (
    <FormField
      id={id}
      name="reason"
      label="Reason"
      hint="Kept in the audit log; shown to the user for a suspension or ban."
      maxLength={REASON_MAX_LENGTH}
      defaultValue={state.values?.reason}
      errors={state.errors?.reason}
    />
  );
}

export function ChangeRoleForm({ userId, role }: { userId: string; role: Role }) {
  const [state, action, pending] = useActionState(changeRoleAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-3" aria-labelledby="role-title">
      <h3 id="role-title" className="font-semibold">
        Change role
      </h3>
      <input type="hidden" name="userId" value={userId} />
      <div>
        <label htmlFor="role-select" className="block font-medium">
          Role
        </label>
        <select
          id="role-select"
          name="role"
          defaultValue={state.values?.role ?? role}
          className={inputClass}
          aria-describedby="role-select-error"
        >
          {ROLE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <div id="role-select-error" aria-live="polite" className="empty:hidden">
          {state.errors?.role?.map((error) => (
            <p key={error} className={errorTextClass}>
              {error}
            </p>
          ))}
        </div>
      </div>
      <ReasonField id="role-reason" state={state} />
      <FormMessage id="role-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Change role
      </button>
    </form>
  );
}

export function SuspendForm({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(suspendAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-3" aria-labelledby="suspend-title">
      <h3 id="suspend-title" className="font-semibold">
        Suspend
      </h3>
      <input type="hidden" name="userId" value={userId} />
      <FormField
        id="suspend-until"
        name="until"
        label="Suspended until"
        type="date"
        hint="The suspension ends at 00:00 UTC on this date."
        defaultValue={state.values?.until}
        errors={state.errors?.until}
      />
      <ReasonField id="suspend-reason" state={state} />
      <FormMessage id="suspend-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Suspend
      </button>
    </form>
  );
}

export function BanForm({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(banAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-3" aria-labelledby="ban-title">
      <h3 id="ban-title" className="font-semibold">
        Ban
      </h3>
      <input type="hidden" name="userId" value={userId} />
      <ReasonField id="ban-reason" state={state} />
      <FormMessage id="ban-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Ban
      </button>
    </form>
  );
}

export function RestoreForm({ userId, status }: { userId: string; status: AccountStatus }) {
  const [state, action, pending] = useActionState(restoreAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-3" aria-labelledby="restore-title">
      <h3 id="restore-title" className="font-semibold">
        Restore
      </h3>
      <p className="text-muted text-sm">
        {status === "ACTIVE" ? "The account is active." : "Lifts the suspension or ban at once."}
      </p>
      <input type="hidden" name="userId" value={userId} />
      <ReasonField id="restore-reason" state={state} />
      <FormMessage id="restore-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Restore
      </button>
    </form>
  );
}
