"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { renderArticle } from "@/lib/articles/render-article";
import {
  PUBLISH_TRANSACTION_TIMEOUT_MS,
  prepareRevision,
  publishRevision,
  revisionHashOf,
} from "@/lib/articles/publish-revision";
import { lockArticleForPublish } from "@/lib/articles/article-lock";
import { articleEditSchema } from "@/lib/articles/schemas";
import { MAX_BODY_LENGTH } from "@/lib/articles/content-file";
import { requireRole } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";

export interface PublishState {
  message?: string;
  errors?: Partial<Record<"title" | "summary" | "categories" | "body", string[]>>;
}

// Renders the Markdown the way a published revision will look (nothing is stored).
export async function previewArticle(body: string): Promise<{ html: string } | { error: string }> {
  await requireRole("ADMIN");
  if (typeof body !== "string" || body.length > MAX_BODY_LENGTH)
    return { error: "The text is too long to preview." };
  return { html: renderArticle(body).html };
}

// Publishes the edited article as a new revision and re-anchors every annotation to it.
export async function publishArticle(
  slug: string,
  _previous: PublishState,
  formData: FormData,
): Promise<PublishState> {
  const admin = await requireRole("ADMIN", `/articles/${slug}/edit`);
  const parsed = articleEditSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const errors: PublishState["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof NonNullable<PublishState["errors"]>;
      (errors[field] ??= []).push(issue.message);
    }
    return { message: "Nothing was published: check the fields below.", errors };
  }
  const { baseRevisionId, ...content } = parsed.data;
  const target = await db.article.findUnique({ where: { slug }, select: { id: true } });
  if (!target) return { message: "This article no longer exists." };
  // The slow part (matching every annotation against the new text) runs before the transaction, so
  // writers are held only while its outcomes are applied (lib/annotations/reanchor-revision.ts).
  const prepared = await prepareRevision(db, target.id, content);
  const outcome = await db.$transaction(
    async (tx) => {
      // Under the article lock, so the stale check and the publish see the same current revision.
      await lockArticleForPublish(tx, target.id);
      const article = await tx.article.findUnique({
        where: { slug },
        select: { id: true, currentRevisionId: true, currentRevision: { select: { contentHash: true } } },
      });
      if (!article) return { kind: "missing" as const };
      if (article.currentRevisionId !== baseRevisionId) return { kind: "stale" as const };
      if (article.currentRevision?.contentHash === revisionHashOf(content))
        return { kind: "unchanged" as const };
      return {
        kind: "published" as const,
        ...(await publishRevision(tx, article.id, content, admin.id, prepared)),
      };
    },
    { timeout: PUBLISH_TRANSACTION_TIMEOUT_MS },
  );
  if (outcome.kind === "missing") return { message: "This article no longer exists." };
  if (outcome.kind === "stale") {
    return {
      message:
        "Someone published a newer revision while you were editing. Copy your text, reload and apply it again.",
    };
  }
  if (outcome.kind === "unchanged") return { message: "Nothing changed, so no new revision was published." };
  revalidatePath(`/articles/${slug}`);
  revalidatePath("/");
  // Render the new revision's page right away, so readers get the cached copy (whose inline scripts the
  // CSP lists by hash, see lib/auth/static-page-csp.ts) rather than the one render made for them.
  const requestHeaders = await headers();
  const host = requestHeaders.get("host");
  if (host) {
    const origin = `${requestHeaders.get("x-forwarded-proto") ?? "http"}://${host}`;
    after(async () => {
      await fetch(`${origin}/articles/${slug}`).catch(() => undefined);
      await fetch(`${origin}/`).catch(() => undefined);
    });
  }
  const { moved, fuzzy, orphaned } = outcome.reanchored;
  redirect(`/articles/${slug}/edit?published=${outcome.number}&moved=${moved + fuzzy}&orphaned=${orphaned}`);
}
