// Publishing against writes, deterministically: a publish transaction is held open (after it made the new
// revision current and re-anchored, before commit) while a second connection fires a write, which must
// wait on the article lock and then land on the new revision, or be refused with nothing stored. Each
// test ends with the invariant check of `npm run db:check` on its own article.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation, reattachAnnotation, updateAnnotation } from "@/lib/annotations/commands";
import { exportMyAnnotationsAsJsonLd, importAnnotations } from "@/lib/annotations/export-import";
import { listAnnotations } from "@/lib/annotations/queries";
import { prepareRevision, publishRevision } from "@/lib/articles/publish-revision";
import type { SessionUser } from "@/lib/auth/session-user";
import { checkInvariants } from "@/lib/db/invariants";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { testDatabaseUrl, testDb } from "../../helpers/db";
import { createArticle, createUser, FIXTURE_ARTICLE_BODY, selectorFor } from "../../helpers/fixtures";

const db = testDb();
// The publisher and the writer each get connections of their own, as two app instances would.
const publisherDb = createPrismaClient(testDatabaseUrl(), { poolSize: 2 });
const writerDb = createPrismaClient(testDatabaseUrl(), { poolSize: 3 });
afterAll(async () => {
  await Promise.all([publisherDb.$disconnect(), writerDb.$disconnect()]);
});

const BASE = "http://localhost:3000";
/** Longest a test waits to see the write blocked on the lock before letting the publish commit anyway. */
const LOCK_WAIT_TIMEOUT_MS = 5_000;

type Article = Awaited<ReturnType<typeof createArticle>>;

/** Revision 2: a paragraph in front, so every passage of revision 1 moves but is still there. */
const MOVED_BODY = FIXTURE_ARTICLE_BODY.replace(
  "The first paragraph",
  "A new opening paragraph comes first.\n\nThe first paragraph",
);

function content(body: string) {
  return { title: "Revised", summary: "Summary.", categories: [], body };
}

/** Starts a publish and holds its transaction open after the re-anchoring, until `release` is called. */
async function holdPublish(article: Article, body: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ready!: (revisionId: string) => void;
  const published = new Promise<string>((resolve) => (ready = resolve));
  const committed = publisherDb.$transaction(
    async (tx) => {
      const result = await publishRevision(tx, article.id, content(body));
      ready(result.revisionId);
      await released;
      return result;
    },
    { timeout: 30_000 },
  );
  return { revisionId: await published, release, committed };
}

/** Waits until some statement of this database is waiting on a lock (the write, on the article row). */
async function writeWaitingOnLock(): Promise<boolean> {
  const deadline = Date.now() + LOCK_WAIT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [row] = await db.$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row && row.waiting > 0n) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** Runs `write` while a publish holds the article, then lets the publish commit; returns both outcomes. */
async function raceWithPublish<T>(article: Article, body: string, write: () => Promise<T>) {
  const publish = await holdPublish(article, body);
  const outcome = write().then(
    (value) => ({ value, error: null }),
    (error: unknown) => ({ value: null, error }),
  );
  const waited = await writeWaitingOnLock();
  publish.release();
  await publish.committed;
  return { ...(await outcome), waited, revisionId: publish.revisionId };
}

async function expectInvariantsHold(article: Article) {
  expect(await checkInvariants(db, [article.id])).toEqual([]);
}

async function stored(id: string) {
  return db.annotation.findUniqueOrThrow({
    where: { id },
    select: { revisionId: true, anchorStatus: true, body: true, exact: true, start: true },
  });
}

describe("a write racing a publish", () => {
  let author: SessionUser;
  beforeAll(async () => {
    author = await createUser(db);
  });

  it("a create fired during a publish waits, then lands on the new revision and in its author's list", async () => {
    const article = await createArticle(db);
    const race = await raceWithPublish(article, MOVED_BODY, () =>
      createAnnotation(writerDb, author, article.slug, {
        // Made on the page of revision 1, as a reader who opened it before the publish.
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "tight coordination"),
        body: "Written during the publish",
        visibility: "PUBLIC",
      }),
    );
    expect(race.error).toBeNull();
    expect(race.waited).toBe(true);
    const id = race.value!.annotation.id;
    const row = await stored(id);
    expect(row.revisionId).toBe(race.revisionId);
    expect(row.exact).toBe("tight coordination");
    const revision = await db.articleRevision.findUniqueOrThrow({ where: { id: race.revisionId } });
    expect(revision.plainText.slice(row.start!, row.start! + "tight coordination".length)).toBe(
      "tight coordination",
    );
    const list = await listAnnotations(db, article.slug, author);
    expect(list.annotations.map((item) => item.id)).toContain(id);
    await expectInvariantsHold(article);
  });

  it("a create whose passage the publish removed is refused with nothing stored", async () => {
    const article = await createArticle(db);
    const race = await raceWithPublish(
      article,
      FIXTURE_ARTICLE_BODY.replace("tight coordination", "loose alignment"),
      () =>
        createAnnotation(writerDb, author, article.slug, {
          revisionId: article.revision.id,
          selector: selectorFor(article.revision.plainText, "tight coordination"),
          body: "Its passage is gone",
        }),
    );
    expect(race.error).toBeInstanceOf(ApiError);
    expect((race.error as ApiError).status).toBe(409);
    expect(await db.annotation.count({ where: { articleId: article.id } })).toBe(0);
    await expectInvariantsHold(article);
  });

  it("an edit fired during a publish keeps its text and the publish's anchoring", async () => {
    const article = await createArticle(db);
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "processing capacity"),
      body: "Before",
    });
    const race = await raceWithPublish(article, MOVED_BODY, () =>
      updateAnnotation(writerDb, author, annotation.id, { body: "Edited during the publish" }),
    );
    expect(race.error).toBeNull();
    expect(race.waited).toBe(true);
    const row = await stored(annotation.id);
    expect(row).toMatchObject({ body: "Edited during the publish", revisionId: race.revisionId });
    expect(row.anchorStatus).toBe("MOVED");
    await expectInvariantsHold(article);
  });

  it("a re-attach fired during a publish ends on the new revision, not the superseded one", async () => {
    const article = await createArticle(db);
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      body: "Will be orphaned",
    });
    // Revision 2 removes the passage: the note is an orphan on revision 1.
    const second = await publishRevision(
      db,
      article.id,
      content(FIXTURE_ARTICLE_BODY.replace("tight coordination", "loose alignment")),
    );
    expect((await stored(annotation.id)).anchorStatus).toBe("ORPHANED");
    const secondText = (await db.articleRevision.findUniqueOrThrow({ where: { id: second.revisionId } }))
      .plainText;
    // The author re-attaches it on the page of revision 2 while revision 3 is being published.
    const third = FIXTURE_ARTICLE_BODY.replace("tight coordination", "loose alignment").replace(
      "The first paragraph",
      "An opening paragraph.\n\nThe first paragraph",
    );
    const race = await raceWithPublish(article, third, () =>
      reattachAnnotation(writerDb, author, annotation.id, {
        revisionId: second.revisionId,
        selector: selectorFor(secondText, "loose alignment"),
      }),
    );
    expect(race.error).toBeNull();
    expect(race.waited).toBe(true);
    const row = await stored(annotation.id);
    expect(row).toMatchObject({ revisionId: race.revisionId, exact: "loose alignment" });
    expect(row.anchorStatus).not.toBe("ORPHANED");
    const list = await listAnnotations(db, article.slug, author);
    expect(list.annotations.map((item) => item.id)).toContain(annotation.id);
    await expectInvariantsHold(article);
  });

  it("an import fired during a publish is refused whole, with nothing stored on the superseded revision", async () => {
    const article = await createArticle(db);
    const [source, importer] = await Promise.all([createUser(db), createUser(db)]);
    for (const quote of ["tight coordination", "processing capacity"])
      await createAnnotation(db, source, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, quote),
        body: `About ${quote}`,
      });
    const { content: document } = await exportMyAnnotationsAsJsonLd(db, source, article.slug, BASE);
    const race = await raceWithPublish(article, MOVED_BODY, () =>
      importAnnotations(writerDb, importer, article.slug, document, BASE),
    );
    expect(race.waited).toBe(true);
    expect(race.error).toBeInstanceOf(ApiError);
    expect((race.error as ApiError).status).toBe(409);
    expect((race.error as ApiError).message).toMatch(/Import the file again/);
    expect(await db.annotation.count({ where: { authorId: importer.id } })).toBe(0);
    // Imported again, it lands on the current revision.
    const report = await importAnnotations(db, importer, article.slug, document, BASE);
    expect(report.failed).toBe(0);
    const rows = await db.annotation.findMany({
      where: { authorId: importer.id },
      select: { revisionId: true },
    });
    expect(rows.map((row) => row.revisionId)).toEqual([race.revisionId, race.revisionId]);
    await expectInvariantsHold(article);
  });
});

describe("re-anchoring matched before the publishing transaction", () => {
  it("matches annotations created or re-attached after the precomputation inside the transaction", async () => {
    const author = await createUser(db);
    const article = await createArticle(db);
    const early = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "processing capacity"),
      body: "Before the precomputation",
    });
    const prepared = await prepareRevision(db, article.id, content(MOVED_BODY));
    // Written between the matching and the transaction: not in the precomputed outcomes.
    const late = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "supply chains"),
      body: "After the precomputation",
    });
    const published = await db.$transaction((tx) =>
      publishRevision(tx, article.id, content(MOVED_BODY), null, prepared),
    );
    expect(published.reanchored).toMatchObject({ moved: 2, orphaned: 0 });
    for (const id of [early.annotation.id, late.annotation.id]) {
      expect(await stored(id)).toMatchObject({ revisionId: published.revisionId, anchorStatus: "MOVED" });
    }
    await expectInvariantsHold(article);
  });
});
