// Inputs of moderation, validated the same way by the route handler, the server actions and the tests.
import { z } from "zod";

/** Longest note a reader may add to a report. */
export const MAX_REPORT_NOTE_LENGTH = 1_000;
/** Longest reason a moderator may give with a decision (the author sees it). */
export const MAX_DECISION_REASON_LENGTH = 500;
/** Items per moderation queue page, and entries per audit log page. */
export const MODERATION_QUEUE_SIZE = 50;
export const AUDIT_LOG_PAGE_SIZE = 100;
/** Most rows one CSV export of the audit log holds. */
export const AUDIT_LOG_EXPORT_LIMIT = 10_000;

export const REPORT_REASONS = ["SPAM", "HARASSMENT", "HATE", "MISINFORMATION", "OFF_TOPIC", "OTHER"] as const;
export const REPORT_REASON_LABELS: Record<(typeof REPORT_REASONS)[number], string> = {
  SPAM: "Spam",
  HARASSMENT: "Harassment",
  HATE: "Hate",
  MISINFORMATION: "Misinformation",
  OFF_TOPIC: "Off-topic",
  OTHER: "Other",
};

export const ITEM_KINDS = ["annotation", "comment"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const DECISIONS = ["approve", "hide", "remove", "spam", "restore", "dismiss"] as const;
export type Decision = (typeof DECISIONS)[number];

const id = z.string().trim().min(1).max(64);

export const reportSchema = z
  .object({
    annotationId: id.optional(),
    commentId: id.optional(),
    reason: z.enum(REPORT_REASONS, { error: "Choose a reason: spam, harassment, hate, misinformation, off-topic or other." }),
    note: z.string().trim().max(MAX_REPORT_NOTE_LENGTH, `Keep the note under ${MAX_REPORT_NOTE_LENGTH} characters.`).default(""),
  })
  .refine((input) => Boolean(input.annotationId) !== Boolean(input.commentId), {
    message: "Report exactly one item: annotationId or commentId.",
    path: ["annotationId"],
  })
  .refine((input) => input.reason !== "OTHER" || input.note.length > 0, {
    message: "Say what is wrong when the reason is “other”.",
    path: ["note"],
  });
export type ReportInput = z.input<typeof reportSchema>;

export const decisionSchema = z.object({
  itemKind: z.enum(ITEM_KINDS),
  itemId: id,
  decision: z.enum(DECISIONS),
  /** The item's `version` when the moderator looked at it: a decision on a changed item is refused. */
  expectedVersion: z.coerce.number().int().min(0),
  reason: z.string().trim().max(MAX_DECISION_REASON_LENGTH, `Keep the reason under ${MAX_DECISION_REASON_LENGTH} characters.`).default(""),
});
export type DecisionInput = z.input<typeof decisionSchema>;

const auditLogFilterSchema = z.object({
  action: z.enum(DECISIONS.map((decision) => `moderation.${decision}` as const)).optional().catch(undefined),
  itemKind: z.enum(ITEM_KINDS).optional().catch(undefined),
  actor: z.string().trim().max(64).optional().catch(undefined),
});

/** The audit log's filters from a query string; anything unknown is ignored rather than refused. */
export function auditLogFilters(params: Record<string, string | string[] | undefined>) {
  const parsed = auditLogFilterSchema.parse({
    action: typeof params.action === "string" && params.action ? params.action : undefined,
    itemKind: typeof params.itemKind === "string" && params.itemKind ? params.itemKind : undefined,
    actor: typeof params.actor === "string" && params.actor.trim() ? params.actor.replace(/^@/, "") : undefined,
  });
  return parsed;
}
