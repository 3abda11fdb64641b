// Publishing a revision: the one way an article's text changes, used by the seed (content files) and
// the editor. The revision is rendered once here, made current, and every annotation is re-anchored to
// it, all in the caller's transaction.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import { reanchorAnnotations, type ReanchorSummary } from "../annotations/reanchor-revision";
import { renderArticle } from "./render-article";
import { createHash } from "node:crypto";

type Tx = Prisma.TransactionClient | Db;

/** Long enough for re-anchoring tens of thousands of annotations on a slow machine. */
export const PUBLISH_TRANSACTION_TIMEOUT_MS = 120_000;

export interface RevisionContent {
  title: string;
  summary: string;
  categories: string[];
  body: string;
}

export function revisionHashOf({ title, summary, categories, body }: RevisionContent): string {
  return createHash("sha256").update(JSON.stringify({ title, summary, categories, body })).digest("hex");
}

export async function publishRevision(
  tx: Tx,
  articleId: string,
  content: RevisionContent,
  authorId: string | null = null,
): Promise<{ revisionId: string; number: number; reanchored: ReanchorSummary }> {
  const last = await tx.articleRevision.aggregate({ where: { articleId }, _max: { number: true } });
  const rendered = renderArticle(content.body);
  const revision = await tx.articleRevision.create({
    data: {
      articleId,
      number: (last._max.number ?? 0) + 1,
      title: content.title,
      summary: content.summary,
      categories: content.categories,
      body: content.body,
      contentHash: revisionHashOf(content),
      html: rendered.html,
      plainText: rendered.plainText,
      wordCount: rendered.wordCount,
      authorId,
    },
    select: { id: true, number: true },
  });
  await tx.article.update({ where: { id: articleId }, data: { currentRevisionId: revision.id } });
  const reanchored = await reanchorAnnotations(tx, articleId, {
    id: revision.id,
    plainText: rendered.plainText,
  });
  return { revisionId: revision.id, number: revision.number, reanchored };
}
