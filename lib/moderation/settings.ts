// The site's automatic moderation settings: one row (ModerationSettings, id 1) that admins edit at
// /admin/moderation. Read with the defaults of lib/moderation/rules.ts while no row exists; every save is
// validated here and written with its audit entry in one transaction.
import { z } from "zod";
import { ApiError, parseOrThrow } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import type { Prisma } from "../generated/prisma/client";
import { foldText, MODERATION_DEFAULTS, type ModerationRules } from "./rules";

/** The settings row's id: there is only one. */
export const MODERATION_SETTINGS_ID = 1;
/** Most entries in each word list (banned, suspect): each one is checked against every post. */
export const MAX_LISTED_WORDS = 500;
/** Longest word or phrase in a list. */
export const MAX_LISTED_WORD_LENGTH = 100;
export const SETTINGS_AUDIT_ACTION = "moderation.settings";

/** Bounds of the numeric settings, shown beside the form's fields too. */
export const SETTING_BOUNDS = {
  premoderateFirstItems: { min: 0, max: 20 },
  newAccountDays: { min: 0, max: 365 },
  floodLimitPerMinute: { min: 1, max: 120 },
  reportHideThreshold: { min: 0, max: 100 },
} as const;

function wholeNumber(name: string, bounds: { min: number; max: number }) {
  const message = `${name} must be a whole number from ${bounds.min} to ${bounds.max}.`;
  // An empty field is missing, not zero.
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce
      .number({ error: message })
      .int({ error: message })
      .min(bounds.min, { error: message })
      .max(bounds.max, { error: message }),
  );
}

/** A textarea (one entry per line) or an array: trimmed, inner spaces collapsed, empties and repeats dropped. */
function wordList(name: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => (typeof value === "string" ? value.split(/\r?\n/) : value))
    .transform((entries) => {
      const seen = new Set<string>();
      const kept: string[] = [];
      for (const raw of entries) {
        const entry = raw.trim().replace(/\s+/g, " ");
        if (!entry) continue;
        // "Café" and "cafe" match the same posts: keep the first one written.
        const key = foldText(entry);
        if (seen.has(key)) continue;
        seen.add(key);
        kept.push(entry);
      }
      return kept;
    })
    .superRefine((entries, context) => {
      if (entries.length > MAX_LISTED_WORDS) {
        context.addIssue({
          code: "custom",
          message: `${name}: at most ${MAX_LISTED_WORDS} entries (there are ${entries.length}).`,
        });
      }
      const tooLong = entries.find((entry) => entry.length > MAX_LISTED_WORD_LENGTH);
      if (tooLong) {
        context.addIssue({
          code: "custom",
          message: `${name}: “${tooLong.slice(0, 30)}…” is longer than ${MAX_LISTED_WORD_LENGTH} characters.`,
        });
      }
      const noLetters = entries.find((entry) => !/[\p{L}\p{N}]/u.test(entry));
      if (noLetters !== undefined) {
        context.addIssue({
          code: "custom",
          message: `${name}: “${noLetters}” has no letters or digits, so it would match nothing.`,
        });
      }
    });
}

/** A checkbox sends "on" when ticked and nothing otherwise; JSON callers send a boolean. */
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

export const moderationSettingsSchema = z.object({
  premoderateFirstItems: wholeNumber("Items to pre-moderate", SETTING_BOUNDS.premoderateFirstItems),
  newAccountDays: wholeNumber("Days an account counts as new", SETTING_BOUNDS.newAccountDays),
  bannedWords: wordList("Banned words"),
  suspectWords: wordList("Suspect words"),
  holdLinksFromNewAccounts: checkbox,
  floodLimitPerMinute: wholeNumber("Posts a minute", SETTING_BOUNDS.floodLimitPerMinute),
  reportHideThreshold: wholeNumber("Reports that hide an item", SETTING_BOUNDS.reportHideThreshold),
});
export type ModerationSettingsInput = z.input<typeof moderationSettingsSchema>;

type Reader = Db | Prisma.TransactionClient;

const SETTINGS_SELECT = {
  premoderateFirstItems: true,
  newAccountDays: true,
  bannedWords: true,
  suspectWords: true,
  holdLinksFromNewAccounts: true,
  floodLimitPerMinute: true,
  reportHideThreshold: true,
} as const;

/** The settings in force: the saved row, or the defaults while none was saved. */
export async function readModerationSettings(db: Reader): Promise<ModerationRules> {
  const row = await db.moderationSettings.findUnique({
    where: { id: MODERATION_SETTINGS_ID },
    select: SETTINGS_SELECT,
  });
  return row ?? { ...MODERATION_DEFAULTS, bannedWords: [], suspectWords: [] };
}

/**
 * Saves the settings (admins only) with an audit entry naming what changed, in one transaction.
 * Invalid input is refused (422) and changes nothing.
 */
export async function updateModerationSettings(
  db: Db,
  actor: { id: string; role: string; status: string } | null,
  rawInput: unknown,
): Promise<ModerationRules> {
  if (!actor) throw new ApiError("unauthenticated", "Sign in to change the moderation settings.");
  if (actor.role !== "ADMIN" || actor.status !== "ACTIVE") {
    throw new ApiError("forbidden", "Only admins can change the moderation settings.");
  }
  const input = parseOrThrow(moderationSettingsSchema, rawInput);
  return db.$transaction(async (tx) => {
    const before = await readModerationSettings(tx);
    const saved = await tx.moderationSettings.upsert({
      where: { id: MODERATION_SETTINGS_ID },
      create: { id: MODERATION_SETTINGS_ID, ...input },
      update: input,
      select: SETTINGS_SELECT,
    });
    const changed = (Object.keys(SETTINGS_SELECT) as (keyof ModerationRules)[]).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(saved[key]),
    );
    if (changed.length) {
      await tx.auditLogEntry.create({
        data: {
          action: SETTINGS_AUDIT_ACTION,
          actorId: actor.id,
          before: pick(before, changed),
          after: pick(saved, changed),
          reason: `Changed ${changed.join(", ")}`,
        },
      });
    }
    return saved;
  });
}

function pick(settings: ModerationRules, keys: (keyof ModerationRules)[]): Prisma.InputJsonObject {
  return Object.fromEntries(keys.map((key) => [key, settings[key]]));
}
