"use server";
// Server action of /signup: create the account, then sign in and go back to the page the reader was on.
import { headers } from "next/headers";
import { signIn } from "@/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/rate-limit/client-ip";
import type { FormState } from "../schemas";
import { registerUser } from "../sign-up";
import { field } from "./form-data";

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { name: field(formData, "name"), email: field(formData, "email") };
  const password = field(formData, "password");
  const result = await registerUser(db, { ...values, password }, { ip: clientIp(await headers()) });
  if (!result.ok) return { errors: result.errors, message: result.message, values };
  await signIn("credentials", {
    email: result.email,
    password,
    redirectTo: safeCallbackPath(field(formData, "callbackUrl")),
  });
  return {};
}
