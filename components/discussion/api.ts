// Typed calls to the discussion API (shapes in lib/discussion/schemas.ts). Same-origin fetches, so the
// route handlers' Origin check passes and the session cookie goes along.
import type {
  CommentDto,
  CommentPageDto,
  CommentSort,
  CreateCommentInput,
  PersonDto,
  ReactionInput,
  ReactionResultDto,
  ThreadDto,
} from "@/lib/discussion/schemas";

export class DiscussionApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[]> = {},
    /** A refused stale edit's comment as saved now (412). */
    readonly current: CommentDto | null = null,
  ) {
    super(message);
    this.name = "DiscussionApiError";
  }
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}) },
    });
  } catch {
    throw new DiscussionApiError("Could not reach the server. Check your connection and try again.", 0);
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as {
    error?: { message?: string; fields?: Record<string, string[]> };
    current?: CommentDto;
  } | null;
  if (!response.ok) {
    throw new DiscussionApiError(
      data?.error?.message ?? `The server refused the request (HTTP ${response.status}).`,
      response.status,
      data?.error?.fields,
      data?.current ?? null,
    );
  }
  return data as T;
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const articleBase = (slug: string) => `/api/articles/${encodeURIComponent(slug)}`;
const annotationBase = (id: string) => `/api/annotation-items/${encodeURIComponent(id)}`;

export const discussionApi = {
  comments: (slug: string, sort: CommentSort, page = 1) =>
    request<CommentPageDto>(`${articleBase(slug)}/comments?sort=${sort}&page=${page}`),
  postComment: (slug: string, input: CreateCommentInput) =>
    request<CommentDto>(`${articleBase(slug)}/comments`, json("POST", input)),
  thread: (annotationId: string) => request<ThreadDto>(`${annotationBase(annotationId)}/replies`),
  postReply: (annotationId: string, input: CreateCommentInput) =>
    request<CommentDto>(`${annotationBase(annotationId)}/replies`, json("POST", input)),
  /** `version`: the one the editor started from; a save made elsewhere since gets a 412 and the text stays. */
  edit: (id: string, body: string, version?: number) =>
    request<CommentDto>(`/api/comments/${encodeURIComponent(id)}`, json("PATCH", { body, version })),
  remove: (id: string) => request<undefined>(`/api/comments/${encodeURIComponent(id)}`, { method: "DELETE" }),
  react: (input: ReactionInput, on: boolean) =>
    request<ReactionResultDto>("/api/reactions", json(on ? "POST" : "DELETE", input)),
  resolve: (annotationId: string, resolved: boolean) =>
    request<{ resolvedAt: string | null; resolvedBy: PersonDto | null }>(
      `${annotationBase(annotationId)}/resolve`,
      { method: resolved ? "POST" : "DELETE" },
    ),
  mentionable: (target: { slug: string } | { annotationId: string }, q: string) =>
    request<{ people: PersonDto[] }>(
      "slug" in target
        ? `${articleBase(target.slug)}/comments/mentionable?q=${encodeURIComponent(q)}`
        : `${annotationBase(target.annotationId)}/replies/mentionable?q=${encodeURIComponent(q)}`,
    ),
};
