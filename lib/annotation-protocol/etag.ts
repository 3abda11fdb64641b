// Entity tags: a strong validator computed from the exact bytes of a representation, so any change to
// what a caller would receive (an edit, a moderation decision, a different viewer) changes it.
import { createHash } from "node:crypto";

export function computeEtag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url").slice(0, 32)}"`;
}

function entityTags(header: string): string[] {
  return header
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** If-Match (RFC 9110 13.1.1): strong comparison, so a weak tag never matches. */
export function ifMatchSatisfied(header: string, current: string): boolean {
  const tags = entityTags(header);
  return tags.includes("*") || tags.includes(current);
}

/** If-None-Match (RFC 9110 13.1.2): weak comparison; true when the client's copy is current (→ 304). */
export function ifNoneMatchHit(header: string | null, current: string): boolean {
  if (header === null) return false;
  const strip = (tag: string) => tag.replace(/^W\//, "");
  const tags = entityTags(header);
  return tags.includes("*") || tags.some((tag) => strip(tag) === strip(current));
}
