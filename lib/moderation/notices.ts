// The notices of withheld items: for each item, the latest moderation decision's reason and whether its
// author appealed it. One query per list, run only for the withheld items a viewer may see.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import type { ModerationNoticeDto, WithheldStatus } from "./notice-text";
import { holdMessage, parseHoldReasons } from "./rules";

type Reader = Db | Prisma.TransactionClient;

export async function moderationNotices(
  db: Reader,
  itemKind: "annotation" | "comment",
  items: { id: string; status: string }[],
): Promise<Map<string, ModerationNoticeDto>> {
  const withheld = items.filter((item) => item.status !== "PUBLISHED");
  const notices = new Map<string, ModerationNoticeDto>();
  if (withheld.length === 0) return notices;
  const entries = await db.auditLogEntry.findMany({
    where: {
      itemKind,
      itemId: { in: withheld.map((item) => item.id) },
      action: { startsWith: "moderation." },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, itemId: true, reason: true, appeal: { select: { id: true } } },
  });
  // A pending item's notice says which rule held it ("… because it contains a link").
  const pendingIds = withheld.filter((item) => item.status === "PENDING").map((item) => item.id);
  const held = pendingIds.length
    ? itemKind === "annotation"
      ? await db.annotation.findMany({
          where: { id: { in: pendingIds } },
          select: { id: true, holdReasons: true },
        })
      : await db.comment.findMany({
          where: { id: { in: pendingIds } },
          select: { id: true, holdReasons: true },
        })
    : [];
  const holdReasons = new Map(held.map((row) => [row.id, parseHoldReasons(row.holdReasons)]));
  for (const item of withheld) {
    const latest = entries.find((entry) => entry.itemId === item.id);
    const status = item.status as WithheldStatus;
    // Held before reasons were stored (or put in Pending by hand): no reason, the generic notice.
    const heldBy = holdReasons.get(item.id) ?? [];
    notices.set(item.id, {
      status,
      reason: status === "PENDING" ? (heldBy.length ? holdMessage(heldBy) : "") : (latest?.reason ?? ""),
      auditEntryId: status === "PENDING" ? null : (latest?.id ?? null),
      appealed: Boolean(latest?.appeal),
    });
  }
  return notices;
}
