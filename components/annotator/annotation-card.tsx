"use client";

import { forwardRef, Suspense, useState } from "react";
import { lazyPart } from "@/components/lazy-part";
import type { AnnotationDto } from "@/lib/annotations/schemas";
import { describeAnnotation, labelColor, labelName, relativeTime, shorten, smallButton } from "./format";

export interface CardActions {
  onShowInText?: (id: string) => void;
  onEdit?: (id: string) => void;
  onDelete?: (id: string) => void;
  onReattach?: (id: string) => void;
}

const QUOTE_PREVIEW_LENGTH = 160;
// Replies, reactions and resolving load only when a reader opens a card's discussion, so they add
// nothing to the article page's first load.
const Thread = lazyPart(() => import("@/components/discussion/thread").then((module) => module.Thread));
// Only an author or a moderator ever sees a notice (a held or hidden item), so it loads when one is shown.
const ModerationNotice = lazyPart(() =>
  import("@/components/moderation/moderation-notice").then((module) => module.ModerationNotice),
);
// Edit, delete and re-attach: only on the reader's own cards.
const OwnerActions = lazyPart(() => import("./card-owner-actions").then((module) => module.OwnerActions));
const ReportButton = lazyPart(() =>
  import("@/components/moderation/report-button").then((m) => m.ReportButton),
);

/** One annotation: who, when, label, quote, body, tags, visibility and anchoring state, and actions. */
export const AnnotationCard = forwardRef<
  HTMLElement,
  {
    annotation: AnnotationDto;
    active?: boolean;
    pending?: boolean;
    actions: CardActions;
    /** Orphans show the quote they were written against. */
    orphan?: boolean;
    className?: string;
    style?: React.CSSProperties;
    /** Changes when the live stream reports a reply, reaction or resolve here: an open thread reloads. */
    threadVersion?: number;
  }
>(function AnnotationCard(
  { annotation, active, pending, actions, orphan, className, style, threadVersion },
  ref,
) {
  const [discussing, setDiscussing] = useState(false);
  const saved = !pending && !annotation.id.startsWith("pending-");
  const quote = orphan ? (annotation.originalExact ?? annotation.exact) : annotation.exact;
  const headingId = `card-title-${annotation.id}`;
  return (
    <section
      ref={ref}
      id={`card-${annotation.id}`}
      tabIndex={-1}
      aria-labelledby={headingId}
      aria-busy={pending || undefined}
      data-annotation-id={annotation.id}
      data-active={active || undefined}
      className={`bg-page rounded-lg border p-3 text-sm shadow-sm ${active ? "border-accent" : "border-rule"} ${className ?? ""}`}
      style={{ borderLeft: `4px solid ${labelColor(annotation.label)}`, ...style }}
    >
      <h3 id={headingId} className="sr-only">
        {describeAnnotation(annotation)}
      </h3>
      <div className="text-muted flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        <span className="text-ink font-semibold">{annotation.isMine ? "You" : annotation.author.name}</span>
        <time dateTime={annotation.createdAt} title={new Date(annotation.createdAt).toLocaleString("en")}>
          {relativeTime(annotation.createdAt)}
        </time>
        {annotation.editedAt ? <span>(edited)</span> : null}
        <span className="inline-flex items-center gap-1">
          <span
            aria-hidden="true"
            className="size-2.5 rounded-full"
            style={{ backgroundColor: labelColor(annotation.label) }}
          />
          {labelName(annotation.label)}
        </span>
        <span className="bg-panel rounded px-1.5 py-0.5">
          {annotation.visibility === "PUBLIC"
            ? "Public"
            : annotation.visibility === "TEAM"
              ? `Team${annotation.team ? `: ${annotation.team.name}` : ""}`
              : "Only me"}
        </span>
        {annotation.anchorStatus === "FUZZY" ? (
          <span
            className="bg-panel rounded px-1.5 py-0.5"
            title="The text changed; this is the closest match"
          >
            approximate match
          </span>
        ) : null}
        {annotation.status === "PENDING" && !annotation.moderation ? (
          // Held by the automatic rules: only its author (and moderators) see it until it is approved.
          <span className="rounded border border-amber-700/50 px-1.5 py-0.5 text-amber-800 dark:text-amber-200">
            Waiting for review
          </span>
        ) : null}
        {pending ? <span>Saving…</span> : null}
      </div>
      {annotation.moderation ? (
        <Suspense fallback={null}>
          <ModerationNotice notice={annotation.moderation} isMine={annotation.isMine} className="mt-2" />
        </Suspense>
      ) : null}

      {quote && (orphan || annotation.kind !== "page-note") ? (
        actions.onShowInText && !orphan ? (
          <button
            type="button"
            onClick={() => actions.onShowInText?.(annotation.id)}
            className="border-rule font-reading text-muted hover:text-ink mt-2 block w-full border-l-2 pl-2 text-left italic"
          >
            {/* The name starts with what the button does and contains all the text it shows (axe
                label-content-name-mismatch: voice users say what they see). */}
            <span className="sr-only">Show in the text: </span>
            {shorten(quote, QUOTE_PREVIEW_LENGTH)}
          </button>
        ) : (
          <blockquote className="border-rule font-reading text-muted mt-2 border-l-2 pl-2 italic">
            {shorten(quote, QUOTE_PREVIEW_LENGTH)}
          </blockquote>
        )
      ) : null}

      {annotation.bodyHtml ? (
        // bodyHtml is rendered and sanitised by the server (no raw HTML, safe links); it is the only
        // HTML inserted here. Optimistic cards show the typed Markdown as plain text instead.
        <div
          className="annotation-body [&_a]:text-accent mt-2 space-y-2 break-words [&_a]:underline"
          dangerouslySetInnerHTML={{ __html: annotation.bodyHtml }}
        />
      ) : annotation.body ? (
        <p className="mt-2 break-words whitespace-pre-wrap">{annotation.body}</p>
      ) : null}

      {annotation.tags.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label="Tags">
          {annotation.tags.map((tag) => (
            <li key={tag} className="bg-panel rounded-full px-2 py-0.5 text-xs">
              #{tag}
            </li>
          ))}
        </ul>
      ) : null}

      {annotation.isMine && !pending ? (
        <Suspense fallback={null}>
          <OwnerActions annotation={annotation} orphan={orphan} actions={actions} />
        </Suspense>
      ) : null}
      {!orphan && saved ? (
        <div className="mt-2">
          <button
            type="button"
            className={smallButton}
            aria-expanded={discussing}
            aria-controls={`thread-${annotation.id}`}
            onClick={() => setDiscussing((open) => !open)}
          >
            {discussing ? "Hide discussion" : "Discussion"}
          </button>
          {annotation.isMine ? null : (
            <Suspense fallback={null}>
              <ReportButton kind="annotation" id={annotation.id} className={`${smallButton} ml-2`} />
            </Suspense>
          )}
          {discussing ? (
            <div id={`thread-${annotation.id}`} className="mt-2">
              <Suspense fallback={<p className="text-muted text-xs">Loading replies…</p>}>
                <Thread annotationId={annotation.id} version={threadVersion} />
              </Suspense>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
});
