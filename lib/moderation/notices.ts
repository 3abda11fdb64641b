// The notices of withheld items: for each item, the latest moderation decision's reason and whether its
// author appealed it. One query per list, run only for the withheld items a viewer may see.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import type { ModerationNoticeDto, WithheldStatus } from "./notice-text";

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
  for (const item of withheld) {
    const latest = entries.find((entry) => entry.itemId === item.id);
    const status = item.status as WithheldStatus;
    notices.set(item.id, {
      status,
      reason: latest?.reason ?? "",
      auditEntryId: status === "PENDING" ? null : (latest?.id ?? null),
      appealed: Boolean(latest?.appeal),
    });
  }
  return notices;
}
