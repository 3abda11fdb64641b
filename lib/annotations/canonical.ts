import "server-only";
import type { Prisma } from "../generated/prisma/client";

// The same canonical IRI is stored once per article (Web Annotation Model §3.1). Every path that stores a
// canonical (W3C POST through createAnnotation, import) takes this transaction-scoped lock first, so two
// concurrent writers cannot both find the canonical absent and both insert it. It must hold across app
// instances, so it lives in PostgreSQL, not in process memory.
export async function lockCanonicalsOfArticle(
  tx: Prisma.TransactionClient,
  articleId: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`annotation-canonical:${articleId}`}))`;
}

/** The id of the live annotation on this article that already carries `canonical`, if any. */
export async function annotationWithCanonical(
  tx: Prisma.TransactionClient,
  articleId: string,
  canonical: string,
): Promise<string | null> {
  const existing = await tx.annotation.findFirst({
    where: { articleId, canonical, deletedAt: null },
    select: { id: true },
  });
  return existing?.id ?? null;
}
