"use client";
import Link from "next/link";
import { useActionState } from "react";
import { signUpAction } from "@/lib/accounts/actions/sign-up";
import { DISPLAY_NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH, type FormState } from "@/lib/accounts/schemas";
import { buttonClass, FormField, FormMessage } from "./form-field";

const INITIAL: FormState = {};

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signUpAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="signup-message">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage id="signup-message" message={state.message} />
      <FormField
        id="signup-name"
        name="name"
        label="Display name"
        hint={`Shown next to what you write. Up to ${DISPLAY_NAME_MAX_LENGTH} characters.`}
        autoComplete="name"
        required
        defaultValue={state.values?.name}
        errors={state.errors?.name}
      />
      <FormField
        id="signup-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.errors?.email}
      />
      <FormField
        id="signup-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; common passwords are refused.`}
        required
        errors={state.errors?.password}
      />
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Creating your account…" : "Create account"}
        </button>
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="underline">
          I already have an account
        </Link>
      </div>
    </form>
  );
}
