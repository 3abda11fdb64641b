// Seeding content files into an empty, freshly migrated database: idempotent, revisioned, all-or-nothing.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentFileError } from "@/lib/articles/content-file";
import { seedArticles } from "@/lib/articles/seed-articles";
import { applyPendingMigrations } from "@/lib/db/migrations";
import { createPrismaClient, type Db } from "@/lib/db/prisma-factory";
import { createScratchDatabase, type ScratchDatabase } from "../../helpers/db";

const REPO_ARTICLE = path.resolve("content/articles/chinas-northern-rare-earths-mineral-superpower.md");

describe("seedArticles on an empty database", () => {
  let scratch: ScratchDatabase;
  let db: Db;
  let contentDir: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await applyPendingMigrations(scratch.connectionString);
    db = createPrismaClient(scratch.connectionString, { poolSize: 2 });
    contentDir = await mkdtemp(path.join(tmpdir(), "marginalia-content-"));
    await writeFile(path.join(contentDir, path.basename(REPO_ARTICLE)), await readFile(REPO_ARTICLE, "utf8"));
  });

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
    if (contentDir) await rm(contentDir, { recursive: true, force: true });
  });

  it("creates one article and one revision, and nothing more when run again", async () => {
    const first = await seedArticles(db, contentDir);
    expect(first).toEqual({
      created: ["chinas-northern-rare-earths-mineral-superpower"],
      revised: [],
      unchanged: [],
    });
    const second = await seedArticles(db, contentDir);
    expect(second).toEqual({
      created: [],
      revised: [],
      unchanged: ["chinas-northern-rare-earths-mineral-superpower"],
    });

    expect(await db.article.count()).toBe(1);
    expect(await db.articleRevision.count()).toBe(1);
    const article = await db.article.findUniqueOrThrow({
      where: { slug: "chinas-northern-rare-earths-mineral-superpower" },
      include: { currentRevision: true },
    });
    expect(article.currentRevision?.number).toBe(1);
    expect(article.currentRevision?.html).toContain("Implications for the U.S. and Allies");
    expect(article.currentRevision?.plainText.startsWith("\nHighlights\n")).toBe(true);
  });

  it("appends a second revision when the file's text changes, and makes it current", async () => {
    const file = path.join(contentDir, path.basename(REPO_ARTICLE));
    const original = await readFile(file, "utf8");
    await writeFile(
      file,
      original.replace("Of course, this is no typical company", "Of course, this is no ordinary company"),
    );

    const report = await seedArticles(db, contentDir);
    expect(report.revised).toEqual(["chinas-northern-rare-earths-mineral-superpower"]);
    const revisions = await db.articleRevision.findMany({ orderBy: { number: "asc" } });
    expect(revisions.map((revision) => revision.number)).toEqual([1, 2]);
    const article = await db.article.findFirstOrThrow({ include: { currentRevision: true } });
    expect(article.currentRevisionId).toBe(revisions[1]!.id);
    expect(article.currentRevision?.plainText).toContain("no ordinary company");
    // The first revision is kept as it was: annotations made against it can be re-anchored.
    expect(revisions[0]!.plainText).toContain("no typical company");
  });

  it("refuses a malformed file with its name, line and reason, and writes nothing", async () => {
    const before = { articles: await db.article.count(), revisions: await db.articleRevision.count() };
    // A valid new article alongside the broken one: it must not be written either.
    await writeFile(
      path.join(contentDir, "a-valid-one.md"),
      "---\ntitle: Valid\nslug: a-valid-one\npublished: 2025-01-01\nsummary: Fine.\n---\n\nText.\n",
    );
    await writeFile(
      path.join(contentDir, "broken.md"),
      "---\ntitle: Broken\nslug: broken\npublished: not-a-date\nsummary: x\n---\n\nText.\n",
    );

    const error = await seedArticles(db, contentDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentFileError);
    expect((error as ContentFileError).message).toMatch(/broken\.md:4: published: /);
    expect({ articles: await db.article.count(), revisions: await db.articleRevision.count() }).toEqual(
      before,
    );
  });
});
