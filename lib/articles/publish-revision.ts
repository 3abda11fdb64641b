// Publishing a revision: the one way an article's text changes, used by the seed (content files) and
// the editor. The revision is rendered once here, made current, and every annotation is re-anchored to
// it, all in the caller's transaction, under the article lock (lib/articles/article-lock.ts) so that no
// write lands on the revision being superseded.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";
import {
  precomputeReanchoring,
  reanchorAnnotations,
  type PrecomputedReanchoring,
  type ReanchorSummary,
} from "../annotations/reanchor-revision";
import { lockArticleForPublish } from "./article-lock";
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

/** The work of a publish that needs no lock: rendering and matching every annotation against the new text. */
export interface PreparedRevision {
  rendered: ReturnType<typeof renderArticle>;
  reanchoring: PrecomputedReanchoring;
}

export function revisionHashOf({ title, summary, categories, body }: RevisionContent): string {
  return createHash("sha256").update(JSON.stringify({ title, summary, categories, body })).digest("hex");
}

/**
 * Renders and matches ahead of the publishing transaction (read-only, no lock), so that the transaction,
 * which holds writers back, only applies the outcomes and matches what changed meanwhile.
 */
export async function prepareRevision(
  db: Db,
  articleId: string,
  content: RevisionContent,
): Promise<PreparedRevision> {
  const rendered = renderArticle(content.body);
  return { rendered, reanchoring: await precomputeReanchoring(db, articleId, rendered.plainText) };
}

export async function publishRevision(
  tx: Tx,
  articleId: string,
  content: RevisionContent,
  authorId: string | null = null,
  prepared: PreparedRevision | null = null,
): Promise<{ revisionId: string; number: number; reanchored: ReanchorSummary }> {
  // First: wait for writes in flight on this article and keep new ones out until this commits.
  await lockArticleForPublish(tx, articleId);
  const last = await tx.articleRevision.aggregate({ where: { articleId }, _max: { number: true } });
  const rendered = prepared?.rendered ?? renderArticle(content.body);
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
  const reanchored = await reanchorAnnotations(
    tx,
    articleId,
    { id: revision.id, plainText: rendered.plainText },
    prepared?.reanchoring,
  );
  return { revisionId: revision.id, number: revision.number, reanchored };
}
