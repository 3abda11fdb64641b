import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/accounts/password-rules";
import { PASSWORD_TOO_COMMON } from "@/lib/accounts/schemas";
import { commonPasswords, isCommonPassword } from "@/lib/auth/common-passwords";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";

describe("common password list", () => {
  it("ships about ten thousand passwords", () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
    expect(commonPasswords().size).toBeLessThan(15_000);
  });

  it("knows the classics, whatever their case", () => {
    for (const password of ["password", "123456", "qwertyuiop", "Password123", "1q2w3e4r5t", "BASKETBALL"]) {
      expect(isCommonPassword(password), password).toBe(true);
    }
  });

  it("does not flag a reasonable passphrase", () => {
    expect(isCommonPassword("correct horse battery staple")).toBe(false);
  });

  it("password rules refuse common passwords and the email itself", () => {
    expect(passwordProblem("1234567890")).toBe(PASSWORD_TOO_COMMON);
    expect(passwordProblem("someone@example.com", "Someone@Example.com")).toMatch(/email/);
    expect(passwordProblem("correct horse battery staple", "someone@example.com")).toBeNull();
  });
});

describe("password hashing", () => {
  it("uses argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
  });

  it("gives two hashes of one password different salts", async () => {
    expect(await hashPassword("same password here")).not.toBe(await hashPassword("same password here"));
  });

  it("treats a missing or malformed hash as a failed check, not a crash", async () => {
    expect(await verifyPassword(null, "anything at all")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything at all")).toBe(false);
  });
});
