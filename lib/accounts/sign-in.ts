// Checking an email and password (the Credentials provider's authorize step), with rate limits per
// account-and-client and per client IP. Every refusal looks the same to the caller except "too many
// attempts". The account limit is keyed on the pair so that an attacker's failures never lock the owner
// out (issue 20): they only stop the address that made them, and the per-IP limit stops that address
// guessing at every account. The client address is the one the front server resolved (lib/http/front-gate.ts),
// so a client cannot pick a fresh one per request with X-Forwarded-For.
import type { Db } from "@/lib/db/prisma-factory";
import { verifyPassword } from "@/lib/auth/passwords";
import { consume, peek, refund, type RateLimitState } from "@/lib/rate-limit/limiter";
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP } from "@/lib/rate-limit/limits";
import { signInSchema } from "./schemas";

export const SIGN_IN_FAILED_MESSAGE = "Email or password is incorrect.";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  image: string | null;
}

export type SignInResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAt: Date };

/** The subject of the per-account limit: this account, tried from this client address. */
function accountClientKey(email: string, ip: string): string {
  return `${email} ${ip}`;
}

function laterRetry(states: RateLimitState[]): Date {
  return new Date(
    Math.max(...states.filter((state) => !state.allowed).map((state) => state.retryAt.getTime())),
  );
}

/**
 * Both counters are taken before the password is checked, so concurrent guesses cannot slip past the
 * limit; a correct password gives its count back, so only failures use up the limit.
 */
export async function authenticate(
  db: Db,
  input: unknown,
  { ip, now = new Date() }: { ip: string; now?: Date },
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  const limits = await Promise.all([
    consume(db, SIGN_IN_PER_ACCOUNT, accountClientKey(email, ip), now),
    consume(db, SIGN_IN_PER_IP, ip, now),
  ]);
  if (limits.some((state) => !state.allowed)) {
    return { ok: false, reason: "rate_limited", retryAt: laterRetry(limits) };
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, image: true, passwordHash: true },
  });
  // An unknown email is checked against a dummy hash: same cost, same answer as a wrong password.
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) return { ok: false, reason: "invalid" };

  await Promise.all([
    refund(db, SIGN_IN_PER_ACCOUNT, accountClientKey(email, ip), now),
    refund(db, SIGN_IN_PER_IP, ip, now),
  ]);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, image: user.image } };
}

/** Would a sign-in attempt be refused for the rate limit right now? (For the HTTP 429 of the route.) */
export async function signInBlockedUntil(
  db: Db,
  email: string | null,
  ip: string,
  now = new Date(),
): Promise<Date | null> {
  const states = await Promise.all([
    email ? peek(db, SIGN_IN_PER_ACCOUNT, accountClientKey(email.trim().toLowerCase(), ip), now) : null,
    peek(db, SIGN_IN_PER_IP, ip, now),
  ]);
  const blocked = states.filter((state): state is RateLimitState => state !== null && !state.allowed);
  return blocked.length === 0 ? null : laterRetry(blocked);
}
