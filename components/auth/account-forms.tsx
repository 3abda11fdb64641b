"use client";
import { useActionState } from "react";
import {
  changePasswordAction,
  signOutEverywhereAction,
  updateProfileAction,
} from "@/lib/accounts/actions/account";
import { DISPLAY_NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH, type FormState } from "@/lib/accounts/schemas";
import { buttonClass, FormField, FormMessage, secondaryButtonClass } from "./form-field";

const INITIAL: FormState = {};

export function ProfileForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(updateProfileAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="profile-message">
      <FormField
        id="profile-name"
        name="name"
        label="Display name"
        hint={`Up to ${DISPLAY_NAME_MAX_LENGTH} characters.`}
        autoComplete="name"
        defaultValue={state.values?.name ?? name}
        errors={state.errors?.name}
      />
      <FormMessage id="profile-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Save display name
      </button>
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="password-message">
      <FormField
        id="password-current"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        errors={state.errors?.currentPassword}
      />
      <FormField
        id="password-new"
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; common passwords are refused.`}
        errors={state.errors?.newPassword}
      />
      <FormField
        id="password-confirm"
        name="confirmPassword"
        label="New password, again"
        type="password"
        autoComplete="new-password"
        errors={state.errors?.confirmPassword}
      />
      <FormMessage id="password-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Change password
      </button>
    </form>
  );
}

export function SignOutEverywhereForm() {
  const [state, action, pending] = useActionState(signOutEverywhereAction, INITIAL);
  return (
    <form action={action} className="space-y-3">
      <p className="text-muted">Ends every session of your account, on this device and all others.</p>
      <FormMessage id="everywhere-message" message={state.message} />
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Sign out of all devices
      </button>
    </form>
  );
}
