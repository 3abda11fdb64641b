// Discussion against the real database: who sees a thread (team / private / public × author, member,
// ex-member, non-member, anonymous), replies to invisible annotations (404), limits, soft deletes,
// reactions, mentions and notifications, resolving team threads, and that a refused write stores nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import {
  createArticleComment,
  createReply,
  deleteComment,
  editComment,
  setReaction,
  setThreadResolved,
} from "@/lib/discussion/commands";
import { MAX_COMMENT_LENGTH, MAX_THREAD_DISPLAY_DEPTH } from "@/lib/discussion/limits";
import { annotationThread, articleComments, mentionableUsers } from "@/lib/discussion/queries";
import { testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

type Article = Awaited<ReturnType<typeof createArticle>>;

async function annotate(
  author: SessionUser,
  article: Article,
  visibility: "PUBLIC" | "PRIVATE" | "TEAM",
  teamId: string | null = null,
  quote = "tight coordination",
) {
  const { annotation } = await createAnnotation(db, author, article.slug, {
    revisionId: article.revision.id,
    selector: selectorFor(article.revision.plainText, quote),
    body: `A ${visibility.toLowerCase()} note`,
    visibility,
    teamId,
  });
  return annotation;
}

async function storedCounts(articleId: string) {
  const [comments, mentions, notifications, events] = await Promise.all([
    db.comment.count({ where: { articleId } }),
    db.mention.count({ where: { comment: { articleId } } }),
    db.notification.count({ where: { comment: { articleId } } }),
    db.liveEvent.count({ where: { articleId } }),
  ]);
  return { comments, mentions, notifications, events };
}

describe("who sees a thread: replies follow their annotation", () => {
  let author: SessionUser, member: SessionUser, exMember: SessionUser, outsider: SessionUser;
  let article: Article;
  const threads: Record<"PUBLIC" | "PRIVATE" | "TEAM", string> = { PUBLIC: "", PRIVATE: "", TEAM: "" };

  beforeAll(async () => {
    [author, member, exMember, outsider] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    article = await createArticle(db);
    const team = await createTeam(db, [author!, member!, exMember!]);
    for (const visibility of ["PUBLIC", "PRIVATE", "TEAM"] as const) {
      const annotation = await annotate(author!, article, visibility, visibility === "TEAM" ? team.id : null);
      threads[visibility] = annotation.id;
      await createReply(db, author!, annotation.id, { body: `Reply in the ${visibility} thread` });
    }
    // The ex-member was in the team when the thread started, and is removed now.
    await db.teamMembership.delete({ where: { teamId_userId: { teamId: team.id, userId: exMember!.id } } });
  });

  const matrix: [string, () => SessionUser | null, Record<"PUBLIC" | "PRIVATE" | "TEAM", boolean>][] = [
    ["the author", () => author, { PUBLIC: true, PRIVATE: true, TEAM: true }],
    ["a team member", () => member, { PUBLIC: true, PRIVATE: false, TEAM: true }],
    ["an ex-member", () => exMember, { PUBLIC: true, PRIVATE: false, TEAM: false }],
    ["a non-member", () => outsider, { PUBLIC: true, PRIVATE: false, TEAM: false }],
    ["an anonymous reader", () => null, { PUBLIC: true, PRIVATE: false, TEAM: false }],
  ];

  for (const [who, viewer, expected] of matrix) {
    for (const visibility of ["PUBLIC", "PRIVATE", "TEAM"] as const) {
      it(`${who} ${expected[visibility] ? "sees" : "gets 404 for"} the ${visibility} thread`, async () => {
        const read = annotationThread(db, viewer(), threads[visibility]);
        if (expected[visibility]) {
          const thread = await read;
          expect(thread.replies.map((reply) => reply.bodyHtml)).toEqual([
            `<p>Reply in the ${visibility} thread</p>`,
          ]);
        } else {
          expect((await refusal(read)).status).toBe(404);
        }
      });
    }
  }

  it("refuses a reply to an annotation the caller cannot see with 404 (not 403), storing nothing", async () => {
    const before = await storedCounts(article.id);
    for (const [caller, visibility] of [
      [outsider, "TEAM"],
      [exMember, "TEAM"],
      [member, "PRIVATE"],
    ] as const) {
      const error = await refusal(createReply(db, caller, threads[visibility], { body: "Let me in" }));
      expect(error.status).toBe(404);
      expect(error.message).toBe("There is no annotation with this id.");
    }
    const missing = await refusal(createReply(db, author, "no-such-annotation", { body: "Hello" }));
    expect(missing.status).toBe(404);
    expect(await storedCounts(article.id)).toEqual(before);
  });

  it("asks visitors to sign in (401) before anything else", async () => {
    expect((await refusal(createReply(db, null, threads.PUBLIC, { body: "Hi" }))).status).toBe(401);
  });

  it("does not let a suspended user reply (403)", async () => {
    const suspended = await createUser(db, { status: "SUSPENDED" });
    expect((await refusal(createReply(db, suspended, threads.PUBLIC, { body: "Hi" }))).status).toBe(403);
  });
});

describe("posting, editing and deleting replies", () => {
  let author: SessionUser, reader: SessionUser;
  let article: Article;
  let annotationId: string;

  beforeAll(async () => {
    [author, reader] = await Promise.all([createUser(db), createUser(db)]);
    article = await createArticle(db);
    annotationId = (await annotate(author!, article, "PUBLIC")).id;
  });

  it("refuses a body over the limit, or an empty one, with 422 and stores nothing", async () => {
    const before = await storedCounts(article.id);
    const long = await refusal(
      createReply(db, reader, annotationId, { body: "x".repeat(MAX_COMMENT_LENGTH + 1) }),
    );
    expect(long.status).toBe(422);
    expect(long.fields?.body?.[0]).toMatch(/at most 5,000 characters/);
    expect((await refusal(createReply(db, reader, annotationId, { body: "   " }))).status).toBe(422);
    expect(
      (
        await refusal(
          createArticleComment(db, reader, article.slug, { body: "y".repeat(MAX_COMMENT_LENGTH + 1) }),
        )
      ).status,
    ).toBe(422);
    expect(await storedCounts(article.id)).toEqual(before);
  });

  it("accepts a body exactly at the limit", async () => {
    const { comment } = await createReply(db, reader, annotationId, { body: "z".repeat(MAX_COMMENT_LENGTH) });
    expect(comment.state).toBe("visible");
  });

  it("renders Markdown with the annotations' sanitiser", async () => {
    const { comment } = await createReply(db, reader, annotationId, {
      body: "**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    });
    expect(comment.bodyHtml).toContain("<strong>bold</strong>");
    expect(comment.bodyHtml).toContain("&lt;img");
    expect(comment.bodyHtml).not.toMatch(/href="javascript:/i);
  });

  it("stores parent and root, nests to depth 3 and flattens deeper replies with 'replying to'", async () => {
    const fresh = (await annotate(author, article, "PUBLIC", null, "processing capacity")).id;
    const level1 = (await createReply(db, author, fresh, { body: "level 1" })).comment;
    const level2 = (await createReply(db, reader, fresh, { body: "level 2", parentId: level1.id })).comment;
    const level3 = (await createReply(db, author, fresh, { body: "level 3", parentId: level2.id })).comment;
    const level4 = (await createReply(db, reader, fresh, { body: "level 4", parentId: level3.id })).comment;
    const level5 = (await createReply(db, author, fresh, { body: "level 5", parentId: level4.id })).comment;
    expect([level1.rootId, level2.rootId, level3.rootId, level4.rootId]).toEqual([
      null,
      level1.id,
      level1.id,
      level1.id,
    ]);
    expect(level5.depth).toBe(4);

    const thread = await annotationThread(db, reader, fresh);
    const top = thread.replies[0]!;
    const second = top.children[0]!;
    const third = second.children.map((child) => child.bodyHtml);
    expect(MAX_THREAD_DISPLAY_DEPTH).toBe(3);
    expect(third).toEqual(["<p>level 3</p>", "<p>level 4</p>", "<p>level 5</p>"]);
    expect(second.children[1]!.replyingTo?.handle).toBe(author.handle);
    expect(second.children[2]!.replyingTo?.handle).toBe(reader.handle);
    expect(second.children.every((child) => child.children.length === 0)).toBe(true);
  });

  it("refuses a parent from another thread (404) and stores nothing", async () => {
    const other = (await annotate(author, article, "PUBLIC", null, "refining")).id;
    const foreign = (await createReply(db, author, other, { body: "elsewhere" })).comment;
    const before = await storedCounts(article.id);
    const error = await refusal(createReply(db, reader, annotationId, { body: "hi", parentId: foreign.id }));
    expect(error.status).toBe(404);
    expect(await storedCounts(article.id)).toEqual(before);
  });

  it("marks an edit as edited; only the author may edit (404 for others)", async () => {
    const { comment } = await createReply(db, reader, annotationId, { body: "first words" });
    expect(comment.editedAt).toBeNull();
    expect((await refusal(editComment(db, author, comment.id, { body: "hijacked" }))).status).toBe(404);
    const edited = await editComment(db, reader, comment.id, { body: "better words" });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.bodyHtml).toBe("<p>better words</p>");
  });

  it("soft-deletes: '[deleted]' keeps its place and its answers stay", async () => {
    const fresh = (await annotate(author, article, "PUBLIC", null, "allies")).id;
    const parent = (await createReply(db, reader, fresh, { body: "to be deleted" })).comment;
    await createReply(db, author, fresh, { body: "an answer", parentId: parent.id });
    expect((await refusal(deleteComment(db, author, parent.id))).status).toBe(404);
    await deleteComment(db, reader, parent.id);
    const thread = await annotationThread(db, author, fresh);
    const placeholder = thread.replies[0]!;
    expect(placeholder).toMatchObject({ state: "deleted", author: null, body: null, bodyHtml: "" });
    expect(placeholder.children.map((child) => child.bodyHtml)).toEqual(["<p>an answer</p>"]);
    expect(thread.replyCount).toBe(1);
    // Deleting twice, or replying to the deleted one, is refused.
    expect((await refusal(deleteComment(db, reader, parent.id))).status).toBe(404);
    expect(
      (await refusal(createReply(db, author, fresh, { body: "late", parentId: parent.id }))).status,
    ).toBe(409);
  });

  it("returns the first reply for a retried idempotency key", async () => {
    const first = await createReply(db, reader, annotationId, {
      body: "once",
      idempotencyKey: "retry-key-0001",
    });
    const again = await createReply(db, reader, annotationId, {
      body: "once",
      idempotencyKey: "retry-key-0001",
    });
    expect(again).toMatchObject({ created: false, comment: { id: first.comment.id } });
  });
});

describe("reactions", () => {
  let author: SessionUser, reader: SessionUser, other: SessionUser;
  let article: Article;
  let annotationId: string;

  beforeAll(async () => {
    [author, reader, other] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    article = await createArticle(db);
    annotationId = (await annotate(author!, article, "PUBLIC")).id;
  });

  it("counts one of each kind per user per item, and can be taken back", async () => {
    const { comment } = await createReply(db, author, annotationId, { body: "react to me" });
    await setReaction(db, reader, { kind: "AGREE", commentId: comment.id }, true);
    const twice = await setReaction(db, reader, { kind: "AGREE", commentId: comment.id }, true);
    expect(twice.reactions).toEqual({ AGREE: 1, DISAGREE: 0, QUESTION: 0 });
    await setReaction(db, reader, { kind: "QUESTION", commentId: comment.id }, true);
    const third = await setReaction(db, other, { kind: "AGREE", commentId: comment.id }, true);
    expect(third).toEqual({ reactions: { AGREE: 2, DISAGREE: 0, QUESTION: 1 }, myReactions: ["AGREE"] });
    const back = await setReaction(db, reader, { kind: "AGREE", commentId: comment.id }, false);
    expect(back).toEqual({ reactions: { AGREE: 1, DISAGREE: 0, QUESTION: 1 }, myReactions: ["QUESTION"] });
    const onAnnotation = await setReaction(db, reader, { kind: "DISAGREE", annotationId }, true);
    expect(onAnnotation.reactions.DISAGREE).toBe(1);
    expect((await annotationThread(db, reader, annotationId)).myReactions).toEqual(["DISAGREE"]);
  });

  it("refuses a reaction on a deleted reply (409) and stores nothing", async () => {
    const { comment } = await createReply(db, author, annotationId, { body: "soon gone" });
    await deleteComment(db, author, comment.id);
    const before = await db.reaction.count({ where: { commentId: comment.id } });
    const error = await refusal(setReaction(db, reader, { kind: "AGREE", commentId: comment.id }, true));
    expect(error.status).toBe(409);
    expect(error.message).toBe("You cannot react to a deleted reply.");
    expect(await db.reaction.count({ where: { commentId: comment.id } })).toBe(before);
  });

  it("refuses unknown kinds, two targets at once, and items the caller cannot see", async () => {
    expect((await refusal(setReaction(db, reader, { kind: "LOVE", annotationId }, true))).status).toBe(422);
    expect(
      (await refusal(setReaction(db, reader, { kind: "AGREE", annotationId, commentId: "x" }, true))).status,
    ).toBe(422);
    const secret = (await annotate(author, article, "PRIVATE", null, "refining")).id;
    expect(
      (await refusal(setReaction(db, reader, { kind: "AGREE", annotationId: secret }, true))).status,
    ).toBe(404);
  });
});

describe("mentions and notifications", () => {
  let author: SessionUser, member: SessionUser, outsider: SessionUser;
  let article: Article;
  let teamAnnotation: string;

  beforeAll(async () => {
    [author, member, outsider] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    article = await createArticle(db);
    const team = await createTeam(db, [author!, member!]);
    teamAnnotation = (await annotate(author!, article, "TEAM", team.id)).id;
  });

  it("links and notifies only people who can see the thread; a missing or outside handle stays text", async () => {
    const { comment } = await createReply(db, member, teamAnnotation, {
      body: `Hey @${author.handle}, see @${outsider.handle} and @nobody-here-${Date.now()} and mail x@${author.handle}`,
    });
    expect(comment.bodyHtml).toContain(`<span class="mention" data-mention="${author.handle}"`);
    expect(comment.bodyHtml).not.toContain(`data-mention="${outsider.handle}"`);
    expect(comment.bodyHtml).toContain(`@${outsider.handle}`);
    const mentions = await db.mention.findMany({
      where: { commentId: comment.id },
      select: { userId: true },
    });
    expect(mentions.map((mention) => mention.userId)).toEqual([author.id]);
    const notifications = await db.notification.findMany({
      where: { commentId: comment.id },
      select: { type: true, userId: true },
      orderBy: { type: "asc" },
    });
    // The annotation's author, replied to and mentioned, hears once (of the mention); the outsider nothing.
    expect(notifications).toEqual([{ type: "MENTION", userId: author.id }]);
  });

  it("notifies the author of the answered reply, and nobody of their own reply", async () => {
    const first = (await createReply(db, author, teamAnnotation, { body: "my own thread" })).comment;
    expect(await db.notification.count({ where: { commentId: first.id } })).toBe(0);
    const answer = (
      await createReply(db, member, teamAnnotation, { body: "answering you", parentId: first.id })
    ).comment;
    const rows = await db.notification.findMany({
      where: { commentId: answer.id },
      select: { type: true, userId: true },
    });
    expect(rows).toEqual([{ type: "REPLY", userId: author.id }]);
  });

  it("notifies only newly mentioned people on an edit", async () => {
    const other = await createUser(db);
    const { comment } = await createArticleComment(db, author, article.slug, {
      body: `Hi @${member.handle}`,
    });
    await editComment(db, author, comment.id, { body: `Hi @${member.handle} and @${other.handle}` });
    const rows = await db.notification.findMany({
      where: { commentId: comment.id, type: "MENTION" },
      select: { userId: true },
    });
    expect(rows.map((row) => row.userId).sort()).toEqual([member.id, other.id].sort());
  });

  it("suggests only people who can see the thread", async () => {
    const suggestions = await mentionableUsers(db, member, { annotationId: teamAnnotation, q: "" });
    expect(suggestions.map((person) => person.id)).toEqual([author.id]);
    const byPrefix = await mentionableUsers(db, member, {
      annotationId: teamAnnotation,
      q: author.handle.slice(0, 8),
    });
    expect(byPrefix.map((person) => person.id)).toContain(author.id);
    expect(
      (await refusal(mentionableUsers(db, outsider, { annotationId: teamAnnotation, q: "" }))).status,
    ).toBe(404);
    expect((await refusal(mentionableUsers(db, null, { slug: article.slug, q: "" }))).status).toBe(401);
  });
});

describe("resolving team threads", () => {
  let author: SessionUser, owner: SessionUser, member: SessionUser, outsider: SessionUser;
  let article: Article;
  let teamAnnotation: string;
  let publicAnnotation: string;

  beforeAll(async () => {
    [owner, author, member, outsider] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    article = await createArticle(db);
    const team = await createTeam(db, [owner!, author!, member!]);
    teamAnnotation = (await annotate(author!, article, "TEAM", team.id)).id;
    publicAnnotation = (await annotate(author!, article, "PUBLIC", null, "refining")).id;
  });

  it("lets the author and the team owner resolve and reopen; a plain member gets 403, an outsider 404", async () => {
    expect((await refusal(setThreadResolved(db, member, teamAnnotation, true))).status).toBe(403);
    expect((await refusal(setThreadResolved(db, outsider, teamAnnotation, true))).status).toBe(404);
    const resolved = await setThreadResolved(db, author, teamAnnotation, true);
    expect(resolved.resolvedBy?.id).toBe(author.id);
    expect((await annotationThread(db, member, teamAnnotation)).resolvedAt).not.toBeNull();
    const reopened = await setThreadResolved(db, owner, teamAnnotation, false);
    expect(reopened.resolvedAt).toBeNull();
    expect((await annotationThread(db, owner, teamAnnotation)).canResolve).toBe(true);
    expect((await annotationThread(db, member, teamAnnotation)).canResolve).toBe(false);
  });

  it("refuses to resolve a public thread (422)", async () => {
    expect((await refusal(setThreadResolved(db, author, publicAnnotation, true))).status).toBe(422);
  });
});

describe("article comments", () => {
  let alice: SessionUser, bob: SessionUser;
  let article: Article;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser(db), createUser(db)]);
    article = await createArticle(db);
  });

  it("are public, threaded, sorted three ways and paginated with a cap", async () => {
    const first = (await createArticleComment(db, alice, article.slug, { body: "first" })).comment;
    const second = (await createArticleComment(db, bob, article.slug, { body: "second" })).comment;
    await createArticleComment(db, bob, article.slug, { body: "answer", parentId: first.id });
    await setReaction(db, alice, { kind: "AGREE", commentId: second.id }, true);

    const oldest = await articleComments(db, null, article.slug, {});
    expect(oldest.comments.map((comment) => comment.bodyHtml)).toEqual(["<p>first</p>", "<p>second</p>"]);
    expect(oldest.comments[0]!.children.map((child) => child.bodyHtml)).toEqual(["<p>answer</p>"]);
    expect(oldest).toMatchObject({ total: 2, totalComments: 3, viewer: null });
    const newest = await articleComments(db, alice, article.slug, { sort: "newest" });
    expect(newest.comments[0]!.id).toBe(second.id);
    const popular = await articleComments(db, alice, article.slug, { sort: "reactions" });
    expect(popular.comments[0]!.id).toBe(second.id);
    const paged = await articleComments(db, alice, article.slug, { pageSize: "1", page: "2" });
    expect(paged.comments.map((comment) => comment.id)).toEqual([second.id]);
    expect((await refusal(articleComments(db, alice, article.slug, { pageSize: "500" }))).status).toBe(422);
    expect((await refusal(articleComments(db, alice, article.slug, { sort: "random" }))).status).toBe(422);
  });

  it("404 for a missing article, 401 for a visitor posting", async () => {
    expect((await refusal(articleComments(db, null, "no-such-article", {}))).status).toBe(404);
    expect((await refusal(createArticleComment(db, null, article.slug, { body: "hi" }))).status).toBe(401);
  });

  it("writes one live event per change, in the same transaction, with ids only", async () => {
    const before = await db.liveEvent.count({ where: { articleId: article.id } });
    const { comment } = await createArticleComment(db, alice, article.slug, { body: "secret words" });
    const events = await db.liveEvent.findMany({
      where: { articleId: article.id },
      orderBy: { id: "asc" },
      skip: before,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "comment.created", visibility: "PUBLIC", authorId: alice.id });
    expect(JSON.stringify(events[0]!.payload)).not.toContain("secret");
    expect(events[0]!.payload).toMatchObject({ id: comment.id, actorId: alice.id });
  });
});
