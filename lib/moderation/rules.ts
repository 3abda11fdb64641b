// The automatic moderation rules, decided from plain facts: the words of a post, where it will be seen,
// and who wrote it. Pure (no Next.js, no database), so every rule and threshold is unit-tested;
// lib/moderation/gate.ts gathers the facts and applies the verdict on every create and edit path.
//
// Word matching: both the text and each listed word are folded the same way (NFKD, combining marks
// removed, case folded, NFKD again), so "Café", "CAFE" and "café" are one word, and "Straße" is
// "strasse". Boundaries are Unicode ones: a word is a run of letters and digits (\p{L}\p{N}), so "ass"
// is not found in "class", in Latin, Cyrillic, Greek or any other script that separates words. A listed
// phrase ("buy now") matches the same words in order, whatever spaces or punctuation sit between them.
// Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, and
// Hangul, whose particles attach to the word) have no boundary we could find without a dictionary
// (Intl.Segmenter's dictionary can split a word differently in context than alone, so it would miss), so
// each of their characters counts as a word: a listed word in those scripts matches wherever its
// characters appear in a row. Leetspeak and spaced-out letters
// ("b a d") are not undone: that is the moderators' work, through reports.
import type { Role } from "../generated/prisma/enums";
import type { ModerationScope } from "./permissions";

/** Defaults of the settings row (prisma ModerationSettings), used while no admin has saved any. */
export const MODERATION_DEFAULTS = {
  /** A new account's public items wait in Pending until this many of them are approved (0: off). */
  premoderateFirstItems: 1,
  /** An account is new for this many days after it was created. */
  newAccountDays: 7,
  bannedWords: [] as string[],
  suspectWords: [] as string[],
  holdLinksFromNewAccounts: true,
  /** Posts (annotations, replies, comments) per user per minute; the next one gets 429. */
  floodLimitPerMinute: 5,
  /** Open reports from this many different readers hide an item until a moderator reviews it. */
  reportHideThreshold: 3,
} as const;

export interface ModerationRules {
  premoderateFirstItems: number;
  newAccountDays: number;
  bannedWords: readonly string[];
  suspectWords: readonly string[];
  holdLinksFromNewAccounts: boolean;
  floodLimitPerMinute: number;
  reportHideThreshold: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const COMBINING_MARKS = /\p{M}/gu;
const WORD_RUN = /[\p{L}\p{N}]+/gu;
// Scripts without spaces between words: each character is a word of its own (see the header).
const UNSPACED_CHARS =
  "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\p{Script=Hangul}";
const UNSPACED_CHAR = new RegExp(`[${UNSPACED_CHARS}]`, "gu");

/**
 * Case- and diacritic-insensitive form of a text. Upper- then lower-casing folds ß to ss; the Greek
 * final sigma (which lower-casing itself produces at a word's end) becomes σ, so both forms are one.
 */
export function foldText(text: string): string {
  const stripped = text.normalize("NFKD").replace(COMBINING_MARKS, "");
  return stripped
    .toUpperCase()
    .toLowerCase()
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replaceAll("ς", "σ");
}

/**
 * The words of a folded text, in order. Each character of an unspaced script is its own "word", so a
 * Latin word written right after Han text ("你好bad") is still found on its own.
 */
function words(folded: string): string[] {
  return folded.replace(UNSPACED_CHAR, " $& ").match(WORD_RUN) ?? [];
}

/** A compiled word list: `find` returns the first listed entry found in a text, or null. */
export interface WordMatcher {
  find(text: string): string | null;
}

/**
 * Compiles a list of words and phrases once. `find` returns the entry as the admin wrote it, so the
 * refusal can name it. Entries with no letters or digits match nothing.
 */
export function compileWordList(entries: readonly string[]): WordMatcher {
  const compiled = entries
    .map((entry) => ({ entry, key: ` ${words(foldText(entry)).join(" ")} ` }))
    .filter((item) => item.key.trim().length > 0);
  return {
    find(text: string): string | null {
      if (compiled.length === 0) return null;
      // " a b c ": a listed phrase is found as a substring only when it starts and ends on whole words.
      const haystack = ` ${words(foldText(text)).join(" ")} `;
      return compiled.find((item) => haystack.includes(item.key))?.entry ?? null;
    },
  };
}

/** The first entry of `entries` found in `text`, or null (compiles the list; for one-off checks). */
export function findListedWord(text: string, entries: readonly string[]): string | null {
  return compileWordList(entries).find(text);
}

// What the Markdown renderer turns into a link (lib/annotations/markdown.ts: links, autolinks and
// linkify), plus anything that plainly names a web address. Bare domains count only with a known
// top-level domain or a path, so "Node.js" and "e.g." are not links.
const SCHEME_URL = /\b(?:https?|ftp):\/\/[^\s<>()]+|\bmailto:[^\s<>()]+/iu;
const WWW_HOST = /(?:^|[^\p{L}\p{N}.@-])www\.[\p{L}\p{N}-]+\.[\p{L}\p{N}.-]+/iu;
const MARKDOWN_LINK = /\]\(\s*<?[^)\s]+/u;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*\S+/mu;
const COMMON_TLDS =
  "com|org|net|edu|gov|io|co|info|biz|ru|de|uk|fr|cn|jp|xyz|top|site|online|app|dev|me|ly|to|tk|ml|ga|cf|gq|shop|store|club|link|click";
const BARE_DOMAIN = new RegExp(
  `(?:^|[^\\p{L}\\p{N}.@/-])(?:[\\p{L}\\p{N}-]+\\.)+(?:(?:${COMMON_TLDS})(?![\\p{L}\\p{N}])|[a-z]{2,24}/[^\\s]*)`,
  "iu",
);

/** Whether a post (Markdown or plain text) contains a link or a web address. */
export function containsLink(text: string): boolean {
  return (
    SCHEME_URL.test(text) ||
    WWW_HOST.test(text) ||
    MARKDOWN_LINK.test(text) ||
    REFERENCE_DEFINITION.test(text) ||
    BARE_DOMAIN.test(text)
  );
}

export function isNewAccount(
  createdAt: Date,
  rules: Pick<ModerationRules, "newAccountDays">,
  now: Date,
): boolean {
  return now.getTime() - createdAt.getTime() < rules.newAccountDays * DAY_MS;
}

export interface PostFacts {
  /** Everything the author wrote that others will read: the note or reply, and tags. */
  text: string;
  /** Where it will be seen (lib/moderation/permissions.ts). Private items are not moderated. */
  scope: ModerationScope;
  author: {
    role: Role;
    createdAt: Date;
    /**
     * How many of the author's public items were approved: PUBLIC annotations, article comments and
     * replies on PUBLIC annotations whose status is PUBLISHED (published at once, or approved from
     * Pending), deleted ones included. Team items do not count: a team one created oneself vouches for nothing.
     */
    approvedPublicItems: number;
  };
  now: Date;
}

export type HoldReason =
  { rule: "suspect_word"; word: string } | { rule: "premoderation" } | { rule: "new_account_link" };

export type Verdict =
  | { action: "publish" }
  | { action: "hold"; reasons: HoldReason[] }
  | { action: "refuse"; rule: "banned_word"; word: string };

/**
 * What happens to a post:
 * - refuse: it contains a banned word (any scope but private; staff too: the list is the site's).
 * - hold (PENDING): a suspect word (public and team items); or, for public items by a new account that
 *   is not a moderator or admin, pre-moderation (fewer than `premoderateFirstItems` approved public
 *   items) or a link (when `holdLinksFromNewAccounts`).
 * - publish: otherwise. Private items always publish: nobody else sees them.
 */
export function evaluatePost(facts: PostFacts, rules: ModerationRules): Verdict {
  if (facts.scope === "private") return { action: "publish" };
  const banned = findListedWord(facts.text, rules.bannedWords);
  if (banned !== null) return { action: "refuse", rule: "banned_word", word: banned };

  const reasons: HoldReason[] = [];
  const suspect = findListedWord(facts.text, rules.suspectWords);
  if (suspect !== null) reasons.push({ rule: "suspect_word", word: suspect });

  // Team content reaches people its owners invited, and they moderate it: only the word lists apply.
  const staff = facts.author.role === "MODERATOR" || facts.author.role === "ADMIN";
  if (facts.scope === "public" && !staff && isNewAccount(facts.author.createdAt, rules, facts.now)) {
    if (facts.author.approvedPublicItems < rules.premoderateFirstItems)
      reasons.push({ rule: "premoderation" });
    if (rules.holdLinksFromNewAccounts && containsLink(facts.text))
      reasons.push({ rule: "new_account_link" });
  }
  return reasons.length ? { action: "hold", reasons } : { action: "publish" };
}

/** The refusal an author reads: which rule, and which word to change. */
export function refusalMessage(verdict: Extract<Verdict, { action: "refuse" }>): string {
  return `This can't be posted: it contains “${verdict.word}”, which is on this site's list of banned words. Remove or reword it and try again.`;
}

/** Why an item waits for review, in words for its author ("… held because it contains a link"). */
export function holdMessage(reasons: readonly HoldReason[]): string {
  const why = reasons.map((reason) => {
    switch (reason.rule) {
      case "suspect_word":
        return "it contains a word moderators check first";
      case "premoderation":
        return "the first posts of a new account are reviewed";
      case "new_account_link":
        return "it contains a link";
    }
  });
  if (why.length === 0) return "Waiting for review: only you and moderators can see it.";
  const listed = why.length > 1 ? `${why.slice(0, -1).join(", ")} and ${why.at(-1)}` : why[0];
  return `Waiting for review: held because ${listed}. Only you and moderators can see it until a moderator approves it.`;
}

/** The rule that held an item, as moderators read it in the Pending queue. */
export function holdReasonLabel(reason: HoldReason): string {
  switch (reason.rule) {
    case "suspect_word":
      return `Suspect word: ${reason.word}`;
    case "premoderation":
      return "New account";
    case "new_account_link":
      return "Link";
  }
}

/** The stored hold reasons (a JSON column) as HoldReason[]; anything not recognised is dropped. */
export function parseHoldReasons(value: unknown): HoldReason[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown): HoldReason[] => {
    if (typeof entry !== "object" || entry === null || !("rule" in entry)) return [];
    if (entry.rule === "premoderation" || entry.rule === "new_account_link") return [{ rule: entry.rule }];
    if (entry.rule === "suspect_word" && "word" in entry && typeof entry.word === "string")
      return [{ rule: "suspect_word", word: entry.word }];
    return [];
  });
}
