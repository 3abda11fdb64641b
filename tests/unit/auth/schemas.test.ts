import { describe, expect, it } from "vitest";
import {
  changePasswordSchema,
  DISPLAY_NAME_MAX_LENGTH,
  fieldErrors,
  PASSWORD_MAX_LENGTH,
  signInSchema,
  signUpSchema,
  suspendSchema,
  updateProfileSchema,
  userSearchSchema,
} from "@/lib/accounts/schemas";

const valid = { name: "Ada Lovelace", email: "Ada@Example.com ", password: "analytical engine notes" };

describe("signUpSchema", () => {
  it("accepts a valid sign-up and normalises the email", () => {
    expect(signUpSchema.parse(valid)).toEqual({ ...valid, email: "ada@example.com" });
  });

  it.each([
    ["a short password", { password: "short" }, "password"],
    ["a 10 KB password", { password: "x".repeat(PASSWORD_MAX_LENGTH + 1) }, "password"],
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["an email with spaces inside", { email: "ada @example.com" }, "email"],
    ["an empty name", { name: "   " }, "name"],
    ["a 10 KB display name", { name: "x".repeat(10_240) }, "name"],
    ["a name with a bidi override", { name: "admin\u202Egnp.exe" }, "name"],
    ["a name with a control character", { name: "Ada\u0000" }, "name"],
  ])("refuses %s with an error on that field", (_label, change, field) => {
    const result = signUpSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toEqual([field]);
  });

  it("keeps HTML in a display name as text (it is escaped when shown, never interpreted)", () => {
    expect(signUpSchema.parse({ ...valid, name: "<script>alert(1)</script>" }).name).toBe(
      "<script>alert(1)</script>",
    );
  });

  it("collapses whitespace and allows exactly the maximum length", () => {
    expect(updateProfileSchema.parse({ name: "  Ada   Lovelace " }).name).toBe("Ada Lovelace");
    expect(updateProfileSchema.safeParse({ name: "x".repeat(DISPLAY_NAME_MAX_LENGTH) }).success).toBe(true);
    expect(updateProfileSchema.safeParse({ name: "x".repeat(DISPLAY_NAME_MAX_LENGTH + 1) }).success).toBe(
      false,
    );
  });
});

describe("other account schemas", () => {
  it("sign-in needs an email and a password", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "a@b.co", password: "x" }).success).toBe(true);
  });

  it("a password change needs matching new passwords", () => {
    const result = changePasswordSchema.safeParse({
      currentPassword: "old password",
      newPassword: "new password!",
      confirmPassword: "other",
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toEqual(["confirmPassword"]);
  });

  it("a suspension ends on a future date, at 00:00 UTC", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    expect(
      suspendSchema(now).parse({ userId: "u", reason: "spam", until: "2026-12-05" }).until.toISOString(),
    ).toBe("2026-12-05T00:00:00.000Z");
    expect(suspendSchema(now).safeParse({ userId: "u", reason: "spam", until: "2026-11-28" }).success).toBe(
      false,
    );
    expect(suspendSchema(now).safeParse({ userId: "u", reason: "spam", until: "2040-01-01" }).success).toBe(
      false,
    );
    expect(suspendSchema(now).safeParse({ userId: "u", reason: "", until: "2026-12-05" }).success).toBe(
      false,
    );
    expect(suspendSchema(now).safeParse({ userId: "u", reason: "spam", until: "soon" }).success).toBe(false);
  });

  it("search falls back to safe defaults instead of failing", () => {
    expect(userSearchSchema.parse({ q: ["a", "b"], page: "-3" })).toEqual({ q: "", page: 1 });
    expect(userSearchSchema.parse({ q: " ada ", page: "2" })).toEqual({ q: "ada", page: 2 });
  });
});
