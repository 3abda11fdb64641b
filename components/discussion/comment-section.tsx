"use client";

// The article's comment section ("Leave a Reply"): read by everyone, written by signed-in readers.
// A client component fed by the discussion API, because the article page is statically cached and must
// not read cookies. Others' new comments wait behind an "N new — show" prompt so nothing moves under the
// reader; one's own appear at once.
import { useCallback, useEffect, useRef, useState } from "react";
import { COMMENT_SORTS, type CommentSort, type ReactionKindDto } from "@/lib/discussion/limits";
import type { CommentPageDto } from "@/lib/discussion/schemas";
import { DiscussionApiError, discussionApi } from "./api";
import { CommentForm } from "./comment-form";
import { CommentItem, type CommentActions } from "./comment-item";
import { COMMENT_SECTION_CLASS, COMMENTS_HEADING_ID } from "./comment-section-frame";
import { useLiveEvents, type LiveMessage } from "./use-live-events";

const SORT_LABELS: Record<CommentSort, string> = {
  oldest: "Oldest first",
  newest: "Newest first",
  reactions: "Most reactions",
};
const COMMENT_EVENT = /^comment\./;
const COMMENT_HASH = /^#comment-[\w-]+$/;

export function CommentSection({ slug }: { slug: string }) {
  const [sort, setSort] = useState<CommentSort>("oldest");
  const [page, setPage] = useState(1);
  const [data, setData] = useState<CommentPageDto | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [newCount, setNewCount] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  useEffect(() => {
    let current = true;
    discussionApi.comments(slug, sort, page).then(
      (next) => {
        if (!current) return;
        setData(next);
        setLoadError(null);
        setNewCount(0);
      },
      (error: unknown) => {
        if (current)
          setLoadError(error instanceof DiscussionApiError ? error.message : "Comments could not be loaded.");
      },
    );
    return () => {
      current = false;
    };
  }, [slug, sort, page, reloadKey]);

  // A link to one comment (a notification's #comment-<id>): the comments arrive after the page, so the
  // browser's own jump to the fragment found nothing; it is made once they are shown.
  const jumpedToComment = useRef(false);
  useEffect(() => {
    if (!data || jumpedToComment.current || !COMMENT_HASH.test(window.location.hash)) return;
    jumpedToComment.current = true;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: "start" });
  }, [data]);

  const viewerId = data?.viewer?.id ?? null;
  useLiveEvents(slug, data?.liveCursor ?? null, {
    onEvent: (message: LiveMessage) => {
      const aboutComments =
        COMMENT_EVENT.test(message.type) ||
        (message.type === "reaction.changed" && message.payload.annotationId == null);
      // One's own changes are already shown (each action reloads when it succeeds).
      if (!aboutComments || message.payload.actorId === viewerId) return;
      if (message.type === "comment.created") {
        setNewCount((count) => count + 1);
        setAnnouncement("New comments are available.");
      } else if (newCount === 0) {
        // Edits, deletions and reactions by others refresh in place, unless new comments are waiting
        // behind the prompt (a refresh would show them unasked).
        reload();
      }
    },
    onReset: reload,
  });

  const canWrite = data?.viewer?.canComment ?? false;
  const actions: CommentActions = {
    canWrite,
    reply: (parentId, body) => post(parentId, body),
    edit: async (id, body, version) => {
      try {
        await discussionApi.edit(id, body, version);
      } finally {
        // Also after a refused stale edit: the list shows the text saved elsewhere beside the editor.
        reload();
      }
    },
    remove: async (id) => {
      await discussionApi.remove(id);
      reload();
    },
    react: async (id: string, kind: ReactionKindDto, on: boolean) => {
      await discussionApi.react({ kind, commentId: id }, on);
      reload();
    },
  };
  async function post(parentId: string | null, body: string) {
    await discussionApi.postComment(slug, { body, parentId, idempotencyKey: crypto.randomUUID() });
    reload();
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const headingId = COMMENTS_HEADING_ID;
  return (
    <section aria-labelledby={headingId} className={COMMENT_SECTION_CLASS} data-comment-section>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id={headingId} className="text-2xl font-semibold">
          Comments{data ? ` (${data.totalComments})` : ""}
        </h2>
        <label className="text-sm">
          Sort{" "}
          <select
            value={sort}
            onChange={(event) => {
              setSort(event.target.value as CommentSort);
              setPage(1);
            }}
            className="border-rule bg-page rounded-md border px-2 py-1"
          >
            {COMMENT_SORTS.map((option) => (
              <option key={option} value={option}>
                {SORT_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      {data === null && !loadError ? <p className="text-muted mt-4">Loading comments…</p> : null}
      {loadError ? (
        <p className="text-accent mt-4 font-medium" role="status">
          {loadError}{" "}
          <button type="button" className="underline" onClick={reload}>
            Try again
          </button>
        </p>
      ) : null}

      {data ? (
        <div className="mt-6 space-y-6">
          {data.viewer ? (
            canWrite ? (
              <CommentForm
                label="Leave a reply"
                submitLabel="Post comment"
                mentionTarget={{ slug }}
                onSubmit={(body) => post(null, body)}
              />
            ) : (
              <p className="text-muted">Your account cannot post comments at the moment.</p>
            )
          ) : (
            <p className="bg-panel rounded-md p-3">
              <a
                href={`/signin?callbackUrl=${encodeURIComponent(`/articles/${slug}#${COMMENTS_HEADING_ID}`)}`}
                className="font-semibold underline"
              >
                Sign in
              </a>{" "}
              to leave a reply.
            </p>
          )}

          {newCount > 0 ? (
            <button
              type="button"
              onClick={reload}
              className="border-accent text-accent w-full rounded-md border px-3 py-2 font-semibold"
              data-testid="new-comments"
            >
              {newCount} new — show
            </button>
          ) : null}

          {data.comments.length === 0 ? (
            <p className="text-muted">No comments yet.</p>
          ) : (
            <ol className="space-y-4">
              {data.comments.map((comment) => (
                <CommentItem key={comment.id} item={comment} actions={actions} mentionTarget={{ slug }} />
              ))}
            </ol>
          )}

          {pages > 1 ? (
            <nav aria-label="Comment pages" className="flex items-center justify-between text-sm">
              <button
                type="button"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
                className="underline disabled:opacity-50"
              >
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button
                type="button"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
                className="underline disabled:opacity-50"
              >
                Next
              </button>
            </nav>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
