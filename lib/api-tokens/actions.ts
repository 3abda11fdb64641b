"use server";
// Server actions of /account/tokens: create a token (its secret is returned to the form once) and revoke one.
import { revalidatePath } from "next/cache";
import { field } from "@/lib/accounts/actions/form-data";
import { ApiError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { rateLimitRefusal } from "@/lib/rate-limit/enforce";
import { API_TOKEN_WRITES_PER_USER } from "@/lib/rate-limit/limits";
import type { TokenFormState } from "./schemas";
import { createApiToken, revokeApiToken } from "./tokens";

const PAGE = "/account/tokens";

export async function createTokenAction(
  _previous: TokenFormState,
  formData: FormData,
): Promise<TokenFormState> {
  const values = {
    name: field(formData, "name"),
    scope: field(formData, "scope"),
    expiresInDays: field(formData, "expiresInDays"),
  };
  const user = await requireUser(PAGE);
  const tooFast = await rateLimitRefusal(db, API_TOKEN_WRITES_PER_USER, user.id);
  if (tooFast) return { message: tooFast, values };
  try {
    const { token, record } = await createApiToken(db, user, values);
    revalidatePath(PAGE);
    return {
      ok: true,
      token,
      message: `Token “${record.name}” created. Copy it now: it will not be shown again.`,
    };
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message, errors: error.fields, values };
    throw error;
  }
}

export async function revokeTokenAction(
  _previous: TokenFormState,
  formData: FormData,
): Promise<TokenFormState> {
  const user = await requireUser(PAGE);
  const tooFast = await rateLimitRefusal(db, API_TOKEN_WRITES_PER_USER, user.id);
  if (tooFast) return { message: tooFast };
  const revoked = await revokeApiToken(db, user, field(formData, "tokenId"));
  revalidatePath(PAGE);
  return revoked
    ? { ok: true, message: "Token revoked. Requests using it are now refused." }
    : { message: "That token was already revoked." };
}
