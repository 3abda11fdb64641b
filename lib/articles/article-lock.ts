// The article row is the lock that orders publishing against every write that targets a revision.
// A publish holds it FOR NO KEY UPDATE while it makes the new revision current and re-anchors; a write
// (create, re-attach, edit, import) holds it FOR SHARE while it stores its item. So a write either commits
// before the publish reads the annotations (and is re-anchored with them) or waits and then sees the new
// current revision. The lock lives in PostgreSQL, so it holds across app instances. FOR NO KEY UPDATE
// (not FOR UPDATE) leaves FOR KEY SHARE free: comments and live events that only reference the article
// by foreign key are not held up by a publish.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/prisma-factory";

type Tx = Prisma.TransactionClient | Db;

/** Waits for any publish of the article to finish, blocks new ones until commit, and returns the current revision id. */
export async function lockArticleForWrite(tx: Tx, articleId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ currentRevisionId: string | null }[]>`
    SELECT "currentRevisionId" FROM "Article" WHERE id = ${articleId} FOR SHARE`;
  return rows[0]?.currentRevisionId ?? null;
}

/** Taken by a publish: waits for writes in flight on the article, then holds new ones until commit. */
export async function lockArticleForPublish(tx: Tx, articleId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ currentRevisionId: string | null }[]>`
    SELECT "currentRevisionId" FROM "Article" WHERE id = ${articleId} FOR NO KEY UPDATE`;
  return rows[0]?.currentRevisionId ?? null;
}
