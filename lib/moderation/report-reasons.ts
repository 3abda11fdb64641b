// The reasons a reader may give for a report, in their own small module so the report dialog (client code)
// can list them without loading the zod schemas.
/** Longest note a reader may add to a report. */
export const MAX_REPORT_NOTE_LENGTH = 1_000;

export const REPORT_REASONS = [
  "SPAM",
  "HARASSMENT",
  "HATE",
  "MISINFORMATION",
  "OFF_TOPIC",
  "ILLEGAL",
  "OTHER",
] as const;
export const REPORT_REASON_LABELS: Record<(typeof REPORT_REASONS)[number], string> = {
  SPAM: "Spam",
  HARASSMENT: "Harassment",
  HATE: "Hate",
  MISINFORMATION: "Misinformation",
  OFF_TOPIC: "Off-topic",
  ILLEGAL: "Illegal content",
  OTHER: "Other",
};
