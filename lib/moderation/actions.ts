"use server";
// Server actions of /moderation and of the user's standing page: decisions (one item or several),
// sanctions, appeals and acknowledging a warning. Server actions of /moderation: one decision on one item. Who may decide is checked by decide()
// against the item itself (lib/moderation/commands.ts); expected failures come back as a message.
import { revalidatePath } from "next/cache";
import { field } from "@/lib/accounts/actions/form-data";
import { ApiError } from "@/lib/api/errors";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { createAppeal, decideAppeal } from "./appeals";
import { bulkSummary, decideMany } from "./bulk";
import { decide } from "./commands";
import { acknowledgeWarning, sanctionUser, WARNINGS_PATH } from "./sanctions";

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

export async function decideAction(
  _previous: DecisionFormState,
  formData: FormData,
): Promise<DecisionFormState> {
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

export interface BulkFormState {
  ok?: boolean;
  message?: string;
}

/** "Approve / hide / remove / spam selected": each item decided with its own version check. */
export async function bulkDecideAction(_previous: BulkFormState, formData: FormData): Promise<BulkFormState> {
  try {
    const result = await decideMany(db, await currentUser(), {
      decision: field(formData, "decision"),
      items: formData.getAll("item").filter((value): value is string => typeof value === "string"),
      reason: field(formData, "reason"),
    });
    revalidatePath("/moderation");
    return {
      ok: result.alreadyHandled.length === 0 && result.failed.length === 0,
      message: bulkSummary(result),
    };
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message };
    throw error;
  }
}

export interface SanctionFormState {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[]>;
}

/** Warn, suspend or ban from the moderator's view of a user. */
export async function sanctionAction(
  _previous: SanctionFormState,
  formData: FormData,
): Promise<SanctionFormState> {
  const userId = field(formData, "userId");
  try {
    const result = await sanctionUser(db, await currentUser(), {
      userId,
      kind: field(formData, "kind"),
      reason: field(formData, "reason"),
      until: field(formData, "until"),
      removeContent: field(formData, "removeContent"),
    });
    revalidatePath(`/moderation/users/${userId}`);
    revalidatePath("/moderation");
    return { ok: true, message: result.message };
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message, errors: error.fields };
    throw error;
  }
}

export interface AppealFormState {
  ok?: boolean;
  message?: string;
}

/** A user appeals a sanction or a decision on their item, once. */
export async function appealAction(_previous: AppealFormState, formData: FormData): Promise<AppealFormState> {
  const sanctionId = field(formData, "sanctionId");
  const auditEntryId = field(formData, "auditEntryId");
  try {
    const result = await createAppeal(db, await currentUser(), {
      ...(sanctionId ? { sanctionId } : {}),
      ...(auditEntryId ? { auditEntryId } : {}),
      message: field(formData, "message"),
    });
    revalidatePath(WARNINGS_PATH);
    return { ok: true, message: result.message };
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message };
    throw error;
  }
}

/** A moderator upholds or reverses an appeal from the Appeals queue. */
export async function decideAppealAction(
  _previous: AppealFormState,
  formData: FormData,
): Promise<AppealFormState> {
  try {
    const result = await decideAppeal(db, await currentUser(), {
      appealId: field(formData, "appealId"),
      decision: field(formData, "decision"),
      reason: field(formData, "reason"),
    });
    revalidatePath("/moderation");
    return { ok: true, message: result.message };
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message };
    throw error;
  }
}

/** The warned user's "I understand". */
export async function acknowledgeWarningAction(
  _previous: AppealFormState,
  formData: FormData,
): Promise<AppealFormState> {
  try {
    await acknowledgeWarning(db, await currentUser(), { sanctionId: field(formData, "sanctionId") });
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message };
    throw error;
  }
  revalidatePath(WARNINGS_PATH);
  return { ok: true, message: "Thank you. You can post again." };
}
