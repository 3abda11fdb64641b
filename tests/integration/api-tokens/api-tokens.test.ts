// Personal API tokens: stored hashed, listed without their secret, revocable by their owner only, limited.
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { MAX_ACTIVE_TOKENS_PER_USER } from "@/lib/api-tokens/schemas";
import {
  createApiToken,
  hashToken,
  listApiTokens,
  revokeApiToken,
  TOKEN_PREFIX,
  verifyApiToken,
} from "@/lib/api-tokens/tokens";
import { testDb } from "../../helpers/db";
import { createUser } from "../../helpers/fixtures";

const db = testDb();
const DAY_MS = 86_400_000;

describe("API tokens", () => {
  it("stores only a hash of the token; the list shows name, prefix, scope, dates, never the secret", async () => {
    const user = await createUser(db);
    const now = new Date("2026-06-01T12:00:00Z");
    const { token, record } = await createApiToken(
      db,
      user,
      { name: "  notes script ", scope: "READ", expiresInDays: "30" },
      now,
    );
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(TOKEN_PREFIX.length + 8));
    expect(row.expiresAt?.toISOString()).toBe(new Date(now.getTime() + 30 * DAY_MS).toISOString());
    const [listed] = await listApiTokens(db, user.id, now);
    expect(listed).toMatchObject({
      name: "notes script",
      scope: "READ",
      prefix: token.slice(0, 12),
      state: "active",
      lastUsedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(token.slice(12));
  });

  it("verifies a live token as its owner with its scope, and refuses it once expired or revoked", async () => {
    const user = await createUser(db);
    const created = new Date("2026-06-01T12:00:00Z");
    const { token, record } = await createApiToken(
      db,
      user,
      { name: "t", scope: "READ_WRITE", expiresInDays: 7 },
      created,
    );
    const verified = await verifyApiToken(db, token, new Date(created.getTime() + DAY_MS));
    expect(verified).toMatchObject({
      scope: "READ_WRITE",
      tokenId: record.id,
      user: { id: user.id, handle: user.handle },
    });
    await expect(verifyApiToken(db, token, new Date(created.getTime() + 8 * DAY_MS))).rejects.toMatchObject({
      status: 401,
    });
    expect(await revokeApiToken(db, user, record.id)).toBe(true);
    await expect(verifyApiToken(db, token, new Date(created.getTime() + DAY_MS))).rejects.toMatchObject({
      status: 401,
    });
    expect((await listApiTokens(db, user.id))[0]!.state).toBe("revoked");
  });

  it("lets only the owner revoke a token", async () => {
    const [owner, other] = await Promise.all([createUser(db), createUser(db)]);
    const { token, record } = await createApiToken(db, owner, { name: "t", scope: "READ", expiresInDays: 7 });
    expect(await revokeApiToken(db, other, record.id)).toBe(false);
    await expect(verifyApiToken(db, token)).resolves.toMatchObject({ tokenId: record.id });
  });

  it("refuses bad input with field messages, and more than the maximum of live tokens", async () => {
    const user = await createUser(db);
    const attempt = (input: unknown) =>
      createApiToken(db, user, input).then(
        () => null,
        (error: unknown) => error as ApiError,
      );
    expect((await attempt({ name: "", scope: "READ", expiresInDays: 7 }))?.fields?.name).toBeDefined();
    expect(
      (await attempt({ name: "x".repeat(61), scope: "READ", expiresInDays: 7 }))?.fields?.name,
    ).toBeDefined();
    expect((await attempt({ name: "x", scope: "ADMIN", expiresInDays: 7 }))?.fields?.scope).toBeDefined();
    expect(
      (await attempt({ name: "x", scope: "READ", expiresInDays: 3650 }))?.fields?.expiresInDays,
    ).toBeDefined();
    for (let index = 0; index < MAX_ACTIVE_TOKENS_PER_USER; index += 1)
      await createApiToken(db, user, { name: `t${index}`, scope: "READ", expiresInDays: 7 });
    const tooMany = await attempt({ name: "one more", scope: "READ", expiresInDays: 7 });
    expect(tooMany?.status).toBe(409);
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(MAX_ACTIVE_TOKENS_PER_USER);
  });

  it("refuses new tokens to a suspended account, which may still revoke its tokens", async () => {
    const user = await createUser(db);
    const { record } = await createApiToken(db, user, { name: "t", scope: "READ", expiresInDays: 7 });
    const suspended = { ...user, status: "SUSPENDED" as const };
    await expect(
      createApiToken(db, suspended, { name: "u", scope: "READ", expiresInDays: 7 }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await revokeApiToken(db, suspended, record.id)).toBe(true);
  });
});
