// Bulk decisions: the same decision on several queue items, each made by decide() on its own (its own
// permission check, version check and transaction), so one item already handled by someone else does
// not undo or block the others. The answer says how many succeeded and which were already handled.
import { ApiError, parseOrThrow } from "../api/errors";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import { decide } from "./commands";
import { bulkDecisionSchema } from "./schemas";

export interface BulkDecisionResult {
  succeeded: number;
  /** Items someone else decided first (or that changed since the page was loaded). */
  alreadyHandled: { itemId: string; message: string }[];
  /** Items refused for another reason (not theirs to moderate, gone). */
  failed: { itemId: string; message: string }[];
}

export async function decideMany(
  db: Db,
  user: SessionUser | null,
  rawInput: unknown,
): Promise<BulkDecisionResult> {
  if (!user) throw new ApiError("unauthenticated", "Sign in to moderate.");
  const input = parseOrThrow(bulkDecisionSchema, rawInput);
  const result: BulkDecisionResult = { succeeded: 0, alreadyHandled: [], failed: [] };
  // One after the other: each is a short transaction, and the order of the answer follows the page.
  for (const item of input.items) {
    try {
      await decide(db, user, { ...item, decision: input.decision, reason: input.reason });
      result.succeeded += 1;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      (error.status === 409 ? result.alreadyHandled : result.failed).push({
        itemId: item.itemId,
        message: error.message,
      });
    }
  }
  return result;
}

export function bulkSummary(result: BulkDecisionResult): string {
  const parts = [`${result.succeeded} ${result.succeeded === 1 ? "item" : "items"} decided.`];
  if (result.alreadyHandled.length)
    parts.push(
      `${result.alreadyHandled.length} already handled: ${result.alreadyHandled.map((entry) => entry.message).join(" ")}`,
    );
  if (result.failed.length)
    parts.push(`${result.failed.length} refused: ${result.failed.map((entry) => entry.message).join(" ")}`);
  return parts.join(" ");
}
