"use client";
// The Accept button of an invitation; a refusal (expired meanwhile, used up by someone else) is announced.
import { useActionState } from "react";
import { buttonClass, FormMessage } from "@/components/auth/form-field";
import { acceptInvitationAction } from "@/lib/teams/actions/teams";
import type { TeamFormState } from "@/lib/teams/schemas";

const INITIAL: TeamFormState = {};

export function AcceptInvitationForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, INITIAL);
  return (
    <form action={action} className="space-y-4" aria-describedby="accept-message">
      <input type="hidden" name="token" value={token} />
      <FormMessage id="accept-message" message={state.message} ok={state.ok} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Accept invitation
      </button>
    </form>
  );
}
