"use server";
// Server actions of /signin: email + password, and a magic link when configured.
import { AuthError } from "next-auth";
import { RateLimitedSignIn, signIn } from "@/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { describeRetry } from "@/lib/rate-limit/limiter";
import { fieldErrors, emailSchema, signInSchema, type FormState } from "../schemas";
import { SIGN_IN_FAILED_MESSAGE } from "../sign-in";
import { field } from "./form-data";

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: field(formData, "email") };
  const parsed = signInSchema.safeParse({ email: values.email, password: field(formData, "password") });
  if (!parsed.success)
    return { errors: fieldErrors(parsed.error), message: "Check the highlighted fields.", values };
  const redirectTo = safeCallbackPath(field(formData, "callbackUrl"));
  try {
    // Success ends in a redirect (thrown, so it must not be caught below).
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo });
  } catch (error) {
    if (error instanceof RateLimitedSignIn) {
      return { message: `Too many sign-in attempts. Try again ${describeRetry(error.retryAt)}.`, values };
    }
    if (error instanceof AuthError) return { message: SIGN_IN_FAILED_MESSAGE, values };
    throw error;
  }
  return {};
}

export async function emailLinkAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: field(formData, "email") };
  const parsed = emailSchema.safeParse(values.email);
  if (!parsed.success)
    return { errors: { email: parsed.error.issues.map((issue) => issue.message) }, values };
  const redirectTo = safeCallbackPath(field(formData, "callbackUrl"));
  try {
    await signIn("email", { email: parsed.data, redirectTo });
  } catch (error) {
    if (error instanceof AuthError)
      return { message: "We could not send a sign-in link right now. Try again later.", values };
    throw error;
  }
  return {};
}
