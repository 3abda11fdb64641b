// Unique @handles for mentions, derived from a display name or an email address.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/prisma-factory";

export const HANDLE_MAX_LENGTH = 24;
const HANDLE_ATTEMPTS = 5;

export function handleBase(source: string): string {
  const base = source
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, HANDLE_MAX_LENGTH - 5)
    .replace(/-+$/g, "");
  return base === "" ? "reader" : base;
}

/** The base itself when free, otherwise the base with a short random suffix. */
export async function uniqueHandle(db: Db, source: string): Promise<string> {
  const base = handleBase(source);
  for (let attempt = 0; attempt < HANDLE_ATTEMPTS; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
    const taken = await db.user.findUnique({ where: { handle: candidate }, select: { id: true } });
    if (!taken) return candidate;
  }
  return `${base}-${randomBytes(4).toString("hex")}`;
}
