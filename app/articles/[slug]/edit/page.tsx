import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/auth/forbidden-notice";
import { AuthorizationError, requireRole } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { ArticleEditor } from "./_components/article-editor";

export const metadata: Metadata = { title: "Edit article", robots: { index: false } };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function count(value: string | string[] | undefined): number {
  const parsed = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : 0;
}

export default async function EditArticlePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const published = count(query.published);
  // A signed-in non-admin gets the no-access notice, as on the admin pages (the thrown error was a 500).
  const actor = await requireRole("ADMIN", `/articles/${slug}/edit`).catch((error: unknown) => {
    if (error instanceof AuthorizationError) return null;
    throw error;
  });
  if (!actor) return <Forbidden />;
  const article = await db.article.findUnique({
    where: { slug },
    select: {
      slug: true,
      currentRevision: {
        select: { id: true, number: true, title: true, summary: true, categories: true, body: true },
      },
    },
  });
  if (!article?.currentRevision) notFound();
  const revision = article.currentRevision;
  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold">Edit “{revision.title}”</h1>
      <p className="text-muted mt-2">
        You are editing revision {revision.number}. Publishing creates revision {revision.number + 1} and
        moves every annotation to it; annotations whose passage is gone become orphans that their authors can
        re-attach.
      </p>
      {published > 0 ? (
        <div role="status" className="border-rule bg-panel mt-6 rounded border px-4 py-3">
          <p>
            Published revision {published}. {count(query.moved)} annotation(s) followed a moved or edited
            passage; {count(query.orphaned)} became orphans.{" "}
            <a href={`/articles/${slug}`} className="text-accent underline">
              View the article
            </a>
          </p>
        </div>
      ) : null}
      <ArticleEditor
        slug={article.slug}
        revision={{
          id: revision.id,
          title: revision.title,
          summary: revision.summary,
          categories: revision.categories.join(", "),
          body: revision.body,
        }}
      />
    </div>
  );
}
