"use client";

// One reply or comment with its answers: text, author, "edited", reactions, and for signed-in readers
// reply / edit / delete. A deleted one keeps its place as "[deleted]" so the answers below still read.
import { Suspense, useState } from "react";
import { lazyPart } from "@/components/lazy-part";
import { ModerationNotice } from "@/components/moderation/moderation-notice";
import type { ReactionKindDto } from "@/lib/discussion/limits";
import type { CommentDto } from "@/lib/discussion/schemas";
import { CommentForm, type MentionTarget } from "./comment-form";
import { DiscussionApiError } from "./api";
import { ReactionBar } from "./reaction-bar";

const ReportButton = lazyPart(() =>
  import("@/components/moderation/report-button").then((m) => m.ReportButton),
);

export interface CommentActions {
  /** False: the viewer cannot write (a visitor, or a suspended account). */
  canWrite: boolean;
  reply: (parentId: string | null, body: string) => Promise<void>;
  /** `version`: the comment's version when the editor opened, so a save made elsewhere since is refused. */
  edit: (id: string, body: string, version: number) => Promise<void>;
  remove: (id: string) => Promise<void>;
  react: (id: string, kind: ReactionKindDto, on: boolean) => Promise<void>;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function CommentItem({
  item,
  actions,
  mentionTarget,
}: {
  item: CommentDto;
  actions: CommentActions;
  mentionTarget: MentionTarget;
}) {
  const [mode, setMode] = useState<"read" | "reply" | "edit">("read");
  const [confirming, setConfirming] = useState(false);
  const [editedVersion, setEditedVersion] = useState(item.version);
  const visible = item.state === "visible";
  const label = visible ? `Comment by ${item.author?.name ?? "a reader"}` : "Deleted comment";

  return (
    <li id={`comment-${item.id}`} className="scroll-mt-4 space-y-2" data-comment-id={item.id}>
      <article aria-label={label} className="border-rule rounded-md border p-3">
        <header className="flex flex-wrap items-baseline gap-x-2 text-sm">
          {visible && item.author ? (
            <>
              <span className="font-semibold">{item.author.name}</span>
              <span className="text-muted">@{item.author.handle}</span>
            </>
          ) : (
            <span className="text-muted italic">{item.state === "deleted" ? "[deleted]" : "[withheld]"}</span>
          )}
          <time dateTime={item.createdAt} className="text-muted">
            {dateFormat.format(new Date(item.createdAt))}
          </time>
          {item.editedAt ? <span className="text-muted">(edited)</span> : null}
        </header>
        {item.replyingTo ? <p className="text-muted text-sm">replying to @{item.replyingTo.handle}</p> : null}
        {visible && item.moderation ? (
          <ModerationNotice notice={item.moderation} isMine={item.isMine} className="mt-1" />
        ) : null}
        {visible ? (
          // Sanitised on the server when written (lib/annotations/markdown.ts): raw HTML is escaped.
          <div
            className="font-reading [&_.mention]:text-accent [&_a]:text-accent [&_code]:bg-panel mt-1 text-base break-words [&_.mention]:font-semibold [&_a]:underline [&_code]:rounded [&_code]:px-1 [&_li]:ml-5 [&_ol]:list-decimal [&_p+p]:mt-2 [&_ul]:list-disc"
            dangerouslySetInnerHTML={{ __html: item.bodyHtml }}
          />
        ) : (
          <p className="text-muted mt-1 italic">
            {item.state === "deleted" ? "This comment was deleted." : "This comment is awaiting review."}
          </p>
        )}
        {visible ? (
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <ReactionBar
              counts={item.reactions}
              mine={item.myReactions}
              disabled={!actions.canWrite}
              onToggle={(kind, on) => actions.react(item.id, kind, on)}
            />
            {actions.canWrite ? (
              <button
                type="button"
                className="underline"
                onClick={() => setMode(mode === "reply" ? "read" : "reply")}
                aria-expanded={mode === "reply"}
              >
                Reply
              </button>
            ) : null}
            {item.isMine ? null : (
              <Suspense fallback={null}>
                <ReportButton kind="comment" id={item.id} className="underline" />
              </Suspense>
            )}
            {item.isMine ? (
              <>
                <button
                  type="button"
                  className="underline"
                  onClick={() => {
                    setEditedVersion(item.version);
                    setMode(mode === "edit" ? "read" : "edit");
                  }}
                  aria-expanded={mode === "edit"}
                >
                  Edit
                </button>
                {confirming ? (
                  <>
                    <button
                      type="button"
                      className="text-accent font-semibold underline"
                      onClick={() => void actions.remove(item.id)}
                    >
                      Confirm delete
                    </button>
                    <button type="button" className="underline" onClick={() => setConfirming(false)}>
                      Keep
                    </button>
                  </>
                ) : (
                  <button type="button" className="underline" onClick={() => setConfirming(true)}>
                    Delete
                  </button>
                )}
              </>
            ) : null}
          </div>
        ) : null}
        {mode === "reply" ? (
          <div className="mt-3">
            <CommentForm
              label={`Reply to ${item.author?.name ?? "this comment"}`}
              submitLabel="Post reply"
              mentionTarget={mentionTarget}
              autoFocus
              onSubmit={async (body) => {
                await actions.reply(item.id, body);
                setMode("read");
              }}
              onCancel={() => setMode("read")}
            />
          </div>
        ) : null}
        {mode === "edit" ? (
          <div className="mt-3">
            <CommentForm
              label="Edit your comment"
              submitLabel="Save"
              initial={item.body ?? ""}
              mentionTarget={mentionTarget}
              autoFocus
              onSubmit={async (body) => {
                try {
                  await actions.edit(item.id, body, editedVersion);
                } catch (error) {
                  // Refused as stale: the form keeps the text; saving again is against the version now shown.
                  if (error instanceof DiscussionApiError && error.current)
                    setEditedVersion(error.current.version);
                  throw error;
                }
                setMode("read");
              }}
              onCancel={() => setMode("read")}
            />
          </div>
        ) : null}
      </article>
      {item.children.length ? (
        <ol className="border-rule space-y-2 border-l-2 pl-3 sm:pl-5">
          {item.children.map((child) => (
            <CommentItem key={child.id} item={child} actions={actions} mentionTarget={mentionTarget} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}
