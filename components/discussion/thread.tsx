"use client";

// The thread of one annotation, for the annotator's card: reactions on the annotation, nested replies
// (depth 3, then flat with "replying to @name"), a reply form with @mentions limited to people who can
// see the thread, and resolve / reopen for team threads. Live: pass a `version` that changes whenever
// the page's live stream reports an event for this annotation (payload.annotationId), and the thread
// reloads.
import { useCallback, useEffect, useState } from "react";
import type { ReactionKindDto } from "@/lib/discussion/limits";
import type { ThreadDto } from "@/lib/discussion/schemas";
import { DiscussionApiError, discussionApi } from "./api";
import { CommentForm } from "./comment-form";
import { CommentItem, type CommentActions } from "./comment-item";
import { ReactionBar } from "./reaction-bar";

export function Thread({ annotationId, version = 0 }: { annotationId: string; version?: number }) {
  const [thread, setThread] = useState<ThreadDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  useEffect(() => {
    let current = true;
    discussionApi.thread(annotationId).then(
      (next) => {
        if (!current) return;
        setThread(next);
        setError(null);
      },
      (caught: unknown) => {
        if (current)
          setError(caught instanceof DiscussionApiError ? caught.message : "The thread could not be loaded.");
      },
    );
    return () => {
      current = false;
    };
  }, [annotationId, version, reloadKey]);

  if (error) return <p className="text-accent text-sm">{error}</p>;
  if (!thread) return <p className="text-muted text-sm">Loading replies…</p>;

  const actions: CommentActions = {
    canWrite: thread.canReply,
    reply: async (parentId, body) => {
      await discussionApi.postReply(annotationId, { body, parentId, idempotencyKey: crypto.randomUUID() });
      reload();
    },
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
  const mentionTarget = { annotationId };

  return (
    <div className="space-y-3 text-sm" data-thread={annotationId}>
      <div className="flex flex-wrap items-center gap-2">
        <ReactionBar
          counts={thread.reactions}
          mine={thread.myReactions}
          disabled={!thread.canReply}
          onToggle={async (kind, on) => {
            await discussionApi.react({ kind, annotationId }, on);
            reload();
          }}
        />
        {thread.resolvedAt ? (
          <span className="bg-panel rounded-full px-2 py-0.5 font-semibold">
            Resolved{thread.resolvedBy ? ` by @${thread.resolvedBy.handle}` : ""}
          </span>
        ) : null}
        {thread.canResolve ? (
          <button
            type="button"
            className="underline"
            onClick={async () => {
              await discussionApi.resolve(annotationId, thread.resolvedAt === null);
              reload();
            }}
          >
            {thread.resolvedAt ? "Reopen thread" : "Resolve thread"}
          </button>
        ) : null}
      </div>
      <p className="text-muted">{thread.replyCount === 1 ? "1 reply" : `${thread.replyCount} replies`}</p>
      {thread.replies.length ? (
        <ol className="space-y-2">
          {thread.replies.map((reply) => (
            <CommentItem key={reply.id} item={reply} actions={actions} mentionTarget={mentionTarget} />
          ))}
        </ol>
      ) : null}
      {thread.canReply ? (
        <CommentForm
          label="Reply"
          submitLabel="Post reply"
          mentionTarget={mentionTarget}
          rows={2}
          onSubmit={(body) => actions.reply(null, body)}
        />
      ) : null}
    </div>
  );
}
