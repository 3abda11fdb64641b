// Personal API tokens: limits and the one input schema shared by the /account/tokens form and its action.
import "../zod-jitless";
import { z } from "zod";

export const TOKEN_NAME_MAX_LENGTH = 60;
/** Live (not revoked, not expired) tokens one account may hold; an old one must be revoked first. */
export const MAX_ACTIVE_TOKENS_PER_USER = 20;
/** Lifetimes offered, in days. A token always expires: a forgotten credential should not live forever. */
export const TOKEN_LIFETIME_DAYS = [7, 30, 90, 365] as const;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;

export const TOKEN_SCOPES = ["READ", "READ_WRITE"] as const;
export type TokenScopeName = (typeof TOKEN_SCOPES)[number];

export const SCOPE_NAMES: Record<TokenScopeName, string> = { READ: "Read", READ_WRITE: "Read and write" };

// Control characters (NUL cannot even be stored) and invisible formatting (bidi overrides, zero-width
// marks) would make one token's name pass for another's in the list; HTML is allowed and shown as text.
const FORBIDDEN_IN_NAME = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;

export const createTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name, e.g. the tool that will use it")
    .max(TOKEN_NAME_MAX_LENGTH, `Names are at most ${TOKEN_NAME_MAX_LENGTH} characters`)
    .refine((name) => !FORBIDDEN_IN_NAME.test(name), "Remove control or invisible formatting characters"),
  scope: z.enum(TOKEN_SCOPES, { error: "Choose read, or read and write" }),
  expiresInDays: z.coerce
    .number()
    .int()
    .refine((days) => (TOKEN_LIFETIME_DAYS as readonly number[]).includes(days), {
      message: `Choose an expiry of ${TOKEN_LIFETIME_DAYS.join(", ")} days`,
    }),
});

export type CreateTokenInput = z.input<typeof createTokenSchema>;

/** A token as its owner sees it in the list: never the secret, only its first characters. */
export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScopeName;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: "active" | "expired" | "revoked";
}

/** What the tokens form shows after a submit; `token` is present exactly once, right after creation. */
export interface TokenFormState {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  token?: string;
}
