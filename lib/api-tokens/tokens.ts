// Personal API tokens: created with a secret shown once, stored as a SHA-256 hash, listed with their last
// use, revocable. verifyApiToken turns an `Authorization: Bearer` value into the user it acts for.
//
// A token is "mgn_" followed by 32 random bytes in base64url. 256 bits of randomness make a slow,
// salted hash pointless: nobody can guess their way to a token, and a plain SHA-256 lets the lookup be
// one indexed equality on tokenHash.
import { createHash, randomBytes } from "node:crypto";
import { ApiError, parseOrThrow } from "../api/errors";
import { can } from "../auth/can";
import { toSessionUser, USER_STANDING_SELECT, type SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import {
  type ApiTokenDto,
  createTokenSchema,
  MAX_ACTIVE_TOKENS_PER_USER,
  type TokenScopeName,
} from "./schemas";

export const TOKEN_PREFIX = "mgn_";
const TOKEN_SECRET_BYTES = 32;
/** Characters of the token kept in clear, so its owner can tell tokens apart ("mgn_" + 8). */
export const TOKEN_DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;
/** lastUsedAt is written at most this often per token, so reads do not each cost a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest value worth hashing; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 200;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_SECRET_BYTES).toString("base64url")}`;
}

function tokenState(
  row: { expiresAt: Date | null; revokedAt: Date | null },
  now: Date,
): ApiTokenDto["state"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

const TOKEN_LIST_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScopeName;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toDto(row: TokenRow, now: Date): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: tokenState(row, now),
  };
}

function liveTokensWhere(userId: string, now: Date) {
  return { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** Creates a token; the returned `token` is the only time the secret exists outside its owner's hands. */
export async function createApiToken(
  db: Db,
  user: SessionUser,
  rawInput: unknown,
  now = new Date(),
): Promise<{ token: string; record: ApiTokenDto }> {
  if (!can(user, "token:create"))
    throw new ApiError("forbidden", "Your account is suspended or banned, so you cannot create API tokens.");
  const input = parseOrThrow(createTokenSchema, rawInput);
  const live = await db.apiToken.count({ where: liveTokensWhere(user.id, now) });
  if (live >= MAX_ACTIVE_TOKENS_PER_USER) {
    throw new ApiError(
      "conflict",
      `You already have ${MAX_ACTIVE_TOKENS_PER_USER} active tokens. Revoke one you no longer use first.`,
    );
  }
  const token = generateToken();
  const row = await db.apiToken.create({
    data: {
      userId: user.id,
      name: input.name,
      prefix: token.slice(0, TOKEN_DISPLAY_PREFIX_LENGTH),
      tokenHash: hashToken(token),
      scope: input.scope,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
    },
    select: TOKEN_LIST_SELECT,
  });
  return { token, record: toDto(row, now) };
}

export async function listApiTokens(db: Db, userId: string, now = new Date()): Promise<ApiTokenDto[]> {
  const rows = await db.apiToken.findMany({
    where: { userId },
    select: TOKEN_LIST_SELECT,
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => toDto(row, now));
}

/** Revokes one of the user's own tokens (ownership is part of the write). False when there is none. */
export async function revokeApiToken(
  db: Db,
  user: SessionUser,
  tokenId: string,
  now = new Date(),
): Promise<boolean> {
  if (!can(user, "token:revoke")) throw new ApiError("forbidden", "You cannot revoke tokens.");
  const result = await db.apiToken.updateMany({
    where: { id: tokenId, userId: user.id, revokedAt: null },
    data: { revokedAt: now },
  });
  return result.count > 0;
}

export interface TokenCaller {
  user: SessionUser;
  scope: TokenScopeName;
  tokenId: string;
  /** The token's public prefix: safe to log, unlike the token. */
  prefix: string;
}

const INVALID_TOKEN_HEADERS = { "WWW-Authenticate": 'Bearer error="invalid_token"' };

/**
 * The user and scope a bearer token stands for, or ApiError 401 when it is unknown, revoked or expired.
 * The reason is the same for all three so that a caller learns nothing about tokens it does not hold.
 */
export async function verifyApiToken(db: Db, token: string, now = new Date()): Promise<TokenCaller> {
  const invalid = () =>
    new ApiError(
      "unauthenticated",
      "The API token is invalid, expired or revoked.",
      undefined,
      INVALID_TOKEN_HEADERS,
    );
  if (!token.startsWith(TOKEN_PREFIX) || token.length > MAX_TOKEN_LENGTH) throw invalid();
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      prefix: true,
      scope: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: USER_STANDING_SELECT },
    },
  });
  if (!row || tokenState(row, now) !== "active") throw invalid();
  // At most one write a minute per token, and without a read first: the condition is in the update.
  await db.apiToken.updateMany({
    where: {
      id: row.id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
    },
    data: { lastUsedAt: now },
  });
  return { user: toSessionUser(row.user, now), scope: row.scope, tokenId: row.id, prefix: row.prefix };
}
