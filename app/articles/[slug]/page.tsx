import type { Metadata } from "next";
import { ANNOTATION_SERVICE_REL } from "@/lib/annotation-protocol/constants";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ArticleMeta, CategoryList } from "@/components/articles/article-meta";
import { ShareRow } from "@/components/articles/share-row";
import { Annotator } from "@/components/annotator/annotator";
import { DeferredCommentSection } from "@/components/discussion/deferred-comment-section";
import { findPublishedArticle } from "@/lib/articles/queries";
import { siteUrl } from "@/lib/env";
import { SITE_NAME } from "@/lib/site";

// Rendered on first visit and cached (ISR): the page is rendered again at most once a minute, and only
// shows a new revision's HTML, which was rendered from Markdown once when the revision was created.
export const revalidate = 60;

// No paths at build time: every published slug is rendered on its first request, then served from cache.
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

// generateMetadata and the page share one query per render.
const loadArticle = cache(findPublishedArticle);

function canonicalUrl(slug: string) {
  return `${siteUrl()}/articles/${slug}`;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const article = await loadArticle(slug);
  if (!article) return { title: "Article not found" };
  const { revision } = article;
  return {
    title: revision.title,
    description: revision.summary,
    alternates: { canonical: canonicalUrl(slug) },
    openGraph: {
      type: "article",
      title: revision.title,
      description: revision.summary,
      url: canonicalUrl(slug),
      siteName: SITE_NAME,
      publishedTime: article.publishedAt.toISOString(),
      modifiedTime: revision.createdAt.toISOString(),
      tags: revision.categories,
    },
    twitter: { card: "summary", title: revision.title, description: revision.summary },
  };
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await loadArticle(slug);
  if (!article) notFound();
  const { revision } = article;
  const url = canonicalUrl(slug);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Article",
    headline: revision.title,
    description: revision.summary,
    datePublished: article.publishedAt.toISOString(),
    dateModified: revision.createdAt.toISOString(),
    articleSection: revision.categories,
    wordCount: revision.wordCount,
    mainEntityOfPage: url,
    url,
    publisher: { "@type": "Organization", name: SITE_NAME },
  };

  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
      {/* Web Annotation clients look for the container (React hoists this into <head>; no client JS).
          next.config.js sends the same as a Link header. */}
      <link rel={ANNOTATION_SERVICE_REL} href={`/api/annotations/${slug}/`} />
      <article className="mx-auto max-w-[68ch]" data-revision-id={revision.id}>
        <header className="space-y-4">
          <CategoryList categories={revision.categories} />
          <h1 className="font-reading text-3xl leading-tight font-semibold tracking-tight text-balance sm:text-4xl">
            {revision.title}
          </h1>
          <ArticleMeta publishedAt={article.publishedAt} wordCount={revision.wordCount} />
        </header>
        {/* The stored HTML was produced by our renderer from the content file (raw HTML disabled). Its
            textContent is the text projection annotations anchor to, so nothing may be inserted inside. */}
        <div
          className="article-body mt-8"
          data-article-body
          dangerouslySetInnerHTML={{ __html: revision.html }}
        />
        <footer className="mt-10">
          <CategoryList categories={revision.categories} label="Filed under" />
          <ShareRow url={url} title={revision.title} />
        </footer>
      </article>
      <Annotator slug={slug} revisionId={revision.id} />
      <DeferredCommentSection slug={slug} />
      <script
        type="application/ld+json"
        // JSON-LD is data, not script; "<" is escaped so the text cannot close the element.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }}
      />
    </div>
  );
}
