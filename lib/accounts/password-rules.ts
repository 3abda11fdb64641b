// The password rules that need more than a zod schema: the list of common passwords.
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { PASSWORD_TOO_COMMON } from "./schemas";

/** An error message for the password field, or null when the password is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (isCommonPassword(password)) return PASSWORD_TOO_COMMON;
  if (email && password.trim().toLowerCase() === email.toLowerCase())
    return "Don't use your email address as your password.";
  return null;
}
