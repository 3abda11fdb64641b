// Loads every content file into the database, idempotently: an unchanged file writes nothing, a changed
// one appends a revision and makes it current. All files are parsed before anything is written, and all
// writes happen in one transaction, so a malformed file leaves the database exactly as it was.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db/prisma-factory";
import { type ArticleSource, parseArticleFile } from "./content-file";
import { renderArticle } from "./render-article";

export interface SeedReport {
  created: string[];
  revised: string[];
  unchanged: string[];
}

export function contentHashOf(article: ArticleSource): string {
  const { title, summary, categories, body } = article;
  return createHash("sha256").update(JSON.stringify({ title, summary, categories, body })).digest("hex");
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
  await db.$transaction(async (tx) => {
    for (const source of sources) {
      const contentHash = contentHashOf(source);
      const status = source.status === "draft" ? "DRAFT" : "PUBLISHED";
      const existing = await tx.article.findUnique({
        where: { slug: source.slug },
        include: { currentRevision: { select: { contentHash: true, number: true } } },
      });
      if (existing?.currentRevision?.contentHash === contentHash) {
        if (existing.status !== status || existing.publishedAt.getTime() !== source.published.getTime()) {
          await tx.article.update({ where: { id: existing.id }, data: { status, publishedAt: source.published } });
        }
        report.unchanged.push(source.slug);
        continue;
      }
      const article =
        existing ?? (await tx.article.create({ data: { slug: source.slug, status, publishedAt: source.published } }));
      const lastNumber = await tx.articleRevision.aggregate({ where: { articleId: article.id }, _max: { number: true } });
      const rendered = renderArticle(source.body);
      const revision = await tx.articleRevision.create({
        data: {
          articleId: article.id,
          number: (lastNumber._max.number ?? 0) + 1,
          title: source.title,
          summary: source.summary,
          categories: source.categories,
          body: source.body,
          contentHash,
          html: rendered.html,
          plainText: rendered.plainText,
          wordCount: rendered.wordCount,
        },
      });
      await tx.article.update({
        where: { id: article.id },
        data: { currentRevisionId: revision.id, status, publishedAt: source.published },
      });
      (existing ? report.revised : report.created).push(source.slug);
    }
  });
  return report;
}
