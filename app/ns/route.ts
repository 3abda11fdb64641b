// GET /ns - the vocabulary of Marginalia's Web Annotation extension terms (marginalia:label, …), as a
// short JSON-LD context and description, so the namespace IRI the annotations use resolves.
import { siteUrl } from "@/lib/env";
import { vocabularyDocument } from "@/lib/linked-data/resources";

export function GET(): Response {
  return new Response(JSON.stringify(vocabularyDocument(siteUrl())), {
    headers: { "Content-Type": "application/ld+json", "Cache-Control": "public, max-age=3600" },
  });
}
