// Accounts against a real PostgreSQL: sign-up, sign-in, rate limits, sessions, suspension and the admin's
// audited changes. Each test makes its own users (unique emails) and its own client IPs.
import { describe, expect, it } from "vitest";
import { banUser, changeRole, restoreUser, suspendUser } from "@/lib/accounts/admin-users";
import { DEMO_USERS, seedDemoUsers } from "@/lib/accounts/demo-users";
import {
  changePassword,
  signOutEverywhere,
  updateDisplayName,
  WRITE_REFUSED_MESSAGE,
} from "@/lib/accounts/profile";
import { authenticate, signInBlockedUntil } from "@/lib/accounts/sign-in";
import { registerUser, SIGN_UP_REFUSED_MESSAGE } from "@/lib/accounts/sign-up";
import { createSessionRecord, loadSessionUser, revokeSession } from "@/lib/auth/session-store";
import { toSessionUser, USER_STANDING_SELECT } from "@/lib/auth/session-user";
import {
  CURRENT_PASSWORD_PER_ACCOUNT,
  SIGN_IN_PER_ACCOUNT,
  SIGN_IN_PER_IP,
  SIGN_UP_PER_IP,
} from "@/lib/rate-limit/limits";
import { testDb, uniqueId } from "../../helpers/db";

const db = testDb();
const PASSWORD = "analytical engine notes";
// A moment at the start of a rate-limit window, so every attempt of a test falls in the same window.
const WINDOW_START = new Date(Date.UTC(2031, 0, 1, 0, 0, 0));

function ip(): string {
  return `test-ip-${uniqueId()}`;
}

async function newUser(options: { role?: "READER" | "MODERATOR" | "ADMIN" } = {}) {
  const email = `${uniqueId("user")}@example.com`;
  // A name of its own: some of these users become admins, whose names no one else may take.
  const name = `Test User ${uniqueId("")}`;
  const result = await registerUser(db, { name, email, password: PASSWORD }, { ip: ip() });
  if (!result.ok) throw new Error(result.message);
  if (options.role) await db.user.update({ where: { id: result.userId }, data: { role: options.role } });
  const standing = await db.user.findUniqueOrThrow({
    where: { id: result.userId },
    select: USER_STANDING_SELECT,
  });
  return { email, id: result.userId, actor: toSessionUser(standing) };
}

describe("sign-up", () => {
  it("creates a reader with an argon2id hash and a handle", async () => {
    const email = `${uniqueId("signup")}@Example.com`;
    const result = await registerUser(
      db,
      { name: "  New   Reader ", email, password: PASSWORD },
      { ip: ip() },
    );
    expect(result.ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({
      where: { email: email.toLowerCase() },
      select: { name: true, role: true, status: true, handle: true, passwordHash: true },
    });
    expect(user).toMatchObject({ name: "New Reader", role: "READER", status: "ACTIVE" });
    expect(user.handle).toMatch(/^new-reader/);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a duplicate email with the unspecific message and writes nothing", async () => {
    const { email } = await newUser();
    const before = await db.user.count();
    const result = await registerUser(
      db,
      { name: "Impostor", email: email.toUpperCase(), password: PASSWORD },
      { ip: ip() },
    );
    expect(result).toMatchObject({
      ok: false,
      message: SIGN_UP_REFUSED_MESSAGE,
      errors: { email: [SIGN_UP_REFUSED_MESSAGE] },
    });
    expect(result.ok ? "" : result.message).not.toMatch(/registered|exists/i);
    expect(await db.user.count()).toBe(before);
  });

  it.each([
    ["a short password", { password: "short" }, "password"],
    ["a common password", { password: "1234567890" }, "password"],
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["a 10 KB display name", { name: "x".repeat(10_240) }, "name"],
  ])("refuses %s with a field error and writes nothing", async (_label, change, field) => {
    const email = `${uniqueId("bad")}@example.com`;
    const result = await registerUser(
      db,
      { name: "Someone", email, password: PASSWORD, ...change },
      { ip: ip() },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors ?? {})).toEqual([field]);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it(`allows ${SIGN_UP_PER_IP.limit} sign-ups per IP and window, then says when to retry`, async () => {
    const address = ip();
    for (let index = 0; index < SIGN_UP_PER_IP.limit; index += 1) {
      const result = await registerUser(
        db,
        { name: "Bulk", email: `${uniqueId("bulk")}@example.com`, password: PASSWORD },
        { ip: address, now: WINDOW_START },
      );
      expect(result.ok).toBe(true);
    }
    const email = `${uniqueId("bulk")}@example.com`;
    const refused = await registerUser(
      db,
      { name: "Bulk", email, password: PASSWORD },
      { ip: address, now: WINDOW_START },
    );
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.message).toMatch(/Try again in 60 minutes/);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe("sign-in", () => {
  it("accepts the right password, whatever the email's case", async () => {
    const { email, id, actor } = await newUser();
    const result = await authenticate(db, { email: email.toUpperCase(), password: PASSWORD }, { ip: ip() });
    expect(result).toEqual({ ok: true, user: { id, email, name: actor.name, image: null } });
  });

  it("refuses a wrong password and an unknown email the same way", async () => {
    const { email } = await newUser();
    expect(await authenticate(db, { email, password: "wrong password!" }, { ip: ip() })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(
      await authenticate(db, { email: `${uniqueId("ghost")}@example.com`, password: PASSWORD }, { ip: ip() }),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("an attack from many addresses does not lock the owner out: the right password signs in from a new client", async () => {
    const { email } = await newUser();
    // Issue 20: ten wrong passwords, each from another address, used to lock the account for everyone.
    for (let attempt = 0; attempt < SIGN_IN_PER_ACCOUNT.limit * 2; attempt += 1) {
      const result = await authenticate(
        db,
        { email, password: "wrong password!" },
        { ip: ip(), now: WINDOW_START },
      );
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const owner = ip();
    expect(await signInBlockedUntil(db, email, owner, WINDOW_START)).toBeNull();
    expect((await authenticate(db, { email, password: PASSWORD }, { ip: owner, now: WINDOW_START })).ok).toBe(
      true,
    );
  });

  it("the attacking client is still limited on that account, even with the right password, until the next window", async () => {
    const { email } = await newUser();
    const attacker = ip();
    for (let attempt = 0; attempt < SIGN_IN_PER_ACCOUNT.limit; attempt += 1) {
      const result = await authenticate(
        db,
        { email, password: "wrong password!" },
        { ip: attacker, now: WINDOW_START },
      );
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const retryAt = new Date(WINDOW_START.getTime() + SIGN_IN_PER_ACCOUNT.windowMs);
    expect(
      await authenticate(db, { email, password: PASSWORD }, { ip: attacker, now: WINDOW_START }),
    ).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAt,
    });
    expect(await signInBlockedUntil(db, email, attacker, WINDOW_START)).toEqual(retryAt);
    // Meanwhile the owner, elsewhere, is not affected.
    expect(await signInBlockedUntil(db, email, ip(), WINDOW_START)).toBeNull();

    expect(await signInBlockedUntil(db, email, attacker, retryAt)).toBeNull();
    expect((await authenticate(db, { email, password: PASSWORD }, { ip: attacker, now: retryAt })).ok).toBe(
      true,
    );
  });

  it("limits failures per IP across accounts (password spraying)", async () => {
    const address = ip();
    for (let attempt = 0; attempt < SIGN_IN_PER_IP.limit; attempt += 1) {
      await authenticate(
        db,
        { email: `${uniqueId("spray")}@example.com`, password: "Summer2031!!" },
        { ip: address, now: WINDOW_START },
      );
    }
    const { email } = await newUser();
    const result = await authenticate(db, { email, password: PASSWORD }, { ip: address, now: WINDOW_START });
    expect(result).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("does not count successful sign-ins against the limits", async () => {
    const { email } = await newUser();
    const address = ip();
    for (let attempt = 0; attempt < SIGN_IN_PER_IP.limit + 5; attempt += 1) {
      expect(
        (await authenticate(db, { email, password: PASSWORD }, { ip: address, now: WINDOW_START })).ok,
      ).toBe(true);
    }
    expect(await signInBlockedUntil(db, email, address, WINDOW_START)).toBeNull();
  });
});

describe("sessions", () => {
  it("a suspension takes effect on the session's next request, and ends by itself", async () => {
    const reader = await newUser();
    const admin = await newUser({ role: "ADMIN" });
    const claims = await createSessionRecord(db, reader.id);
    expect(await loadSessionUser(db, claims, reader.id)).toMatchObject({ status: "ACTIVE" });

    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(await suspendUser(db, admin.actor, { userId: reader.id, until, reason: "Spam" })).toMatchObject({
      ok: true,
    });

    // Same token, next request: the fresh read shows the suspension, its reason and end.
    const suspended = await loadSessionUser(db, claims, reader.id);
    expect(suspended).toMatchObject({
      status: "SUSPENDED",
      statusReason: "Spam",
      suspendedUntil: `${until}T00:00:00.000Z`,
    });
    if (!suspended) throw new Error("session lost");
    expect(await updateDisplayName(db, suspended, { name: "Still posting" })).toEqual({
      ok: false,
      message: WRITE_REFUSED_MESSAGE,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { name: true } })).name).toBe(
      reader.actor.name,
    );

    const afterEnd = new Date(`${until}T00:00:01.000Z`);
    const later = await loadSessionUser(db, claims, reader.id, afterEnd);
    expect(later).toMatchObject({ status: "ACTIVE", statusReason: null, suspendedUntil: null });
    if (!later) throw new Error("session lost");
    expect(await updateDisplayName(db, later, { name: "Back again" }, afterEnd)).toMatchObject({ ok: true });
  });

  it("a role change shows on the next request", async () => {
    const reader = await newUser();
    const admin = await newUser({ role: "ADMIN" });
    const claims = await createSessionRecord(db, reader.id);
    await changeRole(db, admin.actor, { userId: reader.id, role: "MODERATOR", reason: "Trusted" });
    expect(await loadSessionUser(db, claims, reader.id)).toMatchObject({ role: "MODERATOR" });
  });

  it("sign-out ends one session; sign out of all devices ends every one", async () => {
    const { id, actor } = await newUser();
    const first = await createSessionRecord(db, id);
    const second = await createSessionRecord(db, id);
    const third = await createSessionRecord(db, id);
    await revokeSession(db, first.sid);
    expect(await loadSessionUser(db, first, id)).toBeNull();
    expect(await loadSessionUser(db, second, id)).not.toBeNull();

    expect(await signOutEverywhere(db, actor)).toMatchObject({ ok: true });
    expect(await loadSessionUser(db, second, id)).toBeNull();
    expect(await loadSessionUser(db, third, id)).toBeNull();
    // A token carrying an old sessionVersion is refused even if its row were somehow recreated.
    await db.session.create({
      data: { sessionToken: second.sid, userId: id, expires: new Date(Date.now() + 60_000) },
    });
    expect(await loadSessionUser(db, second, id)).toBeNull();
  });

  it("a session token cannot be used for another user", async () => {
    const one = await newUser();
    const two = await newUser();
    const claims = await createSessionRecord(db, one.id);
    expect(await loadSessionUser(db, claims, two.id)).toBeNull();
  });

  it("changing the password needs the current one and signs every device out", async () => {
    const { id, actor } = await newUser();
    const claims = await createSessionRecord(db, id);
    const wrong = await changePassword(db, actor, {
      currentPassword: "nope nope nope",
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    expect(wrong.ok ? [] : Object.keys(wrong.errors ?? {})).toEqual(["currentPassword"]);
    const common = await changePassword(db, actor, {
      currentPassword: PASSWORD,
      newPassword: "qwertyuiop",
      confirmPassword: "qwertyuiop",
    });
    expect(common.ok ? [] : Object.keys(common.errors ?? {})).toEqual(["newPassword"]);
    expect(await loadSessionUser(db, claims, id)).not.toBeNull();

    const done = await changePassword(db, actor, {
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    expect(done.ok).toBe(true);
    expect(await loadSessionUser(db, claims, id)).toBeNull();
    expect(
      (await authenticate(db, { email: actor.email, password: "a brand new passphrase" }, { ip: ip() })).ok,
    ).toBe(true);
  });
});

describe("change-password rate limit", () => {
  it("wrong current passwords are limited per account; the right one is then refused too, and changes nothing", async () => {
    const { id, actor } = await newUser();
    for (let attempt = 0; attempt < CURRENT_PASSWORD_PER_ACCOUNT.limit; attempt += 1) {
      const wrong = await changePassword(db, actor, {
        currentPassword: `guess number ${attempt}`,
        newPassword: "a brand new passphrase",
        confirmPassword: "a brand new passphrase",
      });
      expect(wrong.ok ? [] : Object.keys(wrong.errors ?? {})).toEqual(["currentPassword"]);
    }
    const before = await db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } });
    const limited = await changePassword(db, actor, {
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    expect(limited.ok).toBe(false);
    expect(limited.message).toMatch(/^Too many wrong current passwords/);
    const after = await db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } });
    expect(after.passwordHash).toBe(before.passwordHash);
  });

  it("right current passwords do not use up the limit", async () => {
    const { actor } = await newUser();
    for (let attempt = 0; attempt < CURRENT_PASSWORD_PER_ACCOUNT.limit + 2; attempt += 1) {
      // A weak new password: the current one is checked (and refunded), then the change is refused.
      const result = await changePassword(db, actor, {
        currentPassword: PASSWORD,
        newPassword: "qwertyuiop",
        confirmPassword: "qwertyuiop",
      });
      expect(result.ok ? [] : Object.keys(result.errors ?? {})).toEqual(["newPassword"]);
    }
  });
});

describe("admin user actions", () => {
  it("writes each change and its audit entry together", async () => {
    const target = await newUser();
    const admin = await newUser({ role: "ADMIN" });
    await changeRole(db, admin.actor, { userId: target.id, role: "MODERATOR", reason: "Helps a lot" });
    await banUser(db, admin.actor, { userId: target.id, reason: "Harassment" });
    await restoreUser(db, admin.actor, { userId: target.id, reason: "Appeal accepted" });
    const entries = await db.auditLogEntry.findMany({
      where: { targetUserId: target.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorId: true, reason: true, before: true, after: true },
    });
    expect(entries).toEqual([
      {
        action: "user.role_changed",
        actorId: admin.id,
        reason: "Helps a lot",
        before: { role: "READER", status: "ACTIVE", statusReason: null, suspendedUntil: null },
        after: { role: "MODERATOR", status: "ACTIVE", statusReason: null, suspendedUntil: null },
      },
      {
        action: "user.banned",
        actorId: admin.id,
        reason: "Harassment",
        before: { role: "MODERATOR", status: "ACTIVE", statusReason: null, suspendedUntil: null },
        after: { role: "MODERATOR", status: "BANNED", statusReason: "Harassment", suspendedUntil: null },
      },
      {
        action: "user.restored",
        actorId: admin.id,
        reason: "Appeal accepted",
        before: { role: "MODERATOR", status: "BANNED", statusReason: "Harassment", suspendedUntil: null },
        after: { role: "MODERATOR", status: "ACTIVE", statusReason: null, suspendedUntil: null },
      },
    ]);
  });

  it("refuses an admin acting on themself, a non-admin, a missing reason, and a suspended admin; nothing is written", async () => {
    const admin = await newUser({ role: "ADMIN" });
    const moderator = await newUser({ role: "MODERATOR" });
    const target = await newUser();
    const results = [
      await banUser(db, admin.actor, { userId: admin.id, reason: "oops" }),
      await changeRole(db, admin.actor, { userId: admin.id, role: "READER", reason: "oops" }),
      await banUser(db, moderator.actor, { userId: target.id, reason: "not mine to do" }),
      await banUser(db, admin.actor, { userId: target.id, reason: "   " }),
      await banUser(
        db,
        { ...admin.actor, status: "SUSPENDED" },
        { userId: target.id, reason: "suspended admin" },
      ),
      await changeRole(db, admin.actor, { userId: target.id, role: "READER", reason: "already one" }),
    ];
    expect(results.every((result) => !result.ok)).toBe(true);
    expect(await db.auditLogEntry.count({ where: { targetUserId: { in: [admin.id, target.id] } } })).toBe(0);
    expect(
      await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true, status: true } }),
    ).toEqual({
      role: "ADMIN",
      status: "ACTIVE",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id }, select: { status: true } })).toEqual({
      status: "ACTIVE",
    });
  });
});

describe("demo users", () => {
  it("are created once; seeding again writes nothing", async () => {
    await seedDemoUsers(db);
    expect(await seedDemoUsers(db)).toEqual([]);
    const users = await db.user.findMany({
      where: { email: { in: DEMO_USERS.map((user) => user.email) } },
      select: { role: true },
    });
    expect(users.map((user) => user.role).sort()).toEqual(["ADMIN", "MODERATOR", "READER", "READER"]);
    const admin = DEMO_USERS.find((user) => user.role === "ADMIN");
    if (!admin) throw new Error("no demo admin");
    expect((await authenticate(db, { email: admin.email, password: admin.password }, { ip: ip() })).ok).toBe(
      true,
    );
  });
});
