// GET /articles/:slug/revisions/:number - that revision as it read then (the target.source of every Web
// Annotation): an HTML page of the stored revision HTML, or JSON-LD when Accept prefers it.
import { apiHandler } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";
import { findRevision, negotiatedResponse, revisionHtml, revisionJsonLd } from "@/lib/linked-data/resources";

type Context = { params: Promise<{ slug: string; number: string }> };

export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { slug, number } = await params;
  const revision = await findRevision(db, slug, number);
  const baseUrl = siteUrl();
  return negotiatedResponse(request, revisionHtml(baseUrl, revision), revisionJsonLd(baseUrl, revision));
});
