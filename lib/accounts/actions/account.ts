"use server";
// Server actions of /account: display name, password, sign out of all devices.
import { revalidatePath } from "next/cache";
import { signIn, signOut } from "@/auth";
import { authorize, AuthorizationError, requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { rateLimitRefusal } from "@/lib/rate-limit/enforce";
import { PROFILE_UPDATES_PER_USER } from "@/lib/rate-limit/limits";
import { changePassword, signOutEverywhere, updateDisplayName } from "../profile";
import type { FormState } from "../schemas";
import { field } from "./form-data";

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { name: field(formData, "name") };
  const user = await requireUser("/account");
  const tooFast = await rateLimitRefusal(db, PROFILE_UPDATES_PER_USER, user.id);
  if (tooFast) return { message: tooFast, values };
  const result = await updateDisplayName(db, user, values);
  if (!result.ok) return { errors: result.errors, message: result.message, values };
  revalidatePath("/account");
  return { ok: true, message: result.message };
}

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await authorize("account:security").catch((error: unknown) => {
    if (error instanceof AuthorizationError) return error;
    throw error;
  });
  if (user instanceof AuthorizationError) return { message: user.message };
  const newPassword = field(formData, "newPassword");
  const result = await changePassword(db, user, {
    currentPassword: field(formData, "currentPassword"),
    newPassword,
    confirmPassword: field(formData, "confirmPassword"),
  });
  if (!result.ok) return { errors: result.errors, message: result.message };
  // Every session was ended, this one included; sign this browser straight back in.
  await signIn("credentials", { email: user.email, password: newPassword, redirect: false });
  return { ok: true, message: result.message };
}

export async function signOutEverywhereAction(): Promise<FormState> {
  const user = await requireUser("/account");
  const result = await signOutEverywhere(db, user);
  if (!result.ok) return { message: result.message };
  await signOut({ redirectTo: "/signin" });
  return {};
}
