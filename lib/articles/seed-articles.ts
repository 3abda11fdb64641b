// Loads every content file into the database, idempotently: an unchanged file writes nothing, a changed
// one publishes a new revision (re-anchoring annotations). All files are parsed before anything is
// written, and all writes happen in one transaction, so a malformed file leaves the database as it was.
//
// "Changed" means the file changed since it was last seeded (Article.sourceHash), not "differs from the
// current revision": an edit published from the app's editor is not reverted by the next start.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db/prisma-factory";
import { type ArticleSource, parseArticleFile } from "./content-file";
import { PUBLISH_TRANSACTION_TIMEOUT_MS, publishRevision, revisionHashOf } from "./publish-revision";

export interface SeedReport {
  created: string[];
  revised: string[];
  unchanged: string[];
}

export async function readArticleSources(contentDir: string): Promise<ArticleSource[]> {
  const files = (await readdir(contentDir)).filter((name) => name.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (name) => {
      const file = path.join(contentDir, name);
      return parseArticleFile(path.relative(process.cwd(), file), await readFile(file, "utf8"));
    }),
  );
}

export async function seedArticles(db: Db, contentDir: string): Promise<SeedReport> {
  const sources = await readArticleSources(contentDir);
  const report: SeedReport = { created: [], revised: [], unchanged: [] };
  await db.$transaction(
    async (tx) => {
      for (const source of sources) {
        const sourceHash = revisionHashOf(source);
        const status = source.status === "draft" ? "DRAFT" : "PUBLISHED";
        const existing = await tx.article.findUnique({
          where: { slug: source.slug },
          include: { currentRevision: { select: { contentHash: true } } },
        });
        const articleFields = { status, publishedAt: source.published, sourceHash } as const;
        // Articles seeded before sourceHash existed: the current revision tells whether the file changed.
        const seededHash = existing?.sourceHash ?? existing?.currentRevision?.contentHash;
        if (seededHash === sourceHash && existing?.currentRevisionId) {
          if (existing.sourceHash === null)
            await tx.article.update({ where: { id: existing.id }, data: articleFields });
          else if (
            existing.status !== status ||
            existing.publishedAt.getTime() !== source.published.getTime()
          ) {
            await tx.article.update({ where: { id: existing.id }, data: articleFields });
          }
          report.unchanged.push(source.slug);
          continue;
        }
        const article = existing
          ? await tx.article.update({ where: { id: existing.id }, data: articleFields })
          : await tx.article.create({ data: { slug: source.slug, ...articleFields } });
        await publishRevision(tx, article.id, source);
        (existing ? report.revised : report.created).push(source.slug);
      }
    },
    { timeout: PUBLISH_TRANSACTION_TIMEOUT_MS },
  );
  return report;
}
