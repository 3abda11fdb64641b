// Input schemas and limits for accounts: the same schema validates the form's data in the server action,
// the route handlers and the scripts. No server-only imports, so forms may use the constants too.
import "../zod-jitless";
import { z } from "zod";
import { ROLES } from "@/lib/auth/can";
import { NO_NUL } from "@/lib/validation/text";

export const DISPLAY_NAME_MAX_LENGTH = 60;
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 10;
// argon2 hashes any length, but hashing megabytes per request is a denial of service.
export const PASSWORD_MAX_LENGTH = 200;
export const REASON_MAX_LENGTH = 500;
export const USER_SEARCH_MAX_LENGTH = 100;
export const MAX_SUSPENSION_DAYS = 5 * 365;

export const PASSWORD_TOO_SHORT = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
export const PASSWORD_TOO_LONG = `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
export const PASSWORD_TOO_COMMON = "This password is too common. Choose one that is harder to guess.";

// Control characters (including bidi overrides and zero-width marks) would let a name impersonate
// another or break layouts; everything else, HTML included, is allowed and always shown as text.
function hasForbiddenCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return true;
    if (
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    ) {
      return true;
    }
  }
  return false;
}

export const displayNameSchema = z
  .string({ error: "Enter a display name." })
  .transform((value) => value.normalize("NFC").replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "Enter a display name.")
      .max(DISPLAY_NAME_MAX_LENGTH, `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.`)
      .refine((value) => !hasForbiddenCharacter(value), "Remove control or invisible formatting characters."),
  );

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(EMAIL_MAX_LENGTH, "This email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((value) => value.toLowerCase());

export const newPasswordSchema = z
  .string({ error: PASSWORD_TOO_SHORT })
  .min(PASSWORD_MIN_LENGTH, PASSWORD_TOO_SHORT)
  .max(PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG);

export const signUpSchema = z.object({
  name: displayNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const updateProfileSchema = z.object({ name: displayNameSchema });

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ.",
  });

const reasonSchema = z
  .string({ error: "Give a reason." })
  .trim()
  .min(1, "Give a reason.")
  .max(REASON_MAX_LENGTH, `Use at most ${REASON_MAX_LENGTH} characters.`)
  .regex(NO_NUL, "Remove the NUL character (U+0000).");

const userIdSchema = z.string().trim().min(1, "Missing user.").max(100).regex(NO_NUL, "Missing user.");

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });

export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleSchema, reason: reasonSchema });

/**
 * A suspension ends at 00:00 UTC on the chosen date (an `<input type="date">` value, YYYY-MM-DD).
 * `now` is a parameter so tests can pin the clock.
 */
export function suspendSchema(now: Date = new Date()) {
  return z.object({
    userId: userIdSchema,
    reason: reasonSchema,
    until: z
      .string({ error: "Choose the date the suspension ends." })
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the date the suspension ends.")
      .transform((value) => new Date(`${value}T00:00:00.000Z`))
      .refine((date) => !Number.isNaN(date.getTime()), "Choose a valid date.")
      .refine((date) => date.getTime() > now.getTime(), "The end date must be in the future.")
      .refine(
        (date) => date.getTime() <= now.getTime() + MAX_SUSPENSION_DAYS * 86_400_000,
        `A suspension lasts at most ${MAX_SUSPENSION_DAYS} days; ban the account instead.`,
      ),
  });
}

export const banSchema = z.object({ userId: userIdSchema, reason: reasonSchema });
export const restoreSchema = z.object({ userId: userIdSchema, reason: reasonSchema });

export const userSearchSchema = z.object({
  q: z.string().trim().max(USER_SEARCH_MAX_LENGTH).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** What every account server action returns: field errors for the form, a message for the form as a whole. */
export interface FormState {
  errors?: Record<string, string[] | undefined>;
  message?: string;
  ok?: boolean;
  /** Values to put back into the form after a refusal (never passwords). */
  values?: Record<string, string>;
}

/** Field errors from a failed parse, keyed by field name (first level only: our forms are flat). */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
