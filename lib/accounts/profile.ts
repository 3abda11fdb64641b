// A user's own account: display name, password, and ending every session.
import type { Db } from "@/lib/db/prisma-factory";
import { can, type Actor } from "@/lib/auth/can";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { revokeAllSessions } from "@/lib/auth/session-store";
import { consume, describeRetry, refund } from "@/lib/rate-limit/limiter";
import { CURRENT_PASSWORD_PER_ACCOUNT } from "@/lib/rate-limit/limits";
import { passwordProblem } from "./password-rules";
import { imitatesStaff, STAFF_NAME_MESSAGE } from "./staff-names";
import { CHECK_FIELDS_MESSAGE, NOT_ALLOWED_MESSAGE, type AccountResult } from "./results";
import { changePasswordSchema, fieldErrors, updateProfileSchema } from "./schemas";

export const WRITE_REFUSED_MESSAGE =
  "Your account is suspended or banned, so you cannot change your profile.";

/** Rows of users who may write: active, or suspended until a moment already past. */
export function mayWriteWhere(now: Date) {
  return {
    OR: [{ status: "ACTIVE" as const }, { status: "SUSPENDED" as const, suspendedUntil: { lte: now } }],
  };
}

export async function updateDisplayName(
  db: Db,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<AccountResult> {
  if (!can(actor, "account:update")) {
    return { ok: false, message: actor.status === "ACTIVE" ? NOT_ALLOWED_MESSAGE : WRITE_REFUSED_MESSAGE };
  }
  const parsed = updateProfileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE };
  if (await imitatesStaff(db, parsed.data.name, actor.id)) {
    return { ok: false, errors: { name: [STAFF_NAME_MESSAGE] }, message: CHECK_FIELDS_MESSAGE };
  }
  // The status is part of the write's condition, so a suspension that lands between the check above and
  // this update still stops it.
  const { count } = await db.user.updateMany({
    where: { id: actor.id, ...mayWriteWhere(now) },
    data: { name: parsed.data.name },
  });
  if (count === 0) return { ok: false, message: WRITE_REFUSED_MESSAGE };
  return { ok: true, message: "Display name saved." };
}

/**
 * Changing the password ends every session of the user, on every device: someone who knew the old
 * password must not stay signed in. The caller signs the current browser in again with the new password.
 */
export async function changePassword(
  db: Db,
  actor: Actor & { email: string },
  input: unknown,
): Promise<AccountResult> {
  if (!can(actor, "account:security")) return { ok: false, message: NOT_ALLOWED_MESSAGE };
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE };
  const { currentPassword, newPassword } = parsed.data;
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user?.passwordHash) {
    return {
      ok: false,
      message: "This account signs in with GitHub or an email link and has no password to change.",
    };
  }
  // Counted before the check (so parallel guesses cannot slip past) and given back when it is right: only
  // wrong current passwords use up the limit, as on the sign-in form.
  const now = new Date();
  const limit = await consume(db, CURRENT_PASSWORD_PER_ACCOUNT, actor.id, now);
  if (!limit.allowed) {
    return {
      ok: false,
      message: `Too many wrong current passwords. Try again ${describeRetry(limit.retryAt, now)}.`,
    };
  }
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    return {
      ok: false,
      errors: { currentPassword: ["The current password is incorrect."] },
      message: CHECK_FIELDS_MESSAGE,
    };
  }
  await refund(db, CURRENT_PASSWORD_PER_ACCOUNT, actor.id, now);
  const problem = passwordProblem(newPassword, actor.email);
  if (problem) return { ok: false, errors: { newPassword: [problem] }, message: CHECK_FIELDS_MESSAGE };
  const passwordHash = await hashPassword(newPassword);
  await db.user.update({ where: { id: actor.id }, data: { passwordHash } });
  await revokeAllSessions(db, actor.id);
  return { ok: true, message: "Password changed. Every other device has been signed out." };
}

export async function signOutEverywhere(db: Db, actor: Actor): Promise<AccountResult> {
  if (!can(actor, "account:security")) return { ok: false, message: NOT_ALLOWED_MESSAGE };
  await revokeAllSessions(db, actor.id);
  return { ok: true, message: "You have been signed out on every device." };
}
