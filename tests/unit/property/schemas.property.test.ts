// Properties of every zod schema in lib/**/schemas.ts:
//  1. safeParse never throws, whatever it is given (wrong types, junk objects, NUL bytes, huge numbers),
//     and a refusal is a ZodError whose issues each carry a readable message;
//  2. inputs built from the schema's documented limits are accepted;
//  3. inputs just past a limit, of the wrong type, with NUL bytes or with junk keys are refused (or, for
//     non-strict objects, the junk never reaches the output).
// A schema exported without a row in CASES fails the coverage test, naming the schema.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
beforeEach((ctx) => {
  process.stderr.write(`START ${ctx.task.suite?.name} > ${ctx.task.name}\n`);
});
import { z } from "zod";
import * as accounts from "@/lib/accounts/schemas";
import { ANNOTATION_LABEL_IDS } from "@/lib/annotations/labels";
import * as annotations from "@/lib/annotations/schemas";
import * as apiTokens from "@/lib/api-tokens/schemas";
import {
  MAX_BODY_LENGTH,
  MAX_CATEGORIES,
  MAX_CATEGORY_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_TITLE_LENGTH,
} from "@/lib/articles/content-file";
import * as discussion from "@/lib/discussion/schemas";
import * as moderation from "@/lib/moderation/schemas";
import * as teams from "@/lib/teams/schemas";

// Runs per property and schema: ~35 schemas × 4 properties stay within a few seconds.
const NUM_RUNS = 60;
// Shrinking 100 kB strings takes minutes; a failure is reported with its first counterexample instead.
fc.configureGlobal({ endOnFailure: true });

// Every schemas.ts module, found on disk so a new domain's module is not forgotten.
const MODULES = import.meta.glob<Record<string, unknown>>("../../../lib/**/schemas.ts", { eager: true });

function exportedSchemas(): Map<string, z.ZodType> {
  const found = new Map<string, z.ZodType>();
  for (const [path, module] of Object.entries(MODULES)) {
    for (const [name, value] of Object.entries(module)) {
      const domain = path.replace(/^.*\/lib\//, "").replace(/\/schemas\.ts$/, "");
      if (value instanceof z.ZodType) found.set(`${domain}.${name}`, value);
      // Schema factories (e.g. suspendSchema(now)) are called with their defaults.
      else if (typeof value === "function" && name.endsWith("Schema") && value.length <= 1) {
        const made: unknown = (value as () => unknown)();
        if (made instanceof z.ZodType) found.set(`${domain}.${name}`, made);
      }
    }
  }
  return found;
}

// ── Arbitraries ──

const LETTERS = "abcdefghijklmnopqrstuvwxyzÉéßøñ漢字".split("");
const PROSE = [...LETTERS, " ", "-", "_", ".", ",", "’"];

/** Text of n UTF-16 units that starts and ends with a letter (so trimming does not change its length). */
function textOfLength(n: number, seed: string): string {
  if (n === 0) return "";
  const base = `a${seed}z`;
  const text = base.repeat(Math.ceil(n / base.length)).slice(0, n);
  return n === 1 ? "a" : `a${text.slice(1, -1)}z`;
}

/** Valid text between min and max units, with the boundaries themselves drawn often. */
function text(min: number, max: number, alphabet = PROSE): fc.Arbitrary<string> {
  const length = fc.oneof(fc.constant(min), fc.constant(max), fc.integer({ min, max }));
  return fc
    .tuple(length, fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }))
    .map(([n, seed]) => textOfLength(n, seed.replace(/\s+/g, " ")));
}

/** Letters only, one to `max` units past the limit. */
function tooLong(max: number): fc.Arbitrary<string> {
  return fc.integer({ min: max + 1, max: max + 500 }).map((n) => "x".repeat(n));
}

const withNul = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 10 }),
    fc.string({ unit: fc.constantFrom(...LETTERS), maxLength: 10 }),
  )
  .map(([a, b]) => `${a}\u0000${b}`);

const hugeNumber = fc.constantFrom(
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Infinity,
  -Infinity,
  Number.NaN,
  2 ** 53 + 2,
  1e21,
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const id = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split("")),
  minLength: 1,
  maxLength: 30,
});
const tag = text(1, annotations.MAX_TAG_LENGTH, LETTERS).map((value) => value.toLowerCase());

/** Hostile values of every kind, for "never throws". */
const hostile = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
  fc.dictionary(
    fc.string({ maxLength: 12 }),
    fc.oneof(withNul, hugeNumber, fc.string({ unit: "binary", maxLength: 60 }), wrongType),
  ),
  hugeNumber,
  withNul,
);

// ── Cases ──

interface SchemaCase {
  /** Inputs the schema must accept. */
  valid: fc.Arbitrary<unknown>;
  /** Per field: values that must make an otherwise valid input fail. */
  bad?: Record<string, fc.Arbitrary<unknown>>;
  /** Whole inputs that must fail. */
  invalid?: fc.Arbitrary<unknown>;
  /** Schemas that ignore what they do not know (query-string filters) instead of refusing it. */
  lenient?: boolean;
}

const selector = fc
  .tuple(
    text(1, 200),
    text(0, annotations.MAX_QUOTE_LENGTH > 64 ? 64 : 0),
    text(0, 64),
    fc.nat({ max: 100_000 }),
  )
  .map(([exact, prefix, suffix, start]) => ({ exact, prefix, suffix, start, end: start + exact.length }));

const selectorBad = {
  exact: fc.oneof(fc.constant(""), tooLong(annotations.MAX_QUOTE_LENGTH), withNul, wrongType),
  prefix: fc.oneof(tooLong(annotations.MAX_QUOTE_LENGTH), withNul),
  suffix: fc.oneof(tooLong(annotations.MAX_QUOTE_LENGTH), withNul),
  start: fc.oneof(fc.constant(-1), fc.constant(1.5), hugeNumber, fc.constant("3")),
  end: fc.oneof(fc.constant(0), fc.constant(-4), hugeNumber),
};

const commentBody = text(1, discussion.MAX_COMMENT_LENGTH);
const commentBodyBad = fc.oneof(
  fc.constant(""),
  fc.constant("   \n "),
  tooLong(discussion.MAX_COMMENT_LENGTH),
  withNul,
  wrongType,
);
const idempotencyKey = text(8, 100, LETTERS);
const reason = text(1, accounts.REASON_MAX_LENGTH);
const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const CASES: Record<string, SchemaCase> = {
  // annotations
  "annotations.tagsSchema": {
    valid: fc.array(tag, { maxLength: annotations.MAX_TAGS }),
    invalid: fc.oneof(
      fc.array(tag, { minLength: annotations.MAX_TAGS + 1, maxLength: annotations.MAX_TAGS + 5 }),
      fc.constantFrom(
        [""],
        ["-leading"],
        ["<script>"],
        ["a\u0000b"],
        [tooLongString(annotations.MAX_TAG_LENGTH)],
      ),
      // An array of words may happen to be valid tags: only non-arrays are wrong types here.
      wrongType.filter((value) => !Array.isArray(value)),
    ),
  },
  "annotations.annotationBodySchema": {
    valid: text(0, annotations.MAX_ANNOTATION_BODY_LENGTH),
    invalid: fc.oneof(
      tooLong(annotations.MAX_ANNOTATION_BODY_LENGTH),
      withNul,
      fc.integer(),
      fc.constant(null),
    ),
  },
  "annotations.selectorSchema": { valid: selector, bad: selectorBad },
  "annotations.visibilityInputSchema": {
    valid: fc.constantFrom("PRIVATE", "PUBLIC", "TEAM"),
    invalid: fc.oneof(fc.constantFrom("public", "ALL", "", "PRIVATE\u0000"), wrongType),
  },
  "annotations.createAnnotationSchema": {
    valid: fc.record({
      revisionId: id,
      selector,
      label: fc.constantFrom(...ANNOTATION_LABEL_IDS),
      body: text(0, annotations.MAX_ANNOTATION_BODY_LENGTH),
      tags: fc.array(tag, { maxLength: annotations.MAX_TAGS }),
      visibility: fc.constantFrom("PRIVATE", "PUBLIC"),
      idempotencyKey,
    }),
    bad: {
      revisionId: fc.oneof(fc.constant(""), tooLong(100), wrongType),
      selector: fc.oneof(fc.constant({ exact: "" }), fc.constant("quote"), fc.integer()),
      label: fc.constantFrom("nope", "", 3),
      body: fc.oneof(tooLong(annotations.MAX_ANNOTATION_BODY_LENGTH), withNul, fc.integer()),
      tags: fc.oneof(
        fc.constant("tag"),
        fc.array(tag, { minLength: annotations.MAX_TAGS + 1, maxLength: 20 }),
      ),
      visibility: fc.oneof(fc.constant("TEAM"), fc.constant("everyone")),
      idempotencyKey: fc.oneof(
        fc.constant("short"),
        tooLong(annotations.MAX_IDEMPOTENCY_KEY_LENGTH),
        withNul,
      ),
    },
  },
  "annotations.updateAnnotationSchema": {
    valid: fc.record(
      {
        label: fc.constantFrom(...ANNOTATION_LABEL_IDS),
        body: text(0, annotations.MAX_ANNOTATION_BODY_LENGTH),
        tags: fc.array(tag, { maxLength: annotations.MAX_TAGS }),
        visibility: fc.constantFrom("PRIVATE", "PUBLIC", "TEAM"),
        teamId: fc.option(id, { nil: null }),
      },
      { requiredKeys: ["label"] },
    ),
    bad: {
      label: fc.constantFrom("nope", ""),
      body: fc.oneof(tooLong(annotations.MAX_ANNOTATION_BODY_LENGTH), withNul),
      teamId: fc.oneof(fc.constant(""), tooLong(100)),
    },
    invalid: fc.constant({}),
  },
  "annotations.reattachAnnotationSchema": {
    valid: fc.record({ revisionId: id, selector }),
    bad: { revisionId: fc.oneof(fc.constant(""), tooLong(100)), selector: fc.constantFrom(null, {}, "x") },
  },
  // discussion
  "discussion.commentBodySchema": { valid: commentBody, invalid: commentBodyBad },
  "discussion.createReplySchema": {
    valid: fc.record({ body: commentBody, parentId: fc.option(id, { nil: null }), idempotencyKey }),
    bad: {
      body: commentBodyBad,
      parentId: fc.oneof(fc.constant(""), tooLong(100)),
      idempotencyKey: fc.constant("short"),
    },
  },
  "discussion.createCommentSchema": {
    valid: fc.record({ body: commentBody, parentId: fc.option(id, { nil: null }) }),
    bad: { body: commentBodyBad },
  },
  "discussion.editCommentSchema": { valid: fc.record({ body: commentBody }), bad: { body: commentBodyBad } },
  "discussion.reactionSchema": {
    valid: fc.record({ kind: fc.constantFrom(...discussion.REACTION_KINDS), commentId: id }),
    bad: { kind: fc.constantFrom("LIKE", "", 1), commentId: fc.oneof(fc.constant(""), tooLong(100)) },
    invalid: fc.constant({ kind: "AGREE", commentId: "a", annotationId: "b" }),
  },
  "discussion.commentListQuerySchema": {
    valid: fc.record({
      sort: fc.constantFrom(...discussion.COMMENT_SORTS),
      page: fc.integer({ min: 1, max: 10_000 }).map(String),
      pageSize: fc.integer({ min: 1, max: discussion.MAX_COMMENTS_PAGE_SIZE }),
    }),
    bad: {
      sort: fc.constant("random"),
      page: fc.oneof(fc.constant("0"), fc.constant("1.5"), hugeNumber),
      pageSize: fc.oneof(fc.constant(discussion.MAX_COMMENTS_PAGE_SIZE + 1), hugeNumber),
    },
  },
  "discussion.mentionQuerySchema": {
    valid: fc.record({
      q: text(0, discussion.MAX_MENTION_QUERY_LENGTH, LETTERS),
      slug: text(1, 200, LETTERS),
    }),
    bad: {
      q: fc.oneof(tooLong(discussion.MAX_MENTION_QUERY_LENGTH), withNul),
      slug: fc.oneof(fc.constant(""), tooLong(200)),
    },
  },
  // moderation
  "moderation.reportSchema": {
    valid: fc.record({
      annotationId: id,
      reason: fc.constantFrom(...moderation.REPORT_REASONS),
      note: text(1, moderation.MAX_REPORT_NOTE_LENGTH),
    }),
    bad: {
      annotationId: fc.oneof(fc.constant(""), tooLong(64)),
      reason: fc.constantFrom("BORING", ""),
      note: fc.oneof(tooLong(moderation.MAX_REPORT_NOTE_LENGTH), withNul),
    },
  },
  "moderation.reportedLookupSchema": {
    valid: fc.record({
      annotationIds: fc.array(id, { maxLength: 20 }).map((ids) => ids.join(",")),
      commentIds: fc.array(id, { maxLength: 20 }).map((ids) => ids.join(",")),
    }),
    bad: {
      annotationIds: fc.oneof(
        fc.constant(Array.from({ length: moderation.MAX_REPORTED_LOOKUP + 1 }, (_, i) => `a${i}`).join(",")),
        tooLong(64),
      ),
      commentIds: fc.constantFrom(`c1,c2\u0000`, "x".repeat(65)),
    },
  },
  "moderation.decisionSchema": {
    valid: fc.record({
      itemKind: fc.constantFrom(...moderation.ITEM_KINDS),
      itemId: id,
      decision: fc.constantFrom(...moderation.DECISIONS),
      expectedVersion: fc.nat({ max: 1_000_000 }),
      reason: text(0, moderation.MAX_DECISION_REASON_LENGTH),
    }),
    bad: {
      itemKind: fc.constant("user"),
      decision: fc.constant("delete-everything"),
      expectedVersion: fc.oneof(
        fc.constant(-1),
        fc.constant(0.5),
        fc.constant(Number.NaN),
        fc.constant(Infinity),
      ),
      reason: fc.oneof(tooLong(moderation.MAX_DECISION_REASON_LENGTH), withNul),
    },
  },
  "moderation.bulkDecisionSchema": {
    valid: fc.record({
      decision: fc.constantFrom(...moderation.BULK_DECISIONS),
      items: fc.array(
        fc
          .tuple(fc.constantFrom(...moderation.ITEM_KINDS), id, fc.nat({ max: 999_999_999 }))
          .map(([kind, itemId, version]) => `${kind}:${itemId}:${version}`),
        { minLength: 1, maxLength: moderation.MAX_BULK_ITEMS },
      ),
      reason: text(0, moderation.MAX_DECISION_REASON_LENGTH),
    }),
    bad: {
      decision: fc.constantFrom("restore", "dismiss", "nuke"),
      items: fc.oneof(
        fc.constant([]),
        fc.constant(Array.from({ length: moderation.MAX_BULK_ITEMS + 1 }, (_, i) => `comment:c${i}:1`)),
        fc.constantFrom(["user:u1:1"], ["comment:c1:-1"], ["comment:c 1:1"], ["comment:c1:9999999999"]),
      ),
      reason: tooLong(moderation.MAX_DECISION_REASON_LENGTH),
    },
  },
  "moderation.sanctionSchema": {
    valid: fc.record({
      userId: id,
      kind: fc.constantFrom(...moderation.SANCTION_KINDS),
      reason: text(1, moderation.MAX_SANCTION_REASON_LENGTH),
      until: fc.constant(future),
    }),
    bad: {
      userId: fc.oneof(fc.constant(""), tooLong(64)),
      kind: fc.constantFrom("DELETE", ""),
      reason: fc.oneof(fc.constant("  "), tooLong(moderation.MAX_SANCTION_REASON_LENGTH), withNul),
    },
    invalid: fc
      .constantFrom("2000-01-01", "soon", "2999-01-01")
      .map((until) => ({ userId: "u1", kind: "SUSPEND", reason: "r", until })),
  },
  "moderation.appealSchema": {
    valid: fc.record({ sanctionId: id, message: text(1, moderation.MAX_APPEAL_MESSAGE_LENGTH) }),
    bad: {
      sanctionId: fc.oneof(fc.constant(""), tooLong(64)),
      message: fc.oneof(fc.constant(" "), tooLong(moderation.MAX_APPEAL_MESSAGE_LENGTH), withNul),
    },
    invalid: fc.constant({ sanctionId: "a", auditEntryId: "b", message: "both" }),
  },
  "moderation.appealDecisionSchema": {
    valid: fc.record({
      appealId: id,
      decision: fc.constantFrom(...moderation.APPEAL_DECISIONS),
      reason: text(0, moderation.MAX_DECISION_REASON_LENGTH),
    }),
    bad: {
      appealId: fc.constant(""),
      decision: fc.constant("ignore"),
      reason: tooLong(moderation.MAX_DECISION_REASON_LENGTH),
    },
  },
  "moderation.acknowledgeSchema": {
    valid: fc.record({ sanctionId: id }),
    bad: { sanctionId: fc.oneof(fc.constant(""), tooLong(64), fc.integer()) },
  },
  // teams
  "teams.teamNameSchema": {
    valid: text(1, teams.TEAM_NAME_MAX_LENGTH),
    invalid: fc.oneof(
      fc.constant("   "),
      tooLong(teams.TEAM_NAME_MAX_LENGTH),
      withNul,
      fc.constant("a\u202eb"),
      wrongType,
    ),
  },
  "teams.teamSlugSchema": {
    valid: fc
      .array(
        fc.string({
          unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split("")),
          minLength: 1,
          maxLength: 8,
        }),
        { minLength: 1, maxLength: 4 },
      )
      .map((parts) =>
        parts
          .join("-")
          .padEnd(teams.TEAM_SLUG_MIN_LENGTH, "x")
          .slice(0, teams.TEAM_SLUG_MAX_LENGTH)
          .replace(/-+$/, ""),
      ),
    invalid: fc.oneof(
      fc.constantFrom("ab", "a--b", "-ab", "ab-", "a b c", "ab\u0000c"),
      tooLong(teams.TEAM_SLUG_MAX_LENGTH),
    ),
  },
  "teams.teamDescriptionSchema": {
    valid: text(0, teams.TEAM_DESCRIPTION_MAX_LENGTH),
    invalid: fc.oneof(tooLong(teams.TEAM_DESCRIPTION_MAX_LENGTH), withNul, fc.integer()),
  },
  "teams.createTeamSchema": {
    valid: fc.record({
      name: text(1, teams.TEAM_NAME_MAX_LENGTH),
      slug: fc.constant("policy-desk"),
      description: text(0, teams.TEAM_DESCRIPTION_MAX_LENGTH),
    }),
    bad: {
      name: fc.oneof(tooLong(teams.TEAM_NAME_MAX_LENGTH), withNul),
      slug: fc.constant("Not A Slug"),
      description: withNul,
    },
  },
  "teams.createInvitationLinkSchema": {
    valid: fc.record({
      role: fc.constantFrom(...teams.ASSIGNABLE_ROLES),
      maxUses: fc.integer({ min: 1, max: teams.INVITATION_MAX_USES_LIMIT }),
      expiresInDays: fc.constantFrom(...teams.INVITATION_LIFETIME_DAYS),
    }),
    bad: {
      role: fc.constant("OWNER"),
      maxUses: fc.oneof(fc.constant(0), fc.constant(teams.INVITATION_MAX_USES_LIMIT + 1), hugeNumber),
      expiresInDays: fc.oneof(fc.constant(2), hugeNumber),
    },
  },
  "teams.inviteUserSchema": {
    valid: fc.record({
      invitee: text(1, teams.INVITEE_MAX_LENGTH, LETTERS),
      role: fc.constantFrom(...teams.ASSIGNABLE_ROLES),
    }),
    bad: {
      invitee: fc.oneof(fc.constant(" "), tooLong(teams.INVITEE_MAX_LENGTH), withNul),
      role: fc.constant("OWNER"),
    },
  },
  "teams.changeRoleSchema": {
    valid: fc.record({ userId: id, role: fc.constantFrom(...teams.ASSIGNABLE_ROLES) }),
    bad: { userId: fc.oneof(fc.constant(""), tooLong(100)), role: fc.constant("OWNER") },
  },
  // accounts
  "accounts.displayNameSchema": {
    valid: text(1, accounts.DISPLAY_NAME_MAX_LENGTH),
    invalid: fc.oneof(
      fc.constant(" "),
      tooLong(accounts.DISPLAY_NAME_MAX_LENGTH),
      withNul,
      fc.constant("a\u200bb"),
      wrongType,
    ),
  },
  "accounts.emailSchema": {
    valid: fc
      .tuple(text(1, 20, LETTERS.slice(0, 26)), text(1, 20, LETTERS.slice(0, 26)))
      .map(([user, host]) => `${user}@${host}.test`),
    invalid: fc.oneof(
      fc.constantFrom("", "no-at-sign", "a@b", "a\u0000@b.test"),
      tooLong(accounts.EMAIL_MAX_LENGTH).map((s) => `${s}@example.test`),
    ),
  },
  "accounts.newPasswordSchema": {
    valid: text(accounts.PASSWORD_MIN_LENGTH, accounts.PASSWORD_MAX_LENGTH),
    invalid: fc.oneof(
      text(0, accounts.PASSWORD_MIN_LENGTH - 1),
      tooLong(accounts.PASSWORD_MAX_LENGTH),
      wrongType,
    ),
  },
  "accounts.signUpSchema": {
    valid: fc.record({
      name: text(1, accounts.DISPLAY_NAME_MAX_LENGTH),
      email: fc.constant("new@example.test"),
      password: text(accounts.PASSWORD_MIN_LENGTH, accounts.PASSWORD_MAX_LENGTH),
    }),
    bad: {
      name: fc.oneof(withNul, tooLong(accounts.DISPLAY_NAME_MAX_LENGTH)),
      email: fc.constant("nope"),
      password: fc.constant("short"),
    },
  },
  "accounts.signInSchema": {
    valid: fc.record({
      email: fc.constant("reader@example.test"),
      password: text(1, accounts.PASSWORD_MAX_LENGTH),
    }),
    bad: {
      email: fc.constant(""),
      password: fc.oneof(fc.constant(""), tooLong(accounts.PASSWORD_MAX_LENGTH)),
    },
  },
  "accounts.updateProfileSchema": {
    valid: fc.record({ name: text(1, accounts.DISPLAY_NAME_MAX_LENGTH) }),
    bad: { name: fc.oneof(withNul, tooLong(accounts.DISPLAY_NAME_MAX_LENGTH), fc.constant("")) },
  },
  "accounts.changePasswordSchema": {
    valid: text(accounts.PASSWORD_MIN_LENGTH, accounts.PASSWORD_MAX_LENGTH).map((password) => ({
      currentPassword: "old password!",
      newPassword: password,
      confirmPassword: password,
    })),
    bad: {
      currentPassword: fc.constant(""),
      newPassword: fc.constant("short"),
      confirmPassword: fc.constant("something else entirely"),
    },
  },
  "accounts.roleSchema": {
    valid: fc.constantFrom("READER", "MODERATOR", "ADMIN"),
    invalid: fc.constantFrom("ROOT", "admin", "", null),
  },
  "accounts.changeRoleSchema": {
    valid: fc.record({ userId: id, role: fc.constantFrom("READER", "MODERATOR", "ADMIN"), reason }),
    bad: {
      userId: fc.oneof(fc.constant(""), tooLong(100)),
      role: fc.constant("ROOT"),
      reason: fc.oneof(fc.constant(" "), tooLong(accounts.REASON_MAX_LENGTH), withNul),
    },
  },
  "accounts.suspendSchema": {
    valid: fc.record({ userId: id, reason, until: fc.constant(future) }),
    bad: {
      until: fc.constantFrom("2000-01-01", "tomorrow", "9999-99-99", "2999-01-01"),
      reason: fc.oneof(tooLong(accounts.REASON_MAX_LENGTH), withNul),
    },
  },
  "accounts.banSchema": {
    valid: fc.record({ userId: id, reason }),
    bad: { reason: fc.oneof(fc.constant(""), withNul) },
  },
  "accounts.restoreSchema": {
    valid: fc.record({ userId: id, reason }),
    bad: { userId: fc.constant(""), reason: withNul },
  },
  "accounts.userSearchSchema": {
    // Search filters fall back to defaults instead of refusing: check the output stays within limits.
    valid: fc.record({
      q: text(0, accounts.USER_SEARCH_MAX_LENGTH),
      page: fc.integer({ min: 1, max: 10_000 }).map(String),
    }),
    lenient: true,
  },
  // api tokens
  "api-tokens.createTokenSchema": {
    valid: fc.record({
      name: text(1, apiTokens.TOKEN_NAME_MAX_LENGTH),
      scope: fc.constantFrom(...apiTokens.TOKEN_SCOPES),
      expiresInDays: fc.constantFrom(...apiTokens.TOKEN_LIFETIME_DAYS).map(String),
    }),
    bad: {
      name: fc.oneof(fc.constant("  "), tooLong(apiTokens.TOKEN_NAME_MAX_LENGTH), withNul),
      scope: fc.constantFrom("ADMIN", "read"),
      expiresInDays: fc.oneof(fc.constant("0"), fc.constant("forever"), hugeNumber),
    },
  },
  // articles
  "articles.articleEditSchema": {
    valid: fc.record({
      title: text(1, MAX_TITLE_LENGTH),
      summary: text(1, MAX_SUMMARY_LENGTH),
      categories: fc
        .array(text(1, MAX_CATEGORY_LENGTH, LETTERS), { maxLength: MAX_CATEGORIES })
        .map((list) => list.join(", ")),
      body: text(1, 2_000),
      baseRevisionId: id,
    }),
    bad: {
      title: fc.oneof(fc.constant(" "), tooLong(MAX_TITLE_LENGTH), withNul),
      summary: fc.oneof(tooLong(MAX_SUMMARY_LENGTH), withNul),
      categories: fc.constant(Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => `c${i}`).join(",")),
      body: fc.oneof(fc.constant("\n \n"), tooLong(MAX_BODY_LENGTH), withNul),
      baseRevisionId: fc.constant(""),
    },
  },
};

function tooLongString(max: number): string {
  return "x".repeat(max + 1);
}

function expectReadableRefusal(result: z.ZodSafeParseResult<unknown>) {
  expect(result.success).toBe(false);
  if (result.success) return;
  expect(result.error).toBeInstanceOf(z.ZodError);
  expect(result.error.issues.length).toBeGreaterThan(0);
  for (const issue of result.error.issues) expect(issue.message.trim()).not.toBe("");
}

const schemas = exportedSchemas();

describe("zod schemas (property)", () => {
  it("has a row in CASES for every exported schema, and no row for a schema that is gone", () => {
    const missing = [...schemas.keys()].filter((name) => !(name in CASES));
    const stale = Object.keys(CASES).filter((name) => !schemas.has(name));
    expect(
      missing,
      `schemas without a row in tests/unit/property/schemas.property.test.ts CASES: ${missing.join(", ")}`,
    ).toEqual([]);
    expect(stale, `rows for schemas that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  for (const [name, schema] of schemas) {
    describe(name, () => {
      it("never throws on hostile input; a refusal is a ZodError with messages", () => {
        fc.assert(
          fc.property(hostile, (input) => {
            const result = schema.safeParse(input);
            if (!result.success) expectReadableRefusal(result);
            let thrown: unknown;
            try {
              schema.parse(input);
            } catch (error) {
              thrown = error;
            }
            if (!result.success) expect(thrown).toBeInstanceOf(z.ZodError);
          }),
          { numRuns: NUM_RUNS },
        );
      });

      const row = CASES[name];
      if (!row) return;

      it("accepts inputs within its documented limits", () => {
        fc.assert(
          fc.property(row.valid, (input) => {
            const result = schema.safeParse(input);
            expect(result.error?.issues ?? []).toEqual([]);
          }),
          { numRuns: NUM_RUNS },
        );
      });

      if (row.bad) {
        const bad = row.bad;
        it("refuses an input with one field past its limits, of the wrong type, or with a NUL byte", () => {
          const spoiled = fc
            .tuple(row.valid, fc.constantFrom(...Object.keys(bad)))
            .chain(([valid, field]) =>
              bad[field]!.map((value) => ({ ...(valid as object), [field]: value })),
            );
          fc.assert(
            fc.property(spoiled, (input) => expectReadableRefusal(schema.safeParse(input))),
            { numRuns: NUM_RUNS },
          );
        });
      }

      if (row.invalid) {
        const invalid = row.invalid;
        it("refuses invalid inputs", () => {
          fc.assert(
            fc.property(invalid, (input) => expectReadableRefusal(schema.safeParse(input))),
            { numRuns: NUM_RUNS },
          );
        });
      }

      const [sample] = fc.sample(row.valid, { numRuns: 1, seed: 1 });
      const isObject = typeof sample === "object" && sample !== null && !Array.isArray(sample);
      if (isObject)
        it("never lets junk keys through", () => {
          const withJunk = row.valid.map((valid) => ({
            ...(valid as object),
            __junk: "<script>alert(1)</script>",
            isAdmin: true,
          }));
          fc.assert(
            fc.property(withJunk, (input) => {
              const result = schema.safeParse(input);
              // Strict objects refuse; plain objects strip: either way nothing unknown reaches the domain.
              if (result.success) {
                expect(result.data).not.toHaveProperty("__junk");
                expect(result.data).not.toHaveProperty("isAdmin");
              } else if (!row.lenient) expectReadableRefusal(result);
            }),
            { numRuns: Math.ceil(NUM_RUNS / 3) },
          );
        });
    });
  }
});
