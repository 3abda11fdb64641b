// The route handlers of the W3C Web Annotation Protocol, built from their dependencies so the same code
// serves the app (app/api/annotations/[slug]/**) and the integration tests (a test database, no Next
// request context):
//   /api/annotations/<slug>/        the article's container: GET, HEAD, OPTIONS, POST
//   /api/annotations/<slug>/<id>    one annotation: GET, HEAD, OPTIONS, PUT, DELETE
import { createAnnotation, deleteAnnotation, updateAnnotation } from "../annotations/commands";
import { ApiError } from "../api/errors";
import type { Db } from "../db/prisma-factory";
import { ANNOTATION_API_WRITES_PER_USER } from "../rate-limit/limits";
import { consume, retryAfterSeconds } from "../rate-limit/limiter";
import { type Caller, resolveCaller, type SessionReader, writer } from "./caller";
import {
  ANNO_PROFILE_MEDIA_TYPE,
  ANNOTATION_METHODS,
  ANNOTATION_PROTOCOL_SPEC,
  CONTAINER_METHODS,
  LDP_BASIC_CONTAINER,
  LDP_CONSTRAINED_BY,
  LDP_RESOURCE,
  MAX_ANNOTATION_BODY_BYTES,
  MAX_PAGE_NUMBER,
} from "./constants";
import { corsHeaders, isPreflight, preflightHeaders } from "./cors";
import { computeEtag, ifMatchSatisfied, ifNoneMatchHit } from "./etag";
import { describeError, ProtocolError, readJson } from "./http";
import { acceptsJsonLd, isJsonContentType } from "./negotiation";
import { parseContainerPreference } from "./prefer";
import {
  annotationIri,
  containerDocument,
  containerIri,
  type ContainerView,
  lastPageIndex,
  pageDocument,
  toApiWebAnnotation,
} from "./representation";
import {
  annotationPage,
  type ContainerArticle,
  containerQuery,
  countAnnotations,
  findContainerArticle,
  findVisibleAnnotation,
} from "./store";
import { createInputFromWebAnnotation, updateInputFromWebAnnotation } from "./web-annotation-input";

export interface ProtocolDeps {
  db: Db;
  /** The site's public origin, without a trailing slash (lib/env.ts siteUrl). */
  baseUrl: () => string;
  /** The cookie session's user; only called for same-origin requests without a token. */
  readSession: SessionReader;
}

type ContainerContext = { params: Promise<{ slug: string }> };
type AnnotationContext = { params: Promise<{ slug: string; id: string }> };
type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

// The representation depends on all of these: the format, the Prefer header, and who is asking.
const VARY = "Accept, Prefer, Authorization, Cookie, Origin";
const CONTAINER_LINK = `<${LDP_BASIC_CONTAINER}>; rel="type", <${ANNOTATION_PROTOCOL_SPEC}>; rel="${LDP_CONSTRAINED_BY}"`;
const ANNOTATION_LINK = `<${LDP_RESOURCE}>; rel="type"`;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,100}$/;

interface Resource {
  methods: readonly string[];
  link: string;
  extra?: Record<string, string>;
}

const CONTAINER: Resource = {
  methods: CONTAINER_METHODS,
  link: CONTAINER_LINK,
  extra: { "Accept-Post": ANNO_PROFILE_MEDIA_TYPE },
};
const ANNOTATION: Resource = { methods: ANNOTATION_METHODS, link: ANNOTATION_LINK };

function resourceHeaders(resource: Resource): Record<string, string> {
  return { Allow: resource.methods.join(", "), Link: resource.link, Vary: VARY, ...resource.extra };
}

/** A JSON-LD response with every header the protocol asks of it (ETag, Content-Location, Link, Allow, Vary). */
function jsonLd(
  request: Request,
  resource: Resource,
  document: object,
  {
    status = 200,
    contentLocation,
    headers = {},
  }: { status?: number; contentLocation: string; headers?: Record<string, string> },
): Response {
  const body = JSON.stringify(document);
  const etag = computeEtag(body);
  const all = {
    ...corsHeaders(request),
    ...resourceHeaders(resource),
    "Content-Type": ANNO_PROFILE_MEDIA_TYPE,
    "Content-Location": contentLocation,
    ETag: etag,
    // Per caller (tokens, sessions): never stored by a shared cache; revalidated with the ETag.
    "Cache-Control": "private, no-cache",
    ...headers,
  };
  if (
    (request.method === "GET" || request.method === "HEAD") &&
    ifNoneMatchHit(request.headers.get("if-none-match"), etag)
  ) {
    return new Response(null, { status: 304, headers: all });
  }
  return new Response(request.method === "HEAD" ? null : body, { status, headers: all });
}

function wrap<Context>(resource: Resource, where: string, handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const { status, headers, body } = describeError(error, where);
      return new Response(request.method === "HEAD" ? null : body, {
        status,
        headers: {
          ...corsHeaders(request),
          ...resourceHeaders(resource),
          "Content-Type": "application/json",
          "Cache-Control": "no-store",
          ...headers,
        },
      });
    }
  };
}

function options(resource: Resource): Handler<unknown> {
  return (request) => {
    const headers = isPreflight(request) ? preflightHeaders(request, resource.methods) : corsHeaders(request);
    return Promise.resolve(
      new Response(null, { status: 200, headers: { ...headers, ...resourceHeaders(resource) } }),
    );
  };
}

function assertAcceptable(request: Request) {
  if (!acceptsJsonLd(request.headers.get("accept"))) {
    throw new ProtocolError(406, "not_acceptable", `This API serves ${ANNO_PROFILE_MEDIA_TYPE} only.`);
  }
}

async function readAnnotationBody(request: Request): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new ApiError("unsupported_media_type", `Send the annotation as ${ANNO_PROFILE_MEDIA_TYPE}.`);
  }
  return readJson(request, MAX_ANNOTATION_BODY_BYTES);
}

async function rateLimitWrite(db: Db, user: { id: string }) {
  const state = await consume(db, ANNOTATION_API_WRITES_PER_USER, user.id);
  if (!state.allowed) {
    throw new ApiError(
      "rate_limited",
      `Too many writes: at most ${state.limit} a minute. Try again shortly.`,
      undefined,
      {
        "Retry-After": String(retryAfterSeconds(state.retryAt)),
      },
    );
  }
}

function pageNumber(value: string | null): number | null {
  if (value === null) return null;
  if (!/^\d{1,7}$/.test(value) || Number(value) > MAX_PAGE_NUMBER) {
    throw new ApiError("bad_request", "page must be a whole number from 0.");
  }
  return Number(value);
}

function irisFlag(value: string | null): boolean | null {
  if (value === null) return null;
  if (value !== "0" && value !== "1")
    throw new ApiError("bad_request", "iris must be 0 (descriptions) or 1 (IRIs).");
  return value === "1";
}

function annotationContext(baseUrl: string, article: ContainerArticle) {
  return {
    baseUrl,
    slug: article.slug,
    revisionNumbers: article.revisionNumbers,
    revisionTexts: new Map([[article.revision.id, article.revision.plainText]]),
  };
}

export function containerHandlers(deps: ProtocolDeps) {
  const { db } = deps;

  // GET /api/annotations/:slug/ - the container (Prefer decides the representation); ?page=N&iris=0|1 - one page
  const get = wrap(CONTAINER, "container GET", async (request: Request, { params }: ContainerContext) => {
    assertAcceptable(request);
    const preference = parseContainerPreference(request.headers.get("prefer"));
    const url = new URL(request.url);
    const page = pageNumber(url.searchParams.get("page"));
    const irisParam = irisFlag(url.searchParams.get("iris"));
    const { slug } = await params;
    const caller = await resolveCaller(request, db, deps.readSession);
    const article = await findContainerArticle(db, slug);
    const query = await containerQuery(db, caller.user, article);
    const total = await countAnnotations(db, query);
    const baseUrl = deps.baseUrl();
    const view: ContainerView = {
      baseUrl,
      slug: article.slug,
      title: article.title,
      total,
      iris: irisParam ?? preference.iris,
    };
    const context = annotationContext(baseUrl, article);

    if (page !== null) {
      if (total === 0) throw new ApiError("not_found", "This container is empty, so it has no pages.");
      if (page > lastPageIndex(total))
        throw new ApiError("not_found", `This container has pages 0 to ${lastPageIndex(total)}.`);
      const items = (await annotationPage(db, query, page)).map((annotation) =>
        toApiWebAnnotation(annotation, context),
      );
      const document = pageDocument(view, page, items);
      return jsonLd(request, CONTAINER, document, { contentLocation: document.id });
    }
    const firstItems = preference.minimal
      ? null
      : (await annotationPage(db, query, 0)).map((annotation) => toApiWebAnnotation(annotation, context));
    const document = containerDocument(view, firstItems);
    return jsonLd(request, CONTAINER, document, {
      contentLocation: document.id,
      headers: preference.applied ? { "Preference-Applied": "return=representation" } : {},
    });
  });

  // POST /api/annotations/:slug/ - create an annotation (201, Location); a token with write scope or a same-origin session
  const post = wrap(CONTAINER, "container POST", async (request: Request, { params }: ContainerContext) => {
    assertAcceptable(request);
    const { slug } = await params;
    const caller = await resolveCaller(request, db, deps.readSession);
    const user = writer(caller);
    const document = await readAnnotationBody(request);
    const idempotencyKey = request.headers.get("idempotency-key");
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new ApiError("bad_request", "Idempotency-Key must be 8 to 100 visible ASCII characters.");
    }
    const article = await findContainerArticle(db, slug);
    const baseUrl = deps.baseUrl();
    const { input, canonical } = await createInputFromWebAnnotation(
      db,
      article,
      baseUrl,
      document,
      idempotencyKey,
    );
    const { annotation, created } = await createAnnotation(db, user, slug, input, {
      canonical,
      enforceFloodLimit: true,
      // Counted inside the command, after the Idempotency-Key lookup: a retry is not a new write.
      writeLimit: ANNOTATION_API_WRITES_PER_USER,
    });
    const query = await containerQuery(db, user, article);
    const stored = toApiWebAnnotation(
      await findVisibleAnnotation(db, query, annotation.id),
      annotationContext(baseUrl, article),
    );
    // A retry with the same Idempotency-Key answers 200 with the annotation the first request created.
    return jsonLd(request, ANNOTATION, stored, {
      status: created ? 201 : 200,
      contentLocation: stored.id,
      headers: { Location: stored.id },
    });
  });

  return { GET: get, HEAD: get, OPTIONS: options(CONTAINER) as Handler<ContainerContext>, POST: post };
}

export function annotationHandlers(deps: ProtocolDeps) {
  const { db } = deps;

  async function load(request: Request, params: AnnotationContext["params"]) {
    const { slug, id } = await params;
    const caller = await resolveCaller(request, db, deps.readSession);
    const article = await findContainerArticle(db, slug);
    const query = await containerQuery(db, caller.user, article);
    const annotation = await findVisibleAnnotation(db, query, id);
    const baseUrl = deps.baseUrl();
    const document = toApiWebAnnotation(annotation, annotationContext(baseUrl, article));
    return { caller, article, query, annotation, document, baseUrl };
  }

  /** If-Match is required on PUT (428 without it) and honoured on DELETE: a stale ETag gets 412. */
  function checkPrecondition(request: Request, document: object, required: boolean) {
    const ifMatch = request.headers.get("if-match");
    if (ifMatch === null) {
      if (required)
        throw new ProtocolError(
          428,
          "precondition_required",
          "Send If-Match with the ETag of the annotation you are replacing.",
        );
      return;
    }
    if (!ifMatchSatisfied(ifMatch, computeEtag(JSON.stringify(document)))) {
      throw new ApiError(
        "precondition_failed",
        "The annotation changed since you read it (ETag mismatch). GET it again and retry.",
      );
    }
  }

  function assertOwner(caller: Caller, annotation: { isMine: boolean }) {
    const user = writer(caller);
    if (!annotation.isMine) throw new ApiError("forbidden", "You can only change your own annotations.");
    return user;
  }

  // GET /api/annotations/:slug/:id - one annotation the caller may see
  const get = wrap(ANNOTATION, "annotation GET", async (request: Request, { params }: AnnotationContext) => {
    assertAcceptable(request);
    const { document } = await load(request, params);
    return jsonLd(request, ANNOTATION, document, { contentLocation: document.id });
  });

  // PUT /api/annotations/:slug/:id - replace one's own annotation (If-Match required)
  const put = wrap(ANNOTATION, "annotation PUT", async (request: Request, { params }: AnnotationContext) => {
    assertAcceptable(request);
    const { caller, article, query, annotation, document, baseUrl } = await load(request, params);
    const user = assertOwner(caller, annotation);
    await rateLimitWrite(db, user);
    checkPrecondition(request, document, true);
    const replacement = await readAnnotationBody(request);
    const sentId = (replacement as { id?: unknown } | null)?.id;
    if (sentId !== undefined && sentId !== document.id) {
      throw new ApiError("bad_request", `The id of an annotation cannot change: it must be ${document.id}.`, {
        id: ["Changed"],
      });
    }
    await updateAnnotation(
      db,
      user,
      annotation.id,
      updateInputFromWebAnnotation(annotation, article, baseUrl, replacement),
      // The If-Match check above and this write agree on the version: a PUT racing another fails with 412.
      { expectedUpdatedAt: annotation.updatedAt },
    );
    const updated = toApiWebAnnotation(
      await findVisibleAnnotation(db, query, annotation.id),
      annotationContext(baseUrl, article),
    );
    return jsonLd(request, ANNOTATION, updated, { contentLocation: updated.id });
  });

  // DELETE /api/annotations/:slug/:id - delete one's own annotation (204); If-Match honoured when sent
  const del = wrap(
    ANNOTATION,
    "annotation DELETE",
    async (request: Request, { params }: AnnotationContext) => {
      const { caller, annotation, document } = await load(request, params);
      const user = assertOwner(caller, annotation);
      await rateLimitWrite(db, user);
      checkPrecondition(request, document, false);
      await deleteAnnotation(db, user, annotation.id);
      return new Response(null, {
        status: 204,
        headers: { ...corsHeaders(request), ...resourceHeaders(ANNOTATION) },
      });
    },
  );

  return {
    GET: get,
    HEAD: get,
    OPTIONS: options(ANNOTATION) as Handler<AnnotationContext>,
    PUT: put,
    DELETE: del,
  };
}

export { annotationIri, containerIri };
