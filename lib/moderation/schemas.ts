// Inputs of moderation, validated the same way by the route handler, the server actions and the tests.
import "../zod-jitless";
import { z } from "zod";
import { MAX_SUSPENSION_DAYS, REASON_MAX_LENGTH } from "@/lib/accounts/schemas";
import { NO_NUL, NUL_MESSAGE } from "@/lib/validation/text";

/** Longest reason a moderator may give with a decision (the author sees it). */
export const MAX_DECISION_REASON_LENGTH = 500;
/** Items per moderation queue page, and entries per audit log page. */
export const MODERATION_QUEUE_SIZE = 50;
export const AUDIT_LOG_PAGE_SIZE = 100;
/** Most rows one CSV export of the audit log holds. */
export const AUDIT_LOG_EXPORT_LIMIT = 10_000;

export { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS, REPORT_REASON_LABELS } from "./report-reasons";
import { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS } from "./report-reasons";

export const ITEM_KINDS = ["annotation", "comment"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const DECISIONS = ["approve", "hide", "remove", "spam", "restore", "dismiss"] as const;
export type Decision = (typeof DECISIONS)[number];

const id = z.string().trim().min(1).max(64).regex(NO_NUL, NUL_MESSAGE);

export const reportSchema = z
  .object({
    annotationId: id.optional(),
    commentId: id.optional(),
    reason: z.enum(REPORT_REASONS, {
      error: "Choose a reason: spam, harassment, hate, misinformation, off-topic, illegal content or other.",
    }),
    note: z
      .string()
      .trim()
      .max(MAX_REPORT_NOTE_LENGTH, `Keep the note under ${MAX_REPORT_NOTE_LENGTH} characters.`)
      .regex(NO_NUL, NUL_MESSAGE)
      .default(""),
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

/** Most items one "which of these did I report?" lookup names (a page's visible cards and comments). */
export const MAX_REPORTED_LOOKUP = 200;
const idList = z
  .string()
  .default("")
  .transform((value) => value.split(",").filter(Boolean))
  .pipe(z.array(id).max(MAX_REPORTED_LOOKUP, `Ask about at most ${MAX_REPORTED_LOOKUP} items at once.`));

/** GET /api/reports?annotationIds=a,b&commentIds=c: which of these items the reader has reported. */
export const reportedLookupSchema = z.object({ annotationIds: idList, commentIds: idList });

export const decisionSchema = z.object({
  itemKind: z.enum(ITEM_KINDS),
  itemId: id,
  decision: z.enum(DECISIONS),
  /** The item's `version` when the moderator looked at it: a decision on a changed item is refused. */
  expectedVersion: z.coerce.number().int().min(0),
  reason: z
    .string()
    .trim()
    .max(MAX_DECISION_REASON_LENGTH, `Keep the reason under ${MAX_DECISION_REASON_LENGTH} characters.`)
    .regex(NO_NUL, NUL_MESSAGE)
    .default(""),
});
export type DecisionInput = z.input<typeof decisionSchema>;

const auditLogFilterSchema = z.object({
  action: z
    .enum(DECISIONS.map((decision) => `moderation.${decision}` as const))
    .optional()
    .catch(undefined),
  itemKind: z.enum(ITEM_KINDS).optional().catch(undefined),
  actor: z.string().trim().max(64).optional().catch(undefined),
});

/** The audit log's filters from a query string; anything unknown is ignored rather than refused. */
export function auditLogFilters(params: Record<string, string | string[] | undefined>) {
  const parsed = auditLogFilterSchema.parse({
    action: typeof params.action === "string" && params.action ? params.action : undefined,
    itemKind: typeof params.itemKind === "string" && params.itemKind ? params.itemKind : undefined,
    actor:
      typeof params.actor === "string" && params.actor.trim() ? params.actor.replace(/^@/, "") : undefined,
  });
  return parsed;
}

// ───────────── Queue filters and bulk decisions ─────────────

/** Most items one bulk action decides (a queue page holds MODERATION_QUEUE_SIZE). */
export const MAX_BULK_ITEMS = MODERATION_QUEUE_SIZE;
/** Decisions a bulk action may take: the four of the keyboard shortcuts. */
export const BULK_DECISIONS = ["approve", "hide", "remove", "spam"] as const;

const queueFilterSchema = z.object({
  kind: z.enum(ITEM_KINDS).optional().catch(undefined),
  reason: z.enum(REPORT_REASONS).optional().catch(undefined),
  article: z.string().trim().max(200).optional().catch(undefined),
  team: z.string().trim().max(64).optional().catch(undefined),
});
export type QueueFilters = z.output<typeof queueFilterSchema>;

/** The queue's filters from a query string; anything unknown is ignored rather than refused. */
export function queueFilters(params: Record<string, string | string[] | undefined>): QueueFilters {
  const value = (name: string) =>
    typeof params[name] === "string" && params[name] ? params[name] : undefined;
  return queueFilterSchema.parse({
    kind: value("kind"),
    reason: value("reason"),
    article: value("article"),
    team: value("team"),
  });
}

/** One item of a bulk action, as the form sends it: "<kind>:<id>:<version>". */
const bulkItemSchema = z
  .string()
  .regex(/^(annotation|comment):[^:\s]{1,64}:\d{1,9}$/, "Each selected item must be <kind>:<id>:<version>.")
  .transform((value) => {
    const [itemKind, itemId, version] = value.split(":") as [ItemKind, string, string];
    return { itemKind, itemId, expectedVersion: Number(version) };
  });

export const bulkDecisionSchema = z.object({
  decision: z.enum(BULK_DECISIONS, { error: "Choose approve, hide, remove or spam." }),
  items: z
    .array(bulkItemSchema)
    .min(1, "Select at least one item.")
    .max(MAX_BULK_ITEMS, `Select at most ${MAX_BULK_ITEMS} items at once.`),
  reason: z
    .string()
    .trim()
    .max(MAX_DECISION_REASON_LENGTH, `Keep the reason under ${MAX_DECISION_REASON_LENGTH} characters.`)
    .regex(NO_NUL, NUL_MESSAGE)
    .default(""),
});
export type BulkDecisionInput = z.input<typeof bulkDecisionSchema>;

// ───────────── Sanctions and appeals ─────────────

export const SANCTION_KINDS = ["WARN", "SUSPEND", "BAN"] as const;
export type SanctionKindInput = (typeof SANCTION_KINDS)[number];
/** Longest reason for a sanction (the user sees it). */
export const MAX_SANCTION_REASON_LENGTH = REASON_MAX_LENGTH;
/** Longest message of an appeal: a short note, not a correspondence. */
export const MAX_APPEAL_MESSAGE_LENGTH = 500;
/** Appeals shown in the Appeals queue at once. */
export const APPEAL_QUEUE_SIZE = MODERATION_QUEUE_SIZE;

const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/**
 * A sanction. A suspension ends at 00:00 UTC on `until` (an `<input type="date">` value); warnings and bans
 * take no date. `now` is a parameter so tests can pin the clock.
 */
export function sanctionSchema(now: Date = new Date()) {
  return z
    .object({
      userId: id,
      kind: z.enum(SANCTION_KINDS, { error: "Choose warn, suspend or ban." }),
      reason: z
        .string({ error: "Give a reason: the user sees it." })
        .trim()
        .min(1, "Give a reason: the user sees it.")
        .max(MAX_SANCTION_REASON_LENGTH, `Keep the reason under ${MAX_SANCTION_REASON_LENGTH} characters.`)
        .regex(NO_NUL, NUL_MESSAGE),
      until: z.string().trim().default(""),
      removeContent: checkbox,
    })
    .transform((input, context) => {
      if (input.kind !== "SUSPEND") return { ...input, until: null };
      const match = /^\d{4}-\d{2}-\d{2}$/.test(input.until) ? new Date(`${input.until}T00:00:00.000Z`) : null;
      let problem: string | null = null;
      if (!match || Number.isNaN(match.getTime())) problem = "Choose the date the suspension ends.";
      else if (match.getTime() <= now.getTime()) problem = "The end date must be in the future.";
      else if (match.getTime() > now.getTime() + MAX_SUSPENSION_DAYS * 86_400_000)
        problem = `A suspension lasts at most ${MAX_SUSPENSION_DAYS} days; ban the account instead.`;
      if (problem || !match) {
        context.addIssue({
          code: "custom",
          path: ["until"],
          message: problem ?? "Choose the date the suspension ends.",
        });
        return z.NEVER;
      }
      return { ...input, until: match };
    });
}
export type SanctionInput = z.input<ReturnType<typeof sanctionSchema>>;

export const appealSchema = z
  .object({
    sanctionId: id.optional(),
    auditEntryId: id.optional(),
    message: z
      .string({ error: "Say in a few words why the decision should be reversed." })
      .trim()
      .min(1, "Say in a few words why the decision should be reversed.")
      .max(MAX_APPEAL_MESSAGE_LENGTH, `Keep the appeal under ${MAX_APPEAL_MESSAGE_LENGTH} characters.`)
      .regex(NO_NUL, NUL_MESSAGE),
  })
  .refine((input) => Boolean(input.sanctionId) !== Boolean(input.auditEntryId), {
    message: "Appeal exactly one decision: a sanction or a decision on an item.",
    path: ["sanctionId"],
  });
export type AppealInput = z.input<typeof appealSchema>;

export const APPEAL_DECISIONS = ["uphold", "reverse"] as const;

export const appealDecisionSchema = z.object({
  appealId: id,
  decision: z.enum(APPEAL_DECISIONS, { error: "Choose uphold or reverse." }),
  reason: z
    .string()
    .trim()
    .max(MAX_DECISION_REASON_LENGTH, `Keep the reason under ${MAX_DECISION_REASON_LENGTH} characters.`)
    .regex(NO_NUL, NUL_MESSAGE)
    .default(""),
});
export type AppealDecisionInput = z.input<typeof appealDecisionSchema>;

export const acknowledgeSchema = z.object({ sanctionId: id });
