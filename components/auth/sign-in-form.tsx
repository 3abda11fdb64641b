"use client";
import Link from "next/link";
import { useActionState } from "react";
import { emailLinkAction, signInAction } from "@/lib/accounts/actions/sign-in";
import type { FormState } from "@/lib/accounts/schemas";
import { buttonClass, FormField, FormMessage, secondaryButtonClass } from "./form-field";

const INITIAL: FormState = {};

export function SignInForm({
  callbackUrl,
  initialMessage,
}: {
  callbackUrl: string;
  initialMessage?: string | undefined;
}) {
  const [state, action, pending] = useActionState(signInAction, INITIAL);
  const message = state.message ?? initialMessage;
  return (
    <form action={action} noValidate className="space-y-4" aria-describedby="signin-message">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage id="signin-message" message={message} />
      <FormField
        id="signin-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.errors?.email}
      />
      <FormField
        id="signin-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.errors?.password}
      />
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="underline">
          Create an account
        </Link>
      </div>
    </form>
  );
}

export function EmailLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(emailLinkAction, INITIAL);
  return (
    <form action={action} noValidate className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField
        id="link-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        hint="We'll email you a link that signs you in."
        defaultValue={state.values?.email}
        errors={state.errors?.email}
      />
      <FormMessage id="link-message" message={state.message} />
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
