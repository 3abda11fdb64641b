// What the author of a withheld item (and a moderator) reads on it in the reading view. Pure and free of
// server imports: the annotation card and the discussion components render it.

export type WithheldStatus = "PENDING" | "HIDDEN" | "REMOVED" | "SPAM";

/** The moderation state of an item, sent only to its author and to those who may moderate it. */
export interface ModerationNoticeDto {
  status: WithheldStatus;
  /** The reason given with the latest decision ("" when none was given); for PENDING, why the rules held it. */
  reason: string;
  /** The decision the author may appeal (null for PENDING, which no moderator decided yet). */
  auditEntryId: string | null;
  /** Whether the author has appealed that decision already (once only). */
  appealed: boolean;
}

const LEAD: Record<WithheldStatus, string> = {
  PENDING: "Waiting for review: only you and moderators can see it",
  HIDDEN: "Hidden by a moderator",
  REMOVED: "Removed by a moderator",
  SPAM: "Marked as spam by a moderator",
};

export function noticeText(notice: Pick<ModerationNoticeDto, "status" | "reason">): string {
  // A pending item's reason is a whole sentence already: why the rules held it (lib/moderation/rules.ts).
  if (notice.status === "PENDING" && notice.reason) return notice.reason;
  return notice.reason ? `${LEAD[notice.status]}: ${notice.reason}` : `${LEAD[notice.status]}.`;
}

/** Where the author appeals a decision: their standing page, at that decision. */
export function appealHref(auditEntryId: string): string {
  return `/account/standing#decision-${auditEntryId}`;
}
