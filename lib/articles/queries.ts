// Read-side queries for articles. Only published articles with a current revision are ever shown.
import "server-only";
import { db } from "@/lib/db/client";

export const ARTICLE_LIST_LIMIT = 50;

export async function listPublishedArticles() {
  const articles = await db.article.findMany({
    where: { status: "PUBLISHED", currentRevisionId: { not: null } },
    orderBy: { publishedAt: "desc" },
    take: ARTICLE_LIST_LIMIT,
    select: {
      slug: true,
      publishedAt: true,
      currentRevision: { select: { title: true, summary: true, categories: true, wordCount: true } },
    },
  });
  return articles.flatMap(({ currentRevision, ...article }) =>
    currentRevision ? [{ ...article, ...currentRevision }] : [],
  );
}

export async function findPublishedArticle(slug: string) {
  const article = await db.article.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: {
      id: true,
      slug: true,
      publishedAt: true,
      updatedAt: true,
      currentRevision: {
        select: {
          id: true,
          number: true,
          title: true,
          summary: true,
          categories: true,
          html: true,
          wordCount: true,
          createdAt: true,
        },
      },
    },
  });
  if (!article?.currentRevision) return null;
  const { currentRevision: revision, ...rest } = article;
  return { ...rest, revision };
}

export async function listPublishedSlugs() {
  const rows = await db.article.findMany({ where: { status: "PUBLISHED" }, select: { slug: true } });
  return rows.map((row) => row.slug);
}
