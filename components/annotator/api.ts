// Typed calls to the annotation API (see lib/annotations/schemas.ts for the shapes). Every request is a
// same-origin fetch, so the route handlers' Origin check passes and the session cookie goes along.
import type {
  AnnotationDto,
  AnnotationListDto,
  ApiErrorDto,
  CreateAnnotationInput,
  UpdateAnnotationInput,
} from "@/lib/annotations/schemas";
import type { ImportReport } from "@/lib/annotations/export-import";
import type { TextSelector } from "@/lib/annotations/selectors";

/** A refusal from the server (or the network), with the message to show the reader. */
export class AnnotationApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string[]> = {},
    /** A refused stale edit's current annotation, so the reader's text and the saved one both stay in view. */
    readonly current: AnnotationDto | null = null,
  ) {
    super(message);
    this.name = "AnnotationApiError";
  }
}

function isApiError(value: unknown): value is ApiErrorDto {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const { error } = value;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        ...(init.body ? { "Content-Type": "application/json" } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new AnnotationApiError(
      "Could not reach the server. Check your connection and try again.",
      0,
      "network",
    );
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isApiError(data))
      throw new AnnotationApiError(
        data.error.message,
        response.status,
        data.error.code,
        data.error.fields,
        data.current ?? null,
      );
    throw new AnnotationApiError(
      `The server refused the request (HTTP ${response.status}).`,
      response.status,
      "http",
    );
  }
  return data as T;
}

const articleBase = (slug: string) => `/api/articles/${encodeURIComponent(slug)}/annotations`;

/** The list with the live event id it was read at: the page's event stream starts after it. */
export type AnnotationListWithCursor = AnnotationListDto & { liveCursor: string };

export const annotationApi = {
  list: (slug: string) => request<AnnotationListWithCursor>(articleBase(slug), { cache: "no-store" }),
  create: (slug: string, input: CreateAnnotationInput) =>
    request<AnnotationDto>(articleBase(slug), { method: "POST", body: JSON.stringify(input) }),
  update: (id: string, input: UpdateAnnotationInput) =>
    request<AnnotationDto>(`/api/annotation-items/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: JSON.stringify(input),
    }),
  remove: (id: string) =>
    request<undefined>(`/api/annotation-items/${encodeURIComponent(id)}`, { method: "DELETE" }),
  reattach: (id: string, revisionId: string, selector: TextSelector) =>
    request<AnnotationDto>(`/api/annotation-items/${encodeURIComponent(id)}/reattach`, {
      method: "POST",
      body: JSON.stringify({ revisionId, selector }),
    }),
  exportUrl: (slug: string, format: "markdown" | "jsonld") => `${articleBase(slug)}/export?format=${format}`,
  /** Imports a W3C Web Annotation JSON-LD document (e.g. an export) as the viewer's annotations. */
  importJsonLd: (slug: string, document: unknown) =>
    request<ImportReport>(`${articleBase(slug)}/import`, { method: "POST", body: JSON.stringify(document) }),
};
