"use server";
// Server action of /admin/moderation: saves the automatic moderation settings (admins only; validated
// and audited in lib/moderation/settings.ts).
import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/accounts/schemas";
import { ApiError } from "@/lib/api/errors";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { updateModerationSettings } from "@/lib/moderation/settings";

const FIELDS = [
  "premoderateFirstItems",
  "newAccountDays",
  "bannedWords",
  "suspectWords",
  "floodLimitPerMinute",
  "reportHideThreshold",
] as const;

export async function saveModerationSettingsAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const values: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = formData.get(name);
    values[name] = typeof value === "string" ? value : "";
  }
  values.holdLinksFromNewAccounts = formData.get("holdLinksFromNewAccounts") === "on" ? "on" : "";
  try {
    await updateModerationSettings(db, await currentUser(), values);
  } catch (error) {
    if (error instanceof ApiError) {
      return {
        message: error.code === "invalid" ? "Check the highlighted fields." : error.message,
        errors: error.fields,
        values,
      };
    }
    throw error;
  }
  revalidatePath("/admin/moderation");
  return { ok: true, message: "Moderation settings saved." };
}
