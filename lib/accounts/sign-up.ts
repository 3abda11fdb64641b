// Creating an account with email and password.
//
// Enumeration: telling someone "this email is registered" tells an attacker which emails to target.
// Without email verification a sign-up form cannot hide it completely (success and failure must differ),
// so a duplicate gets a deliberately unspecific refusal that never says "registered", the password is
// hashed before the insert either way (similar timing), and sign-ups are rate-limited per IP so the form
// cannot be used to test addresses in bulk.
import type { Db } from "@/lib/db/prisma-factory";
import { hashPassword } from "@/lib/auth/passwords";
import { consume, describeRetry } from "@/lib/rate-limit/limiter";
import { SIGN_UP_PER_IP } from "@/lib/rate-limit/limits";
import { isUniqueViolation } from "./errors";
import { uniqueHandle } from "./handles";
import { passwordProblem } from "./password-rules";
import { imitatesStaff, STAFF_NAME_MESSAGE } from "./staff-names";
import { fieldErrors, signUpSchema, type FormState } from "./schemas";

export const SIGN_UP_REFUSED_MESSAGE =
  "We couldn't create an account with these details. If you already have an account, sign in instead.";

export type SignUpResult =
  | { ok: true; userId: string; email: string }
  | ({ ok: false; retryAt?: Date } & Required<Pick<FormState, "message">> & Pick<FormState, "errors">);

export async function registerUser(
  db: Db,
  input: unknown,
  { ip, now = new Date() }: { ip: string; now?: Date },
): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: fieldErrors(parsed.error), message: "Check the highlighted fields." };
  }
  const { name, email, password } = parsed.data;
  const problem = passwordProblem(password, email);
  if (problem)
    return { ok: false, errors: { password: [problem] }, message: "Check the highlighted fields." };
  if (await imitatesStaff(db, name)) {
    return { ok: false, errors: { name: [STAFF_NAME_MESSAGE] }, message: "Check the highlighted fields." };
  }

  const limit = await consume(db, SIGN_UP_PER_IP, ip, now);
  if (!limit.allowed) {
    return {
      ok: false,
      retryAt: limit.retryAt,
      message: `Too many accounts were created from your network. Try again ${describeRetry(limit.retryAt, now)}.`,
    };
  }

  const passwordHash = await hashPassword(password);
  try {
    const user = await db.user.create({
      data: { email, name, passwordHash, handle: await uniqueHandle(db, name) },
      select: { id: true, email: true },
    });
    return { ok: true, userId: user.id, email: user.email };
  } catch (error) {
    // A handle taken between the check and the insert is astronomically unlikely; an email taken is the
    // duplicate case. Both get the same unspecific refusal.
    if (isUniqueViolation(error)) {
      return { ok: false, errors: { email: [SIGN_UP_REFUSED_MESSAGE] }, message: SIGN_UP_REFUSED_MESSAGE };
    }
    throw error;
  }
}
