// The W3C Web Annotation Protocol's container and annotation requirements (sections 4 and 5), one test
// per MUST (and the SHOULDs we implement), against the real handlers and database.
import { describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import {
  ANNOTATION_PAGE_SIZE,
  PREFER_CONTAINED_DESCRIPTIONS,
  PREFER_CONTAINED_IRIS,
  PREFER_MINIMAL_CONTAINER,
} from "@/lib/annotation-protocol/constants";
import {
  validateAnnotation,
  validateAnnotationCollection,
  validateAnnotationPage,
} from "@/lib/annotation-protocol/validate-web-annotation";
import { testDb } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";
import {
  ANNO_TYPE,
  BASE,
  containerUrl,
  json,
  protocolClient,
  tokenFor,
  webAnnotation,
} from "./protocol-client";

const db = testDb();
const api = protocolClient(db);

async function articleWithAnnotations(count: number) {
  const article = await createArticle(db);
  const author = await createUser(db);
  const text = article.revision.plainText;
  const quotes = [
    "first paragraph",
    "second paragraph",
    "third paragraph",
    "processing capacity",
    "supply chains",
  ];
  for (let index = 0; index < count; index += 1) {
    await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(text, quotes[index % quotes.length]!),
      body: `Note ${index}`,
      visibility: "PUBLIC",
    });
  }
  return { article, author };
}

/** Many public highlights at once, straight into the table (listing does not need anchoring records). */
async function bulkHighlights(count: number) {
  const article = await createArticle(db);
  const author = await createUser(db);
  const selector = selectorFor(article.revision.plainText, "first paragraph");
  await db.annotation.createMany({
    data: Array.from({ length: count }, () => ({
      articleId: article.id,
      revisionId: article.revision.id,
      authorId: author.id,
      visibility: "PUBLIC" as const,
      ...selector,
      originalExact: selector.exact,
    })),
  });
  return { article, author };
}

const links = (response: Response) => response.headers.get("link") ?? "";

describe("containers (protocol section 5)", () => {
  it("is at an IRI ending in / and answers GET with JSON-LD in the anno profile, BasicContainer and AnnotationCollection", async () => {
    const { article } = await articleWithAnnotations(2);
    const response = await api.call("GET", containerUrl(article.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(ANNO_TYPE);
    const body = await json(response);
    expect(body.type).toEqual(["BasicContainer", "AnnotationCollection"]);
    expect(String(body.id).startsWith(containerUrl(article.slug))).toBe(true);
    expect(containerUrl(article.slug).endsWith("/")).toBe(true);
    expect(body.total).toBe(2);
    expect(validateAnnotationCollection(body)).toEqual([]);
  });

  it("sends Allow, the type and constrainedBy links, ETag, Vary: Accept and a Content-Location equal to the id", async () => {
    const { article } = await articleWithAnnotations(1);
    const response = await api.call("GET", containerUrl(article.slug));
    const allow = response.headers.get("allow")!.split(/,\s*/);
    expect(allow).toEqual(expect.arrayContaining(["GET", "HEAD", "OPTIONS", "POST"]));
    expect(links(response)).toContain('<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"');
    expect(links(response)).toContain(
      '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"',
    );
    expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get("vary")).toMatch(/\bAccept\b/);
    expect(response.headers.get("vary")).toMatch(/\bPrefer\b/);
    expect(response.headers.get("accept-post")).toBe(ANNO_TYPE);
    expect(response.headers.get("content-location")).toBe((await json(response)).id);
  });

  it("answers HEAD with the headers of GET and no body, and OPTIONS with 200 and Allow", async () => {
    const { article } = await articleWithAnnotations(1);
    const get = await api.call("GET", containerUrl(article.slug));
    const head = await api.call("HEAD", containerUrl(article.slug));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(head.headers.get("content-type")).toBe(ANNO_TYPE);
    const options = await api.call("OPTIONS", containerUrl(article.slug));
    expect(options.status).toBe(200);
    expect(options.headers.get("allow")).toContain("POST");
  });

  it("pages its contents with AnnotationPage: first, last, next, prev, partOf and startIndex", async () => {
    const total = ANNOTATION_PAGE_SIZE * 2 + 17;
    const { article } = await bulkHighlights(total);
    const container = await json(await api.call("GET", containerUrl(article.slug)));
    expect(container.total).toBe(total);
    const first = container.first as Record<string, unknown>;
    expect(first.type).toBe("AnnotationPage");
    expect(first.startIndex).toBe(0);
    expect((first.items as unknown[]).length).toBe(ANNOTATION_PAGE_SIZE);
    expect(first.next).toBe(`${containerUrl(article.slug)}?iris=0&page=1`);
    expect(container.last).toBe(`${containerUrl(article.slug)}?iris=0&page=2`);

    const seen = new Set((first.items as { id: string }[]).map((item) => item.id));
    let next = first.next as string | undefined;
    let index = 1;
    while (next) {
      const response = await api.call("GET", next);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-location")).toBe(next);
      const page = await json(response);
      expect(page.type).toBe("AnnotationPage");
      expect(page.partOf).toEqual({ id: `${containerUrl(article.slug)}?iris=0`, total });
      expect(page.startIndex).toBe(index * ANNOTATION_PAGE_SIZE);
      expect(page.prev).toBe(`${containerUrl(article.slug)}?iris=0&page=${index - 1}`);
      expect(validateAnnotationPage(page, { last: page.next === undefined })).toEqual([]);
      for (const item of page.items as { id: string }[]) seen.add(item.id);
      next = page.next as string | undefined;
      index += 1;
    }
    expect(index).toBe(3);
    expect(seen.size).toBe(total);
    expect((await api.call("GET", `${containerUrl(article.slug)}?page=3`)).status).toBe(404);
    expect((await api.call("GET", `${containerUrl(article.slug)}?page=-1`)).status).toBe(400);
  });

  it("describes an empty container without pages", async () => {
    const article = await createArticle(db);
    const container = await json(await api.call("GET", containerUrl(article.slug)));
    expect(container.total).toBe(0);
    expect(container.first).toBeUndefined();
    expect(validateAnnotationCollection(container)).toEqual([]);
    expect((await api.call("GET", `${containerUrl(article.slug)}?page=0`)).status).toBe(404);
  });

  it("honours Prefer: minimal container, contained IRIs, contained descriptions, with Preference-Applied", async () => {
    const { article } = await articleWithAnnotations(3);
    const prefer = (iris: string) => ({ Prefer: `return=representation;include="${iris}"` });

    const minimal = await api.call("GET", containerUrl(article.slug), {
      headers: prefer(PREFER_MINIMAL_CONTAINER),
    });
    expect(minimal.headers.get("preference-applied")).toBe("return=representation");
    const minimalBody = await json(minimal);
    expect(minimalBody.first).toBe(`${containerUrl(article.slug)}?iris=0&page=0`);
    expect(minimalBody.last).toBe(`${containerUrl(article.slug)}?iris=0&page=0`);
    expect(JSON.stringify(minimalBody)).not.toContain('"items"');

    const iris = await json(
      await api.call("GET", containerUrl(article.slug), { headers: prefer(PREFER_CONTAINED_IRIS) }),
    );
    expect(iris.id).toBe(`${containerUrl(article.slug)}?iris=1`);
    const iriItems = (iris.first as { items: unknown[] }).items;
    expect(iriItems).toHaveLength(3);
    for (const item of iriItems) expect(item).toMatch(new RegExp(`^${containerUrl(article.slug)}[\\w-]+$`));

    const both = await api.call("GET", containerUrl(article.slug), {
      headers: {
        Prefer: `return=representation;include="${PREFER_MINIMAL_CONTAINER} ${PREFER_CONTAINED_IRIS}"`,
      },
    });
    expect((await json(both)).first).toBe(`${containerUrl(article.slug)}?iris=1&page=0`);

    const descriptions = await json(
      await api.call("GET", containerUrl(article.slug), { headers: prefer(PREFER_CONTAINED_DESCRIPTIONS) }),
    );
    const described = (descriptions.first as { items: Record<string, unknown>[] }).items;
    expect(described.map((item) => item.type)).toEqual(["Annotation", "Annotation", "Annotation"]);

    // Different representations, different validators.
    expect(
      new Set([JSON.stringify(minimalBody), JSON.stringify(iris), JSON.stringify(descriptions)]).size,
    ).toBe(3);
  });

  it("ignores unknown Prefer tokens (RFC 7240 §2) and refuses only a contradictory one with 400", async () => {
    const { article } = await articleWithAnnotations(1);
    const plain = await json(await api.call("GET", containerUrl(article.slug)));
    for (const prefer of [
      'return=representation;include="http://www.w3.org/ns/ldp#PreferContainment"',
      'return=representation;omit="http://www.w3.org/ns/ldp#PreferMembership"',
      "return=minimal",
      "handling=lenient",
      "wait=10, respond-async",
    ]) {
      const response = await api.call("GET", containerUrl(article.slug), { headers: { Prefer: prefer } });
      expect(response.status, prefer).toBe(200);
      expect(response.headers.get("preference-applied"), prefer).toBeNull();
      expect(await json(response), prefer).toEqual(plain);
    }
    const omitted = await api.call("GET", containerUrl(article.slug), {
      headers: { Prefer: 'return=representation;omit="http://www.w3.org/ns/ldp#PreferContainment"' },
    });
    expect(omitted.headers.get("preference-applied")).toBe("return=representation");
    expect(typeof (await json(omitted)).first).toBe("string");
    const contradictory = await api.call("GET", containerUrl(article.slug), {
      headers: {
        Prefer: `return=representation;include="${PREFER_CONTAINED_IRIS} ${PREFER_CONTAINED_DESCRIPTIONS}"`,
      },
    });
    expect(contradictory.status).toBe(400);
    expect(contradictory.headers.get("content-type")).toBe("application/json");
    expect(((await json(contradictory)).error as { message: string }).message).toMatch(/contradict/);
  });

  it("answers a current If-None-Match with 304, and a format it cannot serve with 406", async () => {
    const { article } = await articleWithAnnotations(1);
    const first = await api.call("GET", containerUrl(article.slug));
    const again = await api.call("GET", containerUrl(article.slug), {
      headers: { "If-None-Match": first.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(
      (await api.call("GET", containerUrl(article.slug), { headers: { Accept: "text/turtle" } })).status,
    ).toBe(406);
    expect(
      (await api.call("GET", containerUrl(article.slug), { headers: { Accept: "application/ld+json" } }))
        .status,
    ).toBe(200);
  });

  it("answers 404 in JSON for a container of a missing article", async () => {
    const response = await api.call("GET", containerUrl("no-such-article-anywhere"));
    expect(response.status).toBe(404);
    expect(((await json(response)).error as { code: string }).code).toBe("not_found");
  });
});

describe("annotations (protocol section 4)", () => {
  it("answers GET with the anno profile, the ldp#Resource type link, ETag, Allow, Vary and a valid Web Annotation", async () => {
    const { article } = await articleWithAnnotations(1);
    const container = await json(await api.call("GET", containerUrl(article.slug)));
    const id = (container.first as { items: { id: string }[] }).items[0]!.id;
    const response = await api.call("GET", id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(ANNO_TYPE);
    expect(links(response)).toContain('<http://www.w3.org/ns/ldp#Resource>; rel="type"');
    expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get("allow")!.split(/,\s*/)).toEqual(
      expect.arrayContaining(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]),
    );
    expect(response.headers.get("vary")).toMatch(/\bAccept\b/);
    const annotation = await json(response);
    expect(annotation.id).toBe(id);
    expect(validateAnnotation(annotation)).toEqual([]);
    expect((await api.call("HEAD", id)).status).toBe(200);
    expect((await api.call("OPTIONS", id)).status).toBe(200);
  });

  it("creates on POST: 201, Location = id under the container IRI, canonical preserved, the text visible to other readers", async () => {
    const article = await createArticle(db);
    const [author, reader] = await Promise.all([createUser(db), createUser(db)]);
    const token = await tokenFor(db, author);
    const canonical = `urn:uuid:${crypto.randomUUID()}`;
    const response = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "second paragraph", {
        canonical,
        body: [
          {
            type: "TextualBody",
            value: "Processing *matters*.",
            format: "text/markdown",
            purpose: "commenting",
          },
          { type: "TextualBody", value: "refining", purpose: "tagging" },
        ],
        "marginalia:visibility": "PUBLIC",
        "marginalia:label": "question",
      }),
    });
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(response.headers.get("location")).toBe(created.id);
    expect(String(created.id).startsWith(containerUrl(article.slug))).toBe(true);
    expect(created.canonical).toBe(canonical);
    expect(created["marginalia:label"]).toBe("question");
    expect(validateAnnotation(created)).toEqual([]);

    const seenByReader = await json(
      await api.call("GET", String(created.id), { token: await tokenFor(db, reader, "READ") }),
    );
    // Each body names its creator, creation time and language (Model §3.3.1, issue 17).
    const provenance = {
      creator: (seenByReader.creator as { id: string }).id,
      created: seenByReader.created,
      language: "en",
    };
    expect(seenByReader.body).toEqual([
      {
        type: "TextualBody",
        value: "Processing *matters*.",
        format: "text/markdown",
        purpose: "commenting",
        ...provenance,
      },
      { type: "TextualBody", value: "refining", purpose: "tagging", ...provenance },
    ]);
    const row = await db.annotation.findFirstOrThrow({
      where: { articleId: article.id },
      select: { canonical: true, exact: true, tags: true },
    });
    expect(row).toEqual({ canonical, exact: "second paragraph", tags: ["refining"] });
  });

  it("anchors a quote sent without a position, and replays a retried POST with the same Idempotency-Key", async () => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db));
    const document = {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      target: {
        source: `${BASE}/articles/${article.slug}`,
        selector: { type: "TextQuoteSelector", exact: "processing capacity" },
      },
    };
    const headers = { "Idempotency-Key": `key-${crypto.randomUUID()}` };
    const first = await api.call("POST", containerUrl(article.slug), { token, body: document, headers });
    expect(first.status).toBe(201);
    const retry = await api.call("POST", containerUrl(article.slug), { token, body: document, headers });
    expect(retry.status).toBe(200);
    expect((await json(retry)).id).toBe((await json(first)).id);
    const rows = await db.annotation.findMany({
      where: { articleId: article.id },
      select: { start: true, exact: true },
    });
    expect(rows).toEqual([
      { start: article.revision.plainText.indexOf("processing capacity"), exact: "processing capacity" },
    ]);
  });

  it("replaces on PUT with a current If-Match; a stale one gets 412, none gets 428, and neither changes anything", async () => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db));
    const created = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph", {
        body: { type: "TextualBody", value: "v1" },
      }),
    });
    const etag = created.headers.get("etag")!;
    const annotation = await json(created);
    const id = String(annotation.id);

    const missing = await api.call("PUT", id, {
      token,
      body: { ...annotation, body: { type: "TextualBody", value: "no precondition" } },
    });
    expect(missing.status).toBe(428);

    const replaced = await api.call("PUT", id, {
      token,
      headers: { "If-Match": etag },
      body: { ...annotation, body: { type: "TextualBody", value: "v2" } },
    });
    expect(replaced.status).toBe(200);
    const after = await json(replaced);
    expect(after.body).toMatchObject({ value: "v2" });
    expect(replaced.headers.get("etag")).not.toBe(etag);
    expect(validateAnnotation(after)).toEqual([]);

    const stale = await api.call("PUT", id, {
      token,
      headers: { "If-Match": etag },
      body: { ...annotation, body: { type: "TextualBody", value: "v3" } },
    });
    expect(stale.status).toBe(412);
    const row = await db.annotation.findUniqueOrThrow({
      where: { id: id.split("/").at(-1)! },
      select: { body: true },
    });
    expect(row.body).toBe("v2");
  });

  it("refuses a PUT that changes the id or the target, storing nothing", async () => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db));
    const created = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "first paragraph", {
        body: { type: "TextualBody", value: "original" },
      }),
    });
    const etag = created.headers.get("etag")!;
    const annotation = await json(created);
    const id = String(annotation.id);
    const otherId = await api.call("PUT", id, {
      token,
      headers: { "If-Match": etag },
      body: {
        ...annotation,
        id: `${containerUrl(article.slug)}someone-else`,
        body: { type: "TextualBody", value: "x" },
      },
    });
    expect(otherId.status).toBe(400);
    expect(((await json(otherId)).error as { message: string }).message).toMatch(/id/);
    const moved = webAnnotation(article.slug, article.revision.plainText, "second paragraph");
    const otherTarget = await api.call("PUT", id, {
      token,
      headers: { "If-Match": etag },
      body: { ...annotation, target: moved.target },
    });
    expect(otherTarget.status).toBe(422);
    const row = await db.annotation.findUniqueOrThrow({
      where: { id: id.split("/").at(-1)! },
      select: { body: true, exact: true },
    });
    expect(row).toEqual({ body: "original", exact: "first paragraph" });
  });

  it("deletes on DELETE with 204 (then 404), and refuses a stale If-Match with 412", async () => {
    const article = await createArticle(db);
    const token = await tokenFor(db, await createUser(db));
    const created = await api.call("POST", containerUrl(article.slug), {
      token,
      body: webAnnotation(article.slug, article.revision.plainText, "third paragraph"),
    });
    const id = String((await json(created)).id);
    expect((await api.call("DELETE", id, { token, headers: { "If-Match": '"stale"' } })).status).toBe(412);
    expect((await api.call("GET", id, { token })).status).toBe(200);
    const deleted = await api.call("DELETE", id, { token });
    expect(deleted.status).toBe(204);
    expect((await api.call("GET", id, { token })).status).toBe(404);
    expect((await api.call("DELETE", id, { token })).status).toBe(404);
  });

  it("lets only the author change an annotation: another reader's PUT and DELETE get 403", async () => {
    const { article } = await articleWithAnnotations(1);
    const intruder = await tokenFor(db, await createUser(db));
    const container = await json(await api.call("GET", containerUrl(article.slug)));
    const annotation = (container.first as { items: Record<string, unknown>[] }).items[0]!;
    const id = String(annotation.id);
    const etag = (await api.call("GET", id, { token: intruder })).headers.get("etag")!;
    expect(
      (
        await api.call("PUT", id, {
          token: intruder,
          headers: { "If-Match": etag },
          body: { ...annotation, "@context": "http://www.w3.org/ns/anno.jsonld" },
        })
      ).status,
    ).toBe(403);
    expect((await api.call("DELETE", id, { token: intruder })).status).toBe(403);
    expect((await api.call("GET", id)).status).toBe(200);
  });
});
