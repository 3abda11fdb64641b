// Annotations against the real database: validation against the revision text, privacy in every read,
// ownership in every write, idempotent retries, and re-anchoring when a revision is published.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import {
  createAnnotation,
  deleteAnnotation,
  reattachAnnotation,
  updateAnnotation,
} from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import { publishRevision } from "@/lib/articles/publish-revision";
import type { SessionUser } from "@/lib/auth/session-user";
import { testDb, uniqueId } from "../../helpers/db";
import {
  createArticle,
  createTeam,
  createUser,
  FIXTURE_ARTICLE_BODY,
  selectorFor,
} from "../../helpers/fixtures";

const db = testDb();

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("creating annotations", () => {
  let author: SessionUser;
  let article: Awaited<ReturnType<typeof createArticle>>;

  beforeAll(async () => {
    author = await createUser(db);
    article = await createArticle(db);
  });

  it("stores a highlight whose quote is at its position, with context taken from the text", async () => {
    const selector = selectorFor(article.revision.plainText, "tight coordination");
    const { annotation, created } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: { ...selector, prefix: "forged prefix" },
      label: "evidence",
      visibility: "PUBLIC",
    });
    expect(created).toBe(true);
    expect(annotation).toMatchObject({
      kind: "highlight",
      exact: "tight coordination",
      start: selector.start,
      label: "evidence",
    });
    expect(article.revision.plainText.slice(0, selector.start).endsWith(annotation.prefix ?? "")).toBe(true);
    expect(annotation.prefix).not.toContain("forged");
  });

  it("renders the Markdown note safely and keeps the source for its author", async () => {
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "processing capacity"),
      body: "**Key** claim <script>alert(1)</script> [src](javascript:alert(1))",
    });
    expect(annotation.kind).toBe("annotation");
    expect(annotation.bodyHtml).toContain("<strong>Key</strong>");
    expect(annotation.bodyHtml).toContain("&lt;script&gt;");
    // The unsafe link stays visible as text, never as a link.
    expect(annotation.bodyHtml).not.toMatch(/href="javascript:/i);
    expect(annotation.body).toContain("**Key**");
  });

  it.each([
    [
      "a quote that is not in the article",
      { exact: "not in this article", prefix: "", suffix: "", start: 5, end: 24 },
      /not in the article at that position/,
    ],
    [
      "a quote at the wrong position",
      { exact: "tight coordination", prefix: "", suffix: "", start: 3, end: 21 },
      /not in the article at that position/,
    ],
    [
      "positions out of range",
      { exact: "x", prefix: "", suffix: "", start: 100_000, end: 100_001 },
      /outside the article/,
    ],
  ])("refuses %s and stores nothing", async (_name, selector, message) => {
    const before = await db.annotation.count({ where: { articleId: article.id } });
    const error = await refusal(
      createAnnotation(db, author, article.slug, { revisionId: article.revision.id, selector }),
    );
    expect(error.status).toBe(422);
    expect(error.message).toMatch(message);
    expect(await db.annotation.count({ where: { articleId: article.id } })).toBe(before);
  });

  it("refuses an unknown label, an over-long note and a missing article with 4xx", async () => {
    const selector = selectorFor(article.revision.plainText, "refining");
    const label = await refusal(
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector,
        label: "shiny",
      }),
    );
    expect(label.status).toBe(422);
    expect(label.fields?.label).toEqual(["Unknown label"]);
    const long = await refusal(
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector,
        body: "x".repeat(10_001),
      }),
    );
    expect(long.status).toBe(422);
    expect(long.message).toMatch(/at most 10,000 characters/);
    const missing = await refusal(
      createAnnotation(db, author, "no-such-article", { revisionId: article.revision.id, selector }),
    );
    expect(missing.status).toBe(404);
  });

  it("refuses anonymous, suspended and banned writers", async () => {
    const input = {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "refining"),
    };
    expect((await refusal(createAnnotation(db, null, article.slug, input))).status).toBe(401);
    const suspended = await createUser(db, { status: "SUSPENDED" });
    expect((await refusal(createAnnotation(db, suspended, article.slug, input))).status).toBe(403);
    const banned = await createUser(db, { status: "BANNED" });
    expect((await refusal(createAnnotation(db, banned, article.slug, input))).status).toBe(403);
  });

  it("returns the first annotation when a create is retried with the same idempotency key", async () => {
    const input = {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "Inner Mongolia"),
      idempotencyKey: uniqueId("idem"),
    };
    const [first, second] = await Promise.all([
      createAnnotation(db, author, article.slug, input),
      createAnnotation(db, author, article.slug, input),
    ]);
    expect(second.annotation.id).toBe(first.annotation.id);
    expect(await db.annotation.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it("requires text for a page note and accepts one", async () => {
    const empty = await refusal(
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: null,
        body: "  ",
      }),
    );
    expect(empty.fields?.body).toBeDefined();
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: null,
      body: "A note on the whole piece.",
    });
    expect(annotation.kind).toBe("page-note");
  });

  it("changes the reader's default visibility only when they ask, never as a side effect of a note", async () => {
    const reader = await createUser(db);
    const defaultOf = async () => (await listAnnotations(db, article.slug, reader)).viewer?.defaultVisibility;
    await createAnnotation(db, reader, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      body: "Shared with everyone.",
      visibility: "PUBLIC",
    });
    expect(await defaultOf()).toEqual({ visibility: "PRIVATE", teamId: null });

    await createAnnotation(db, reader, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      body: "Public from now on.",
      visibility: "PUBLIC",
      makeDefault: true,
    });
    expect(await defaultOf()).toEqual({ visibility: "PUBLIC", teamId: null });
    expect(
      (
        await refusal(
          createAnnotation(db, reader, article.slug, {
            revisionId: article.revision.id,
            selector: null,
            body: "x",
            makeDefault: "yes",
          }),
        )
      ).status,
    ).toBe(422);
  });
});

describe("privacy: who sees which annotation", () => {
  it("shows a private annotation to its author only, in the list and in popular passages", async () => {
    const article = await createArticle(db);
    const [author, other, teammate, outsider] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    const team = await createTeam(db, [author, teammate]);
    const text = article.revision.plainText;
    const make = (quote: string, visibility: "PRIVATE" | "PUBLIC" | "TEAM") =>
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(text, quote),
        visibility,
        teamId: visibility === "TEAM" ? team.id : null,
        body: `${visibility} note`,
      }).then((result) => result.annotation.id);
    const privateId = await make("first paragraph", "PRIVATE");
    const publicId = await make("second paragraph", "PUBLIC");
    const teamId = await make("third paragraph", "TEAM");

    const seen = async (viewer: SessionUser | null) =>
      new Set(
        (await listAnnotations(db, article.slug, viewer)).annotations.map((annotation) => annotation.id),
      );

    expect(await seen(author)).toEqual(new Set([privateId, publicId, teamId]));
    expect(await seen(teammate)).toEqual(new Set([publicId, teamId]));
    expect(await seen(other)).toEqual(new Set([publicId]));
    expect(await seen(outsider)).toEqual(new Set([publicId]));
    expect(await seen(null)).toEqual(new Set([publicId]));

    // A removed member loses access on the next read.
    await db.teamMembership.delete({ where: { teamId_userId: { teamId: team.id, userId: teammate.id } } });
    expect(await seen(teammate)).toEqual(new Set([publicId]));

    // Only the author gets the Markdown source back.
    const forOther = (await listAnnotations(db, article.slug, other)).annotations.find(
      (annotation) => annotation.id === publicId,
    );
    expect(forOther?.body).toBeNull();
    expect(forOther?.bodyHtml).toContain("PUBLIC note");
  });

  it("counts only public highlights by three different readers as popular", async () => {
    const article = await createArticle(db);
    const readers = await Promise.all([createUser(db), createUser(db), createUser(db), createUser(db)]);
    const selector = selectorFor(article.revision.plainText, "processing capacity and refining");
    const highlight = (user: SessionUser, visibility: "PUBLIC" | "PRIVATE") =>
      createAnnotation(db, user, article.slug, { revisionId: article.revision.id, selector, visibility });

    await highlight(readers[0], "PUBLIC");
    await highlight(readers[1], "PUBLIC");
    await highlight(readers[2], "PRIVATE");
    await highlight(readers[0], "PUBLIC"); // the same reader twice still counts once
    expect((await listAnnotations(db, article.slug, null)).popular).toEqual([]);

    await highlight(readers[3], "PUBLIC");
    expect((await listAnnotations(db, article.slug, null)).popular).toEqual([
      { start: selector.start, end: selector.end, readers: 3 },
    ]);
  });
});

describe("editing and deleting", () => {
  it("lets the author edit and delete, and answers 404 to anyone else without changing anything", async () => {
    const article = await createArticle(db);
    const [author, other] = await Promise.all([createUser(db), createUser(db)]);
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "first paragraph"),
      body: "original",
      visibility: "PUBLIC",
    });

    const notFound = await refusal(updateAnnotation(db, other, annotation.id, { body: "hijacked" }));
    expect(notFound.status).toBe(404);
    expect((await refusal(deleteAnnotation(db, other, annotation.id))).status).toBe(404);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).body).toBe("original");

    const edited = await updateAnnotation(db, author, annotation.id, {
      body: "edited *note*",
      tags: ["Supply", "supply"],
    });
    expect(edited.bodyHtml).toBe("<p>edited <em>note</em></p>");
    expect(edited.tags).toEqual(["supply"]);
    expect(edited.editedAt).not.toBeNull();

    await deleteAnnotation(db, author, annotation.id);
    expect((await listAnnotations(db, article.slug, author)).annotations.map((a) => a.id)).not.toContain(
      annotation.id,
    );
    expect(await db.annotation.count({ where: { id: annotation.id } })).toBe(1);
  });
});

describe("publishing a revision re-anchors annotations", () => {
  it("follows moved passages, scores fuzzy ones, orphans deleted ones, and records each result", async () => {
    const article = await createArticle(db);
    const author = await createUser(db);
    const text = article.revision.plainText;
    const create = async (quote: string) =>
      (
        await createAnnotation(db, author, article.slug, {
          revisionId: article.revision.id,
          selector: selectorFor(text, quote),
          visibility: "PUBLIC",
        })
      ).annotation.id;
    const moved = await create("processing capacity and refining");
    const fuzzy = await create("tight coordination between state-owned enterprises");
    const orphan = await create("draws conclusions for allies");

    const editedBody = FIXTURE_ARTICLE_BODY.replace(
      "The first paragraph",
      "A new opening paragraph was added.\n\nThe first paragraph",
    )
      .replace("tight coordination between", "tight and close coordination between")
      .replace(
        "The third paragraph draws conclusions for allies and their supply chains.",
        "The third paragraph was rewritten.",
      );
    const { revisionId, reanchored } = await publishRevision(db, article.id, {
      title: "t",
      summary: "s",
      categories: [],
      body: editedBody,
    });
    expect(reanchored).toMatchObject({ moved: 1, fuzzy: 1, orphaned: 1 });

    const newText = (await db.articleRevision.findUniqueOrThrow({ where: { id: revisionId } })).plainText;
    const rows = await db.annotation.findMany({ where: { id: { in: [moved, fuzzy, orphan] } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const movedRow = byId.get(moved)!;
    expect(movedRow).toMatchObject({ anchorStatus: "MOVED", revisionId });
    expect(newText.slice(movedRow.start!, movedRow.end!)).toBe("processing capacity and refining");
    const fuzzyRow = byId.get(fuzzy)!;
    expect(fuzzyRow.anchorStatus).toBe("FUZZY");
    expect(fuzzyRow.anchorScore).toBeGreaterThan(0.6);
    expect(newText.slice(fuzzyRow.start!, fuzzyRow.end!)).toBe(fuzzyRow.exact);
    expect(fuzzyRow.originalExact).toBe("tight coordination between state-owned enterprises");
    expect(byId.get(orphan)!.anchorStatus).toBe("ORPHANED");

    const history = await db.annotationAnchoring.findMany({ where: { revisionId } });
    expect(history.map((row) => row.status).sort()).toEqual(["FUZZY", "MOVED", "ORPHANED"]);

    // The author sees the orphan under Orphaned, with its original quote; others never see it.
    const forAuthor = await listAnnotations(db, article.slug, author);
    expect(forAuthor.orphans.map((annotation) => annotation.id)).toEqual([orphan]);
    expect(forAuthor.orphans[0]!.originalExact).toBe("draws conclusions for allies");
    expect(forAuthor.annotations.map((annotation) => annotation.id)).not.toContain(orphan);
    expect((await listAnnotations(db, article.slug, null)).orphans).toEqual([]);

    // Re-attaching the orphan to a new passage brings it back.
    const reattached = await reattachAnnotation(db, author, orphan, {
      revisionId,
      selector: selectorFor(newText, "was rewritten"),
    });
    expect(reattached).toMatchObject({ anchorStatus: "EXACT", exact: "was rewritten", revisionId });
  });

  it("rolls back the whole publication when re-anchoring fails", async () => {
    const article = await createArticle(db);
    const before = await db.articleRevision.count({ where: { articleId: article.id } });
    const failing = db.$transaction(async (tx) => {
      await publishRevision(tx, article.id, { title: "t", summary: "s", categories: [], body: "New text." });
      throw new Error("simulated failure after re-anchoring");
    });
    await expect(failing).rejects.toThrow("simulated failure");
    expect(await db.articleRevision.count({ where: { articleId: article.id } })).toBe(before);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).currentRevisionId).toBe(
      article.revision.id,
    );
  });

  it("carries a selection made on an older revision over when its quote is found, and refuses it otherwise", async () => {
    const article = await createArticle(db);
    const author = await createUser(db);
    const oldText = article.revision.plainText;
    await publishRevision(db, article.id, {
      title: "t",
      summary: "s",
      categories: [],
      body: FIXTURE_ARTICLE_BODY.replace("The first paragraph", "Inserted.\n\nThe first paragraph").replace(
        "in Inner Mongolia",
        "in the north",
      ),
    });
    const carried = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(oldText, "second paragraph"),
    });
    const current = await db.article.findUniqueOrThrow({
      where: { id: article.id },
      include: { currentRevision: true },
    });
    expect(carried.annotation.revisionId).toBe(current.currentRevisionId);
    expect(current.currentRevision!.plainText.slice(carried.annotation.start!, carried.annotation.end!)).toBe(
      "second paragraph",
    );

    const stale = await refusal(
      createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(oldText, "Inner Mongolia"),
      }),
    );
    expect(stale.status).toBe(409);
    expect(stale.code).toBe("article_changed");
  });
});

afterAll(() => undefined);
