// Every IRI Marginalia writes into an export resolves (issue 17): each annotation id (for its author),
// each target.source (a revision page, HTML or JSON-LD by Accept), each creator.id (a public profile with
// the display name only) and the marginalia: vocabulary. The route modules of app/ are called in-process.
import { describe, expect, it, vi } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { exportMyAnnotationsAsJsonLd } from "@/lib/annotations/export-import";
import { publishRevision } from "@/lib/articles/publish-revision";
import { siteUrl } from "@/lib/env";
import * as revisionRoute from "@/app/articles/[slug]/revisions/[number]/route";
import * as userRoute from "@/app/users/[handle]/route";
import * as vocabularyRoute from "@/app/ns/route";
import { testDb } from "../../helpers/db";
import { createArticle, createUser, FIXTURE_ARTICLE_BODY, selectorFor } from "../../helpers/fixtures";
import { protocolClient, tokenFor } from "../annotation-protocol/protocol-client";

// The route modules import the app's auth (through lib/api/handler.ts); these pages need no session.
vi.mock("@/auth", async () => (await import("../authz/in-process")).authModule());
vi.mock("next/headers", async () => (await import("../authz/in-process")).headersModule());

const db = testDb();

/** Every string value in a JSON document that is an absolute IRI of this site (fragments dropped). */
function siteIris(document: unknown, base: string): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === "string" && value.startsWith(`${base}/`)) found.add(value.split("#")[0]!);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(document);
  return found;
}

describe("every IRI in an export resolves", () => {
  it("answers 200 for annotation ids, revision sources, creators and the vocabulary", async () => {
    const base = siteUrl();
    const api = protocolClient(db);
    const article = await createArticle(db);
    const author = await createUser(db);
    const token = await tokenFor(db, author);
    await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "first paragraph"),
      body: "On revision 1",
      visibility: "PRIVATE",
    });
    const { revisionId } = await publishRevision(db, article.id, {
      title: "Revised",
      summary: "Summary.",
      categories: [],
      body: `${FIXTURE_ARTICLE_BODY}\n\nA new closing paragraph.`,
    });
    await createAnnotation(db, author, article.slug, {
      revisionId,
      selector: selectorFor(
        (await db.articleRevision.findUniqueOrThrow({ where: { id: revisionId } })).plainText,
        "new closing paragraph",
      ),
      body: "On revision 2",
      visibility: "PUBLIC",
    });

    const exported = await exportMyAnnotationsAsJsonLd(db, author, article.slug, base);
    const iris = [...siteIris(exported.content, base)];
    const collectionId = exported.content.id;
    const walked: string[] = [];
    for (const iri of iris) {
      const url = new URL(iri);
      let response: Response;
      let match: RegExpExecArray | null;
      if ((match = /^\/articles\/([^/]+)\/revisions\/(\d+)$/.exec(url.pathname))) {
        const params = Promise.resolve({ slug: match[1]!, number: match[2]! });
        response = await revisionRoute.GET(new Request(iri), { params });
        expect(response.headers.get("content-type"), iri).toMatch(/^text\/html/);
        const html = await response.text();
        expect(html, iri).toContain("<h1>");
        const asJsonLd = await revisionRoute.GET(
          new Request(iri, { headers: { Accept: "application/ld+json" } }),
          { params },
        );
        expect(asJsonLd.status).toBe(200);
        expect(((await asJsonLd.json()) as { id: string }).id).toBe(iri);
      } else if ((match = /^\/users\/([^/]+)$/.exec(url.pathname))) {
        response = await userRoute.GET(new Request(iri, { headers: { Accept: "application/ld+json" } }), {
          params: Promise.resolve({ handle: match[1]! }),
        });
        const person = (await response.clone().json()) as Record<string, unknown>;
        // The display name and handle only: no e-mail, role or anything else about the account.
        expect(Object.keys(person).sort()).toEqual(["@context", "id", "name", "nickname", "type"]);
        expect(person.name).toBe(author.name);
      } else if (url.pathname === "/ns") {
        response = vocabularyRoute.GET();
        const vocabulary = (await response.clone().json()) as { "@graph": { id: string }[] };
        expect(vocabulary["@graph"].map((term) => term.id)).toContain(`${base}/ns#label`);
      } else if (url.pathname.startsWith("/api/annotations/")) {
        response = await api.call("GET", iri, { token });
      } else if (iri === collectionId) {
        // The export itself: the same function the export route serves to its signed-in owner.
        continue;
      } else {
        throw new Error(`An IRI no test knows how to resolve: ${iri}`);
      }
      expect(response.status, iri).toBe(200);
      walked.push(url.pathname.split("/")[1]!);
    }
    // Publishing carried the first annotation to revision 2; revision 1 still reads as it did then.
    expect(iris).toContain(`${base}/articles/${article.slug}/revisions/2`);
    const older = await revisionRoute.GET(new Request(`${base}/articles/${article.slug}/revisions/1`), {
      params: Promise.resolve({ slug: article.slug, number: "1" }),
    });
    const olderHtml = await older.text();
    expect(olderHtml).toContain("first paragraph");
    expect(olderHtml).not.toContain("new closing paragraph");
    expect(new Set(walked)).toEqual(new Set(["articles", "users", "ns", "api"]));
  });

  it("answers 404 for a revision or a person that does not exist", async () => {
    const article = await createArticle(db);
    const missing = await revisionRoute.GET(
      new Request(`${siteUrl()}/articles/${article.slug}/revisions/9`),
      {
        params: Promise.resolve({ slug: article.slug, number: "9" }),
      },
    );
    expect(missing.status).toBe(404);
    const nobody = await userRoute.GET(new Request(`${siteUrl()}/users/nobody-here`), {
      params: Promise.resolve({ handle: "nobody-here-at-all" }),
    });
    expect(nobody.status).toBe(404);
  });
});
