// The resources behind the IRIs Marginalia writes into Web Annotations, so that each one resolves
// (issue 17): a revision (target.source), a person (creator.id) and the vocabulary (marginalia: terms).
// Plain functions over the database; the routes in app/ are thin wrappers.
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import {
  ANNO_CONTEXT,
  ARTICLE_LANGUAGE,
  marginaliaNamespace,
  revisionIri,
} from "../annotations/web-annotation";
import { prefersJsonLdOverHtml } from "../annotation-protocol/negotiation";

export { ARTICLE_LANGUAGE };

export function userIri(baseUrl: string, handle: string): string {
  return `${baseUrl}/users/${handle}`;
}

export function vocabularyIri(baseUrl: string): string {
  return `${baseUrl}/ns`;
}

export interface RevisionResource {
  slug: string;
  number: number;
  title: string;
  summary: string;
  html: string;
  createdAt: Date;
  isCurrent: boolean;
}

/** One revision of a published article, as it read then; 404 for anything else. */
export async function findRevision(db: Db, slug: string, numberText: string): Promise<RevisionResource> {
  const number = /^\d{1,9}$/.test(numberText) ? Number(numberText) : null;
  const article =
    number === null
      ? null
      : await db.article.findFirst({
          where: { slug, status: "PUBLISHED" },
          select: {
            currentRevisionId: true,
            revisions: {
              where: { number },
              select: { id: true, number: true, title: true, summary: true, html: true, createdAt: true },
            },
          },
        });
  const revision = article?.revisions[0];
  if (!article || !revision)
    throw new ApiError("not_found", "There is no such revision of a published article.");
  const { id, ...rest } = revision;
  return { slug, ...rest, isCurrent: id === article.currentRevisionId };
}

/** A person's public profile: the display name and handle, nothing else. */
export async function findPublicProfile(db: Db, handle: string): Promise<{ handle: string; name: string }> {
  const user = await db.user.findUnique({ where: { handle }, select: { handle: true, name: true } });
  if (!user) throw new ApiError("not_found", "There is no one with this handle.");
  return user;
}

export function revisionJsonLd(baseUrl: string, revision: RevisionResource) {
  return {
    "@context": { "@vocab": "http://purl.org/dc/terms/", schema: "https://schema.org/" },
    id: revisionIri(baseUrl, revision.slug, revision.number),
    type: "schema:Article",
    title: revision.title,
    abstract: revision.summary,
    language: ARTICLE_LANGUAGE,
    created: revision.createdAt.toISOString(),
    isVersionOf: `${baseUrl}/articles/${revision.slug}`,
    "schema:version": revision.number,
  };
}

export function profileJsonLd(baseUrl: string, profile: { handle: string; name: string }) {
  return {
    "@context": ANNO_CONTEXT,
    id: userIri(baseUrl, profile.handle),
    type: "Person",
    name: profile.name,
    nickname: profile.handle,
  };
}

/** A short JSON-LD context and description of the `marginalia:` extension terms (docs/api.md). */
export function vocabularyDocument(baseUrl: string) {
  const ns = marginaliaNamespace(baseUrl);
  const term = (name: string, comment: string) => ({
    id: `${ns}${name}`,
    type: "rdf:Property",
    "rdfs:label": name,
    "rdfs:comment": comment,
  });
  return {
    "@context": {
      marginalia: ns,
      rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      rdfs: "http://www.w3.org/2000/01/rdf-schema#",
      id: "@id",
      type: "@type",
      label: `${ns}label`,
      visibility: `${ns}visibility`,
      team: { "@id": `${ns}team`, "@type": "@id" },
      teamName: `${ns}teamName`,
      anchor: `${ns}anchor`,
    },
    id: vocabularyIri(baseUrl),
    "rdfs:label": "Marginalia's extension terms for Web Annotations",
    "@graph": [
      term("label", "The highlight label: key-point, question, disagree or evidence."),
      term("visibility", "Who may read the annotation: PRIVATE, TEAM or PUBLIC."),
      term("team", "The team a TEAM annotation is shared with (its id on this site)."),
      term("teamName", "The name of that team when exported."),
      term(
        "anchor",
        "How the annotation is anchored now: status EXACT, MOVED, FUZZY or ORPHANED, and a score.",
      ),
    ],
  };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** A small standalone HTML page (no script): the pages behind annotation IRIs are read, not used. */
export function htmlPage({ title, alternate, body }: { title: string; alternate: string; body: string }) {
  return `<!doctype html>
<html lang="${ARTICLE_LANGUAGE}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Marginalia</title>
<link rel="alternate" type="application/ld+json" href="${escapeHtml(alternate)}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function revisionHtml(baseUrl: string, revision: RevisionResource): string {
  const current = `${baseUrl}/articles/${revision.slug}`;
  return htmlPage({
    title: `${revision.title} (revision ${revision.number})`,
    alternate: revisionIri(baseUrl, revision.slug, revision.number),
    body: `<p>Revision ${revision.number} of <a href="${escapeHtml(current)}">${escapeHtml(revision.title)}</a>, as published on ${revision.createdAt.toISOString().slice(0, 10)}${revision.isCurrent ? " (the current revision)" : ""}.</p>
<article>
<h1>${escapeHtml(revision.title)}</h1>
${revision.html}
</article>`,
  });
}

export function profileHtml(baseUrl: string, profile: { handle: string; name: string }): string {
  return htmlPage({
    title: profile.name,
    alternate: userIri(baseUrl, profile.handle),
    body: `<h1>${escapeHtml(profile.name)}</h1>
<p>@${escapeHtml(profile.handle)} reads and annotates on <a href="${escapeHtml(baseUrl)}/">Marginalia</a>.</p>`,
  });
}

/** The page or its JSON-LD description, as the Accept header prefers (Vary: Accept either way). */
export function negotiatedResponse(request: Request, html: string, jsonLd: object): Response {
  const headers = {
    Vary: "Accept",
    // Public resources that change only on publish (revisions never change; a name rarely does).
    "Cache-Control": "public, max-age=300",
  };
  if (prefersJsonLdOverHtml(request.headers.get("accept"))) {
    return new Response(JSON.stringify(jsonLd), {
      headers: { ...headers, "Content-Type": "application/ld+json" },
    });
  }
  return new Response(html, { headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}
