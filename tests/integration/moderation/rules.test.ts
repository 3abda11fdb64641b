// The automatic moderation rules against the real database, on every create path (annotations through the
// app's command and the W3C API, replies, article comments) and on edits: banned words refused with nothing
// stored, suspect words and new accounts held in Pending (seen by their author and the queue only), the
// flood limit (429 with Retry-After), auto-hide after K reports with its audit row, the warning gate, and
// the settings' validation and audit.
//
// The settings are one row shared by the whole database: this file sets its own and deletes the row at
// the end, so other files run with the defaults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation, updateAnnotation } from "@/lib/annotations/commands";
import { exportMyAnnotationsAsJsonLd, importAnnotations } from "@/lib/annotations/export-import";
import { listAnnotations } from "@/lib/annotations/queries";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment, createReply, editComment } from "@/lib/discussion/commands";
import { annotationThread, articleComments } from "@/lib/discussion/queries";
import { mayReceive } from "@/lib/live/audience";
import { AUTO_HIDE_AUDIT_ACTION, createReport, decide } from "@/lib/moderation/commands";
import { FLOOD_RULE_NAME, UNACKNOWLEDGED_WARNING_MESSAGE } from "@/lib/moderation/gate";
import { moderatorReach, queueItems } from "@/lib/moderation/queries";
import { noticeText } from "@/lib/moderation/notice-text";
import { holdReasonLabel, MODERATION_DEFAULTS } from "@/lib/moderation/rules";
import {
  MAX_LISTED_WORD_LENGTH,
  MAX_LISTED_WORDS,
  MODERATION_SETTINGS_ID,
  readModerationSettings,
  SETTINGS_AUDIT_ACTION,
  updateModerationSettings,
} from "@/lib/moderation/settings";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";
import {
  containerUrl,
  protocolClient,
  tokenFor,
  webAnnotation,
} from "../annotation-protocol/protocol-client";

const db = testDb();
const api = protocolClient(db);

const BANNED = "zorbleflux";
const BANNED_PHRASE = "très mauvais";
const SUSPECT = "quibblequark";
const RULES = {
  premoderateFirstItems: 1,
  newAccountDays: 7,
  bannedWords: [BANNED, BANNED_PHRASE],
  suspectWords: [SUSPECT],
  holdLinksFromNewAccounts: true,
  floodLimitPerMinute: 5,
  reportHideThreshold: 3,
};

type Article = Awaited<ReturnType<typeof createArticle>>;

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

function annotate(
  author: SessionUser,
  article: Article,
  body: string,
  visibility: "PUBLIC" | "PRIVATE" | "TEAM" = "PUBLIC",
  teamId: string | null = null,
) {
  return createAnnotation(db, author, article.slug, {
    revisionId: article.revision.id,
    selector: selectorFor(article.revision.plainText, "tight coordination"),
    body,
    visibility,
    teamId,
  }).then((result) => result.annotation);
}

const newAccount = () => createUser(db, { createdAt: new Date() });
const seenBy = async (article: Article, user: SessionUser | null) =>
  (await listAnnotations(db, article.slug, user)).annotations.map((item) => item.id);

/** Starts a test well inside a minute, so a run of posts is counted in one fixed flood window. */
async function startOfFreshWindow() {
  const into = Date.now() % 60_000;
  if (into > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 100));
}

let admin: SessionUser, moderator: SessionUser;

beforeAll(async () => {
  [admin, moderator] = await Promise.all([
    createUser(db, { role: "ADMIN" }),
    createUser(db, { role: "MODERATOR" }),
  ]);
  await updateModerationSettings(db, admin, RULES);
});

afterAll(async () => {
  await db.moderationSettings.deleteMany({ where: { id: MODERATION_SETTINGS_ID } });
});

describe("banned words", () => {
  let author: SessionUser, other: SessionUser, article: Article;
  beforeAll(async () => {
    [author, other] = await Promise.all([createUser(db), createUser(db)]);
    article = await createArticle(db);
  });

  it("refuses an annotation with a banned word (any case, accents) with 422 naming the word; nothing is stored", async () => {
    for (const body of [`This is ${BANNED}.`, `ZORBLÉFLUX!`, "C'est TRES MAUVAIS, vraiment"]) {
      const error = await refusal(annotate(author, article, body));
      expect(error.status).toBe(422);
      expect(error.message).toMatch(/banned words/);
      expect(error.message).toMatch(new RegExp(`${BANNED}|${BANNED_PHRASE}`));
    }
    // In a tag too.
    const tagged = await refusal(
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "tight coordination"),
        body: "Fine words",
        tags: [BANNED],
        visibility: "PUBLIC",
      }),
    );
    expect(tagged.status).toBe(422);
    expect(await db.annotation.count({ where: { authorId: author.id } })).toBe(0);
    expect(await db.liveEvent.count({ where: { authorId: author.id } })).toBe(0);
  });

  it("does not refuse a word that merely contains a banned one", async () => {
    const annotation = await annotate(author, article, `pre${BANNED}ed is not the word`);
    expect(annotation.status).toBe("PUBLISHED");
  });

  it("leaves private notes alone: nobody else reads them", async () => {
    const annotation = await annotate(author, article, `My private ${BANNED}`, "PRIVATE");
    expect(annotation.status).toBe("PUBLISHED");
  });

  it("refuses replies and article comments with a banned word; nothing is stored", async () => {
    const annotation = await annotate(other, article, "A public note to answer");
    const reply = await refusal(createReply(db, author, annotation.id, { body: `Answer: ${BANNED}` }));
    expect(reply.status).toBe(422);
    const comment = await refusal(
      createArticleComment(db, author, article.slug, { body: `Comment: ${BANNED}` }),
    );
    expect(comment.status).toBe(422);
    expect(comment.fields?.body?.[0]).toMatch(BANNED);
    expect(await db.comment.count({ where: { authorId: author.id } })).toBe(0);
  });

  it("refuses through the W3C annotation API with 422; nothing is stored", async () => {
    const writer = await createUser(db);
    const token = await tokenFor(db, writer);
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "tight coordination", {
        body: { type: "TextualBody", value: `Via the API: ${BANNED}`, format: "text/markdown" },
        "marginalia:visibility": "PUBLIC",
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(BANNED);
    expect(await db.annotation.count({ where: { authorId: writer.id } })).toBe(0);
  });

  it("refuses an edit that adds a banned word and keeps the old text; one that adds a suspect word is held", async () => {
    const annotation = await annotate(author, article, "An innocent note");
    const error = await refusal(updateAnnotation(db, author, annotation.id, { body: `Now with ${BANNED}` }));
    expect(error.status).toBe(422);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).body).toBe(
      "An innocent note",
    );

    const edited = await updateAnnotation(db, author, annotation.id, { body: `Now with ${SUSPECT}` });
    expect(edited.status).toBe("PENDING");
    expect(await seenBy(article, other)).not.toContain(annotation.id);

    const comment = (await createArticleComment(db, author, article.slug, { body: "A fine comment" }))
      .comment;
    expect((await refusal(editComment(db, author, comment.id, { body: `Edited: ${BANNED}` }))).status).toBe(
      422,
    );
    await editComment(db, author, comment.id, { body: `Edited: ${SUSPECT}` });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status).toBe("PENDING");
  });

  it("refuses making a private note public when it has a banned word", async () => {
    const annotation = await annotate(author, article, `Kept to myself: ${BANNED}`, "PRIVATE");
    expect(
      (await refusal(updateAnnotation(db, author, annotation.id, { visibility: "PUBLIC" }))).status,
    ).toBe(422);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).visibility).toBe(
      "PRIVATE",
    );
  });
});

describe("suspect words", () => {
  let author: SessionUser, other: SessionUser, article: Article;
  beforeAll(async () => {
    [author, other] = await Promise.all([createUser(db), createUser(db)]);
    article = await createArticle(db);
  });

  it("holds the annotation in Pending: its author sees it, other readers and visitors do not, the queue has it", async () => {
    const annotation = await annotate(author, article, `Something about ${SUSPECT.toUpperCase()}`);
    expect(annotation.status).toBe("PENDING");
    expect(await seenBy(article, author)).toContain(annotation.id);
    expect(await seenBy(article, other)).not.toContain(annotation.id);
    expect(await seenBy(article, null)).not.toContain(annotation.id);
    const pending = await queueItems(db, (await moderatorReach(db, moderator))!, "pending", {
      article: article.slug,
    });
    expect(pending.map((item) => item.id)).toContain(annotation.id);

    // Its live event reaches the author only.
    const event = await db.liveEvent.findFirstOrThrow({
      where: { articleId: article.id, type: "annotation.created", authorId: author.id },
    });
    expect(event.itemStatus).toBe("PENDING");
    expect(mayReceive(event, { id: author.id, teamIds: new Set() })).toBe(true);
    expect(mayReceive(event, { id: other.id, teamIds: new Set() })).toBe(false);
    expect(mayReceive(event, null)).toBe(false);
  });

  it("holds a team annotation too (its team admins moderate it)", async () => {
    const { id: teamId } = await createTeam(db, [author, other]);
    const annotation = await annotate(author, article, `Team ${SUSPECT}`, "TEAM", teamId);
    expect(annotation.status).toBe("PENDING");
    expect(await seenBy(article, other)).not.toContain(annotation.id);
  });

  it("holds replies and comments; a held reply is its author's alone and notifies nobody", async () => {
    const annotation = await annotate(other, article, "Open for replies");
    const { comment: reply } = await createReply(db, author, annotation.id, { body: `${SUSPECT} indeed` });
    const stored = await db.comment.findUniqueOrThrow({ where: { id: reply.id } });
    expect(stored.status).toBe("PENDING");
    const othersThread = await annotationThread(db, other, annotation.id);
    expect(othersThread.replies.find((item) => item.id === reply.id)?.state ?? "withheld").toBe("withheld");
    const authorsThread = await annotationThread(db, author, annotation.id);
    expect(authorsThread.replies.find((item) => item.id === reply.id)?.state).toBe("visible");
    expect(await db.notification.count({ where: { userId: other.id, commentId: reply.id } })).toBe(0);
    const event = await db.liveEvent.findFirstOrThrow({
      where: { type: "reply.created", articleId: article.id },
    });
    expect(mayReceive(event, { id: other.id, teamIds: new Set() })).toBe(false);
    expect(mayReceive(event, { id: author.id, teamIds: new Set() })).toBe(true);

    const { comment } = await createArticleComment(db, author, article.slug, { body: `About ${SUSPECT}` });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status).toBe("PENDING");
    const page = await articleComments(db, other, article.slug, {});
    expect(page.comments.find((item) => item.id === comment.id)?.state ?? "withheld").toBe("withheld");
    const pending = await queueItems(db, (await moderatorReach(db, moderator))!, "pending", {
      kind: "comment",
      article: article.slug,
    });
    expect(pending.map((item) => item.id)).toEqual(expect.arrayContaining([reply.id, comment.id]));
  });
});

describe("new accounts", () => {
  let established: SessionUser, article: Article;
  beforeAll(async () => {
    established = await createUser(db);
    article = await createArticle(db);
  });

  it("holds the first public item until a moderator approves it; the next one publishes", async () => {
    const newcomer = await newAccount();
    const first = await annotate(newcomer, article, "My very first note");
    expect(first.status).toBe("PENDING");
    expect(await seenBy(article, established)).not.toContain(first.id);
    // Still new and nothing approved: a second one waits too.
    const second = await annotate(newcomer, article, "My second note");
    expect(second.status).toBe("PENDING");

    const decided = await decide(db, moderator, {
      itemKind: "annotation",
      itemId: first.id,
      decision: "approve",
      expectedVersion: 0,
    });
    expect(decided.status).toBe("PUBLISHED");
    expect(await seenBy(article, established)).toContain(first.id);

    const third = await annotate(newcomer, article, "My third note");
    expect(third.status).toBe("PUBLISHED");
    expect(await seenBy(article, established)).toContain(third.id);
    // An approved annotation frees replies and comments too: the count is over all public items.
    const { comment } = await createArticleComment(db, newcomer, article.slug, { body: "And a comment" });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status).toBe("PUBLISHED");
  });

  it("holds a new account's first article comment too", async () => {
    const newcomer = await newAccount();
    const { comment } = await createArticleComment(db, newcomer, article.slug, { body: "Hello everyone" });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status).toBe("PENDING");
  });

  it("does not pre-moderate private or team items, nor established accounts, moderators or admins", async () => {
    const newcomer = await newAccount();
    expect((await annotate(newcomer, article, "Just for me", "PRIVATE")).status).toBe("PUBLISHED");
    const { id: teamId } = await createTeam(db, [newcomer, established]);
    expect((await annotate(newcomer, article, "For the team", "TEAM", teamId)).status).toBe("PUBLISHED");
    // A team item does not count as approved public history.
    expect((await annotate(newcomer, article, "Now in public")).status).toBe("PENDING");
    expect((await annotate(established, article, "Old hand")).status).toBe("PUBLISHED");
    const newModerator = await createUser(db, { role: "MODERATOR", createdAt: new Date() });
    expect((await annotate(newModerator, article, "Staff note")).status).toBe("PUBLISHED");
  });

  it("holds links from a new account even after its first item was approved; plain text publishes", async () => {
    const newcomer = await newAccount();
    const first = await annotate(newcomer, article, "First");
    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: first.id,
      decision: "approve",
      expectedVersion: 0,
    });
    const linked = await annotate(newcomer, article, "See [this](https://spam.example.com/deal)");
    expect(linked.status).toBe("PENDING");
    const bare = await annotate(newcomer, article, "or www.spam-example.org");
    expect(bare.status).toBe("PENDING");
    expect((await annotate(newcomer, article, "Plain words, version 1.2 of Node.js")).status).toBe(
      "PUBLISHED",
    );
    // An established account posts links freely.
    expect((await annotate(established, article, "https://example.com/source")).status).toBe("PUBLISHED");
  });

  it("re-checks an edit that makes a new account's private note public", async () => {
    const newcomer = await newAccount();
    const note = await annotate(newcomer, article, "Private first", "PRIVATE");
    const edited = await updateAnnotation(db, newcomer, note.id, { visibility: "PUBLIC" });
    expect(edited.status).toBe("PENDING");
    expect(await seenBy(article, established)).not.toContain(note.id);
  });
});

describe("flood limit", () => {
  it(`refuses the post after ${RULES.floodLimitPerMinute} in a minute with 429 and Retry-After, across kinds`, async () => {
    await startOfFreshWindow();
    const [poster, other] = await Promise.all([createUser(db), createUser(db)]);
    const article = await createArticle(db);
    const target = await annotate(other, article, "Target");
    // As the app's routes call the commands.
    const http = { enforceFloodLimit: true };
    const post = (body: string, visibility: "PUBLIC" | "PRIVATE" = "PUBLIC") =>
      createAnnotation(
        db,
        poster,
        article.slug,
        {
          revisionId: article.revision.id,
          selector: selectorFor(article.revision.plainText, "tight coordination"),
          body,
          visibility,
        },
        http,
      );
    await post("one");
    await post("two");
    await createReply(db, poster, target.id, { body: "three" }, http);
    await createArticleComment(db, poster, article.slug, { body: "four" }, http);
    // Private notes are not posts others read: not counted.
    await post("private", "PRIVATE");
    // A refused post stores nothing and is not counted either.
    expect((await refusal(post(`banned ${BANNED}`))).status).toBe(422);
    await createArticleComment(db, poster, article.slug, { body: "five" }, http);
    const error = await refusal(createArticleComment(db, poster, article.slug, { body: "six" }, http));
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/too fast/);
    const retryAfter = Number(error.headers?.["Retry-After"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await db.comment.count({ where: { authorId: poster.id, body: "six" } })).toBe(0);
    expect((await refusal(post("seven"))).status).toBe(429);
    // Edits are not new posts.
    const mine = await db.annotation.findFirstOrThrow({ where: { authorId: poster.id, body: "one" } });
    await updateAnnotation(db, poster, mine.id, { body: "one, edited" });
  });

  it("counts each public item of an import against the flood limit: the rest are reported, not published", async () => {
    await startOfFreshWindow();
    const [poster, source] = await Promise.all([createUser(db), createUser(db)]);
    const article = await createArticle(db);
    const quotes = ["tight coordination", "processing capacity", "refining", "supply chains", "allies"];
    for (const [index, quote] of [...quotes, ...quotes].entries())
      await createAnnotation(db, source, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, quote),
        body: `imported note ${index}`,
        visibility: index === 0 ? "PRIVATE" : "PUBLIC",
      });
    const { content } = await exportMyAnnotationsAsJsonLd(db, source, article.slug, "http://localhost:3000");
    // As the import route calls it.
    const report = await importAnnotations(db, poster, article.slug, content, "http://localhost:3000", {
      enforceFloodLimit: true,
    });
    // One private item (not counted) plus the flood limit's worth of public ones; the other four refused.
    const stored = await db.annotation.findMany({
      where: { authorId: poster.id },
      select: { visibility: true },
    });
    expect(stored.filter((row) => row.visibility === "PUBLIC")).toHaveLength(RULES.floodLimitPerMinute);
    expect(stored).toHaveLength(RULES.floodLimitPerMinute + 1);
    expect(report.failed).toBe(10 - 1 - RULES.floodLimitPerMinute);
    expect(report.errors[0]?.message).toMatch(/too fast/);
    // The next single post is over the limit too: the import used it up.
    const error = await refusal(
      createAnnotation(
        db,
        poster,
        article.slug,
        {
          revisionId: article.revision.id,
          selector: selectorFor(article.revision.plainText, "tight coordination"),
          body: "after the import",
          visibility: "PUBLIC",
        },
        { enforceFloodLimit: true },
      ),
    );
    expect(error.status).toBe(429);
  });

  it("answers 429 with a Retry-After header through the W3C API", async () => {
    await startOfFreshWindow();
    const writer = await createUser(db);
    const article = await createArticle(db);
    const token = await tokenFor(db, writer);
    const post = (text: string) =>
      api.call("POST", containerUrl(article.slug), {
        token,
        body: webAnnotation(article.slug, article.revision.plainText, "tight coordination", {
          body: { type: "TextualBody", value: text, format: "text/markdown" },
          "marginalia:visibility": "PUBLIC",
        }),
      });
    for (let index = 0; index < RULES.floodLimitPerMinute; index += 1)
      expect((await post(`note ${index}`)).status).toBe(201);
    const refused = await post("one too many");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.annotation.count({ where: { authorId: writer.id } })).toBe(RULES.floodLimitPerMinute);
    expect(await db.rateLimitCounter.count({ where: { key: `${FLOOD_RULE_NAME}:${writer.id}` } })).toBe(1);
  });
});

describe("auto-hide after reports", () => {
  it(`hides an item reported by ${RULES.reportHideThreshold} different readers, with a system audit row; it stays in Reported`, async () => {
    const article = await createArticle(db);
    const [author, a, b, c, bystander] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    const annotation = await annotate(author, article, "A contested note");
    await createReport(db, a, { annotationId: annotation.id, reason: "SPAM" });
    await createReport(db, b, { annotationId: annotation.id, reason: "HATE" });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).status).toBe(
      "PUBLISHED",
    );
    expect(await db.auditLogEntry.count({ where: { itemId: annotation.id } })).toBe(0);

    await createReport(db, c, { annotationId: annotation.id, reason: "SPAM" });
    const hidden = await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } });
    expect(hidden.status).toBe("HIDDEN");
    expect(hidden.version).toBe(1);
    const audit = await db.auditLogEntry.findMany({ where: { itemId: annotation.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: AUTO_HIDE_AUDIT_ACTION,
      actorId: null,
      targetUserId: author.id,
      itemKind: "annotation",
      reason: `auto-hidden after ${RULES.reportHideThreshold} reports`,
      before: { status: "PUBLISHED" },
      after: { status: "HIDDEN" },
    });
    expect(await seenBy(article, bystander)).not.toContain(annotation.id);
    expect(await seenBy(article, author)).toContain(annotation.id);
    const reported = await queueItems(db, (await moderatorReach(db, moderator))!, "reported", {
      article: article.slug,
    });
    expect(reported.find((item) => item.id === annotation.id)).toMatchObject({
      status: "HIDDEN",
      openReports: 3,
    });
    // The shared database's Reported queue (most reported first) is left to the other files' items.
    await db.report.updateMany({ where: { annotationId: annotation.id }, data: { closedAt: new Date() } });
  });

  it("hides a comment the same way, and several reports arriving together hide it once", async () => {
    const article = await createArticle(db);
    const author = await createUser(db);
    const readers = await Promise.all(Array.from({ length: 4 }, () => createUser(db)));
    const { comment } = await createArticleComment(db, author, article.slug, { body: "A contested comment" });
    await Promise.all(
      readers.map((reader) => createReport(db, reader, { commentId: comment.id, reason: "OFF_TOPIC" })),
    );
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status).toBe("HIDDEN");
    expect(
      await db.auditLogEntry.count({ where: { itemId: comment.id, action: AUTO_HIDE_AUDIT_ACTION } }),
    ).toBe(1);
    await db.report.updateMany({ where: { commentId: comment.id }, data: { closedAt: new Date() } });
  });
});

describe("warning gate", () => {
  it("refuses any post with 403 while a warning is unacknowledged; acknowledging lets the user post again", async () => {
    const article = await createArticle(db);
    const warned = await createUser(db);
    const sanction = await db.sanction.create({
      data: { kind: "WARN", userId: warned.id, actorId: moderator.id, reason: "Be civil" },
    });
    for (const attempt of [
      () => annotate(warned, article, "Hello"),
      () => annotate(warned, article, "Private", "PRIVATE"),
      () => createArticleComment(db, warned, article.slug, { body: "Hello" }),
    ]) {
      const error = await refusal(attempt());
      expect(error.status).toBe(403);
      expect(error.message).toBe(UNACKNOWLEDGED_WARNING_MESSAGE);
    }
    expect(await db.annotation.count({ where: { authorId: warned.id } })).toBe(0);
    await db.sanction.update({ where: { id: sanction.id }, data: { acknowledgedAt: new Date() } });
    expect((await annotate(warned, article, "Hello again")).status).toBe("PUBLISHED");
  });
});

describe("settings", () => {
  it("reads the defaults while no row exists", async () => {
    const saved = await db.moderationSettings.findUniqueOrThrow({ where: { id: MODERATION_SETTINGS_ID } });
    await db.moderationSettings.delete({ where: { id: MODERATION_SETTINGS_ID } });
    try {
      expect(await readModerationSettings(db)).toEqual({ ...MODERATION_DEFAULTS });
    } finally {
      const { updatedAt: _updatedAt, ...rest } = saved;
      await db.moderationSettings.create({ data: rest });
    }
  });

  it("refuses bad input with 422 and field errors, changing nothing and logging nothing", async () => {
    const before = await readModerationSettings(db);
    const logged = await db.auditLogEntry.count({ where: { action: SETTINGS_AUDIT_ACTION } });
    const cases: [Record<string, unknown>, string][] = [
      [{ floodLimitPerMinute: 0 }, "floodLimitPerMinute"],
      [{ floodLimitPerMinute: "" }, "floodLimitPerMinute"],
      [{ newAccountDays: 2.5 }, "newAccountDays"],
      [{ reportHideThreshold: 1000 }, "reportHideThreshold"],
      [{ premoderateFirstItems: -1 }, "premoderateFirstItems"],
      [
        { bannedWords: Array.from({ length: MAX_LISTED_WORDS + 1 }, (_, index) => `word${index}`) },
        "bannedWords",
      ],
      [{ suspectWords: "x".repeat(MAX_LISTED_WORD_LENGTH + 1) }, "suspectWords"],
      [{ bannedWords: "ok\n!!!" }, "bannedWords"],
    ];
    for (const [change, field] of cases) {
      const error = await refusal(updateModerationSettings(db, admin, { ...RULES, ...change }));
      expect(error.status).toBe(422);
      expect(Object.keys(error.fields ?? {})).toContain(field);
    }
    expect(await readModerationSettings(db)).toEqual(before);
    expect(await db.auditLogEntry.count({ where: { action: SETTINGS_AUDIT_ACTION } })).toBe(logged);
  });

  it("is for active admins only", async () => {
    const reader = await createUser(db);
    expect((await refusal(updateModerationSettings(db, reader, RULES))).status).toBe(403);
    expect((await refusal(updateModerationSettings(db, moderator, RULES))).status).toBe(403);
    expect((await refusal(updateModerationSettings(db, null, RULES))).status).toBe(401);
  });

  it("parses the form's textarea (one per line), drops blanks and repeats, and audits what changed", async () => {
    const saved = await updateModerationSettings(db, admin, {
      ...RULES,
      suspectWords: `  ${SUSPECT}  \n\n Café \ncafe\r\nbuy   now\n`,
      holdLinksFromNewAccounts: "on",
      floodLimitPerMinute: "5",
    });
    expect(saved.suspectWords).toEqual([SUSPECT, "Café", "buy now"]);
    const entry = await db.auditLogEntry.findFirstOrThrow({
      where: { action: SETTINGS_AUDIT_ACTION, actorId: admin.id },
      orderBy: { createdAt: "desc" },
    });
    expect(entry.before).toEqual({ suspectWords: [SUSPECT] });
    expect(entry.after).toEqual({ suspectWords: [SUSPECT, "Café", "buy now"] });
    // Saving the same settings again logs nothing.
    const count = await db.auditLogEntry.count({ where: { action: SETTINGS_AUDIT_ACTION } });
    await updateModerationSettings(db, admin, { ...RULES, suspectWords: [SUSPECT, "Café", "buy now"] });
    expect(await db.auditLogEntry.count({ where: { action: SETTINGS_AUDIT_ACTION } })).toBe(count);
    await updateModerationSettings(db, admin, RULES);
  });
});

describe("the rule that held an item (issue 16)", () => {
  let article: Article, reader: SessionUser;
  beforeAll(async () => {
    article = await createArticle(db);
    reader = await createUser(db);
  });

  it("is stored with the item, labelled in the Pending queue and explained to its author only", async () => {
    const newcomer = await newAccount();
    const held = await annotate(newcomer, article, `A ${SUSPECT} and https://example.com/x`);
    expect(held.status).toBe("PENDING");
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: held.id } });
    expect(stored.holdReasons).toEqual([
      { rule: "suspect_word", word: SUSPECT },
      { rule: "premoderation" },
      { rule: "new_account_link" },
    ]);
    const { comment } = await createArticleComment(db, await newAccount(), article.slug, {
      body: "Read www.example.org",
    });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).holdReasons).toEqual([
      { rule: "premoderation" },
      { rule: "new_account_link" },
    ]);

    const pending = await queueItems(db, (await moderatorReach(db, moderator))!, "pending", {
      article: article.slug,
    });
    const item = pending.find((entry) => entry.id === held.id);
    expect(item?.holdReasons.map(holdReasonLabel)).toEqual([
      `Suspect word: ${SUSPECT}`,
      "New account",
      "Link",
    ]);
    expect(item?.articleTitle).toBe(article.revision.title);
    expect(pending.find((entry) => entry.id === comment.id)?.holdReasons.map(holdReasonLabel)).toEqual([
      "New account",
      "Link",
    ]);

    const mine = (await listAnnotations(db, article.slug, newcomer)).annotations.find(
      (entry) => entry.id === held.id,
    );
    expect(mine?.moderation?.reason).toMatch(/^Waiting for review: held because .*it contains a link\./);
    expect(noticeText(mine!.moderation!)).toBe(mine!.moderation!.reason);
    expect(await seenBy(article, reader)).not.toContain(held.id);
  });

  it("a published item gets no hold reasons", async () => {
    const note = await annotate(reader, article, "An ordinary public note");
    expect(note.status).toBe("PUBLISHED");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: note.id } })).holdReasons).toEqual([]);
  });
});

describe("every moderator decision emits a live event (issue 16)", () => {
  it("hide reaches every reader who could see the item; approve of a pending item reaches everyone", async () => {
    const article = await createArticle(db);
    const [author, reader] = await Promise.all([createUser(db), createUser(db)]);
    const note = await annotate(author, article, "A note a moderator will hide");
    const before = await db.liveEvent.count({ where: { articleId: article.id } });
    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: note.id,
      decision: "hide",
      expectedVersion: 0,
    });
    const hidden = await db.liveEvent.findMany({
      where: { articleId: article.id },
      orderBy: { id: "asc" },
      skip: before,
    });
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ type: "annotation.updated", itemStatus: "PUBLISHED" });
    expect(mayReceive(hidden[0]!, { id: reader.id, teamIds: new Set() })).toBe(true);
    expect(hidden[0]!.payload).toMatchObject({ id: note.id, actorId: moderator.id });
    expect(await seenBy(article, reader)).not.toContain(note.id);

    // A reply held for review, then approved: its thread's readers hear of it.
    const newcomer = await newAccount();
    const visible = await annotate(author, article, "A visible note");
    const { comment } = await createReply(db, newcomer, visible.id, { body: "First reply of a newcomer" });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status).toBe("PENDING");
    await decide(db, moderator, {
      itemKind: "comment",
      itemId: comment.id,
      decision: "approve",
      expectedVersion: 0,
    });
    const approved = await db.liveEvent.findFirstOrThrow({
      where: { articleId: article.id, type: "reply.updated" },
      orderBy: { id: "desc" },
    });
    expect(approved.itemStatus).toBe("PUBLISHED");
    expect(approved.payload).toMatchObject({ commentId: comment.id, annotationId: visible.id });
  });

  it("a decision that changes nothing visible (remove after hide) reaches only the author", async () => {
    const article = await createArticle(db);
    const [author, reader] = await Promise.all([createUser(db), createUser(db)]);
    const note = await annotate(author, article, "Hidden, then removed");
    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: note.id,
      decision: "hide",
      expectedVersion: 0,
    });
    await decide(db, moderator, {
      itemKind: "annotation",
      itemId: note.id,
      decision: "remove",
      expectedVersion: 1,
    });
    const last = await db.liveEvent.findFirstOrThrow({
      where: { articleId: article.id },
      orderBy: { id: "desc" },
    });
    expect(last.itemStatus).toBe("REMOVED");
    expect(mayReceive(last, { id: reader.id, teamIds: new Set() })).toBe(false);
    expect(mayReceive(last, { id: author.id, teamIds: new Set() })).toBe(true);
  });
});
