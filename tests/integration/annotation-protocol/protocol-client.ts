// Calls the annotation API's real route handlers (lib/annotation-protocol/handlers.ts) with Request objects,
// on the test database: the same code the app's route files export, without a Next server.
import { annotationHandlers, containerHandlers } from "@/lib/annotation-protocol/handlers";
import type { SessionReader } from "@/lib/annotation-protocol/caller";
import { createApiToken } from "@/lib/api-tokens/tokens";
import type { TokenScopeName } from "@/lib/api-tokens/schemas";
import type { SessionUser } from "@/lib/auth/session-user";
import type { Db } from "@/lib/db/prisma-factory";

export const BASE = "http://localhost:3000";
export const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

const CONTAINER_PATH = /^\/api\/annotations\/([^/]+)\/?$/;
const ANNOTATION_PATH = /^\/api\/annotations\/([^/]+)\/([^/]+)$/;

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON-LD; a string as is. */
  body?: unknown;
}

/** A client for the API, bound to a database and (optionally) a cookie session reader. */
export function protocolClient(db: Db, readSession: SessionReader = () => Promise.resolve(null)) {
  const deps = { db, baseUrl: () => BASE, readSession };
  const container = containerHandlers(deps);
  const annotation = annotationHandlers(deps);

  async function call(
    method: string,
    urlOrPath: string,
    { token, headers = {}, body }: CallOptions = {},
  ): Promise<Response> {
    const url = new URL(urlOrPath, BASE);
    const allHeaders = new Headers(headers);
    if (token) allHeaders.set("Authorization", `Bearer ${token}`);
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      if (!allHeaders.has("content-type")) allHeaders.set("Content-Type", ANNO_TYPE);
    }
    const request = new Request(url, { method, headers: allHeaders, body: payload });
    const annotationMatch = ANNOTATION_PATH.exec(url.pathname);
    if (annotationMatch) {
      const handler = annotation[method as keyof typeof annotation];
      if (!handler) return new Response(null, { status: 405 });
      return handler(request, {
        params: Promise.resolve({
          slug: decodeURIComponent(annotationMatch[1]!),
          id: decodeURIComponent(annotationMatch[2]!),
        }),
      });
    }
    const containerMatch = CONTAINER_PATH.exec(url.pathname);
    if (containerMatch) {
      const handler = container[method as keyof typeof container];
      if (!handler) return new Response(null, { status: 405 });
      return handler(request, { params: Promise.resolve({ slug: decodeURIComponent(containerMatch[1]!) }) });
    }
    throw new Error(`No API route for ${url.pathname}`);
  }

  return { call, container, annotation };
}

export async function tokenFor(
  db: Db,
  user: SessionUser,
  scope: TokenScopeName = "READ_WRITE",
): Promise<string> {
  const { token } = await createApiToken(db, user, { name: `test ${scope}`, scope, expiresInDays: 30 });
  return token;
}

export function containerUrl(slug: string): string {
  return `${BASE}/api/annotations/${slug}/`;
}

/** A Web Annotation on `quote` of revision 1 of the article, as a client would write it. */
export function webAnnotation(
  slug: string,
  plainText: string,
  quote: string,
  extra: Record<string, unknown> = {},
) {
  const start = plainText.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    target: {
      source: `${BASE}/articles/${slug}/revisions/1`,
      selector: [
        { type: "TextQuoteSelector", exact: quote },
        { type: "TextPositionSelector", start, end: start + quote.length },
      ],
    },
    ...extra,
  };
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
