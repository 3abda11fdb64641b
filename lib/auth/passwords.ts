// Password hashing with argon2id (@node-rs/argon2, native, maintained). Parameters are OWASP's
// recommended minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane (~50-100 ms here).
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";

// Algorithm is a const enum (not importable as a value under isolatedModules); 2 is Argon2id.
const ARGON2ID: Algorithm = 2;

export const PASSWORD_HASH_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password and the
// response time does not reveal which accounts exist. Computed once, lazily.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword("marginalia-timing-equaliser-not-a-password");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}
