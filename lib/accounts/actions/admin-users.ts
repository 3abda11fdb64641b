"use server";
// Server actions of /admin/users/[id]: change role, suspend, ban, restore. Each is authorised in
// lib/accounts/admin-users.ts (admin, active, not oneself) and audited in the same transaction.
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { banUser, changeRole, restoreUser, suspendUser } from "../admin-users";
import type { AccountResult } from "../results";
import type { FormState } from "../schemas";
import { field } from "./form-data";

type Operation = (
  actor: NonNullable<Awaited<ReturnType<typeof currentUser>>>,
  input: Record<string, string>,
) => Promise<AccountResult>;

async function run(formData: FormData, names: string[], operation: Operation): Promise<FormState> {
  const actor = await currentUser();
  if (!actor) return { message: "Sign in to do this." };
  const input = Object.fromEntries(names.map((name) => [name, field(formData, name)]));
  const result = await operation(actor, input);
  const { userId, ...values } = input;
  if (!result.ok) return { errors: result.errors, message: result.message, values };
  revalidatePath("/admin/users");
  if (userId) revalidatePath(`/admin/users/${userId}`);
  return { ok: true, message: result.message };
}

export async function changeRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, ["userId", "role", "reason"], (actor, input) => changeRole(db, actor, input));
}

export async function suspendAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, ["userId", "until", "reason"], (actor, input) => suspendUser(db, actor, input));
}

export async function banAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, ["userId", "reason"], (actor, input) => banUser(db, actor, input));
}

export async function restoreAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, ["userId", "reason"], (actor, input) => restoreUser(db, actor, input));
}
