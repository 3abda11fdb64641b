import Link from "next/link";
import { ArticleMeta, CategoryList } from "@/components/articles/article-meta";
import { listPublishedArticles } from "@/lib/articles/queries";

// Re-rendered at most once a minute; new articles appear without a rebuild.
export const revalidate = 60;

export default async function HomePage() {
  const articles = await listPublishedArticles();
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">Articles</h1>
      <p className="text-muted mt-2">Analysis to read closely, highlight and discuss with your team.</p>
      {articles.length === 0 ? (
        <p className="mt-10">No articles have been published yet.</p>
      ) : (
        <ol className="divide-rule border-rule mt-8 divide-y border-y">
          {articles.map((article) => (
            <li key={article.slug} className="py-6">
              <article className="space-y-2">
                <h2 className="font-reading text-2xl leading-snug font-semibold">
                  <Link href={`/articles/${article.slug}`} className="hover:underline">
                    {article.title}
                  </Link>
                </h2>
                <ArticleMeta publishedAt={article.publishedAt} wordCount={article.wordCount} />
                <p className="font-reading text-lg leading-relaxed">{article.summary}</p>
                <CategoryList categories={article.categories} />
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
