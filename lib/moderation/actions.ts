"use server";
// Server actions of /moderation: one decision on one item. Who may decide is checked by decide()
// against the item itself (lib/moderation/commands.ts); expected failures come back as a message.
import { revalidatePath } from "next/cache";
import { field } from "@/lib/accounts/actions/form-data";
import { ApiError } from "@/lib/api/errors";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { decide } from "./commands";

export interface DecisionFormState {
  ok?: boolean;
  message?: string;
}

const DONE: Record<string, string> = {
  approve: "Approved.",
  hide: "Hidden.",
  remove: "Removed.",
  spam: "Marked as spam.",
  restore: "Restored.",
  dismiss: "Reports dismissed.",
};

export async function decideAction(_previous: DecisionFormState, formData: FormData): Promise<DecisionFormState> {
  const decision = field(formData, "decision");
  try {
    await decide(db, await currentUser(), {
      itemKind: field(formData, "itemKind"),
      itemId: field(formData, "itemId"),
      decision,
      expectedVersion: field(formData, "expectedVersion"),
      reason: field(formData, "reason"),
    });
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message };
    throw error;
  }
  revalidatePath("/moderation");
  return { ok: true, message: DONE[decision] ?? "Done." };
}
