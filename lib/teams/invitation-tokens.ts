// Invitation tokens: 32 random bytes in base64url, shown once (in the link), stored only as their
// SHA-256. 256 bits of randomness make a slow or salted hash pointless: nobody can guess a token, and a
// plain SHA-256 keeps the lookup one indexed equality on tokenHash. A token that is not ours (forged,
// mistyped, truncated) simply matches no row.
import { createHash, randomBytes } from "node:crypto";

const TOKEN_BYTES = 32;
/** base64url of 32 bytes, without padding. */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateInvitationToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a string is shaped like one of our tokens; anything else is refused without a lookup. */
export function isWellFormedInvitationToken(token: string): boolean {
  return INVITATION_TOKEN_PATTERN.test(token);
}

export function invitationPath(token: string): string {
  return `/invitations/${encodeURIComponent(token)}`;
}

export type InvitationState = "valid" | "expired" | "used-up" | "revoked";

/** The state of an invitation row at `now`, checked in this order: revoked beats expired beats used up. */
export function invitationState(
  row: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number },
  now: Date,
): InvitationState {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (row.uses >= row.maxUses) return "used-up";
  return "valid";
}
