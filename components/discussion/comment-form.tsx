"use client";

// The one form for writing in a discussion (a comment, a reply, an edit): Markdown, a character counter,
// @mention suggestions limited to people who can see the thread, and errors announced in an aria-live
// region tied to the field.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_COMMENT_LENGTH } from "@/lib/discussion/limits";
import type { PersonDto } from "@/lib/discussion/schemas";
import { DiscussionApiError, discussionApi } from "./api";

// The counter turns to a warning this close to the limit.
const COUNTER_WARNING_SHARE = 0.9;
// Wait this long after the last keystroke before asking for suggestions.
const SUGGEST_DELAY_MS = 150;
const MENTION_AT_CARET = /(^|\s)@([a-z0-9-]{0,24})$/i;

export type MentionTarget = { slug: string } | { annotationId: string };

export function CommentForm({
  label,
  submitLabel,
  initial = "",
  mentionTarget,
  onSubmit,
  onCancel,
  autoFocus = false,
  rows = 3,
}: {
  label: string;
  submitLabel: string;
  initial?: string;
  mentionTarget: MentionTarget;
  /** Resolves when posted; throws a DiscussionApiError with the message to show otherwise. */
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  autoFocus?: boolean;
  rows?: number;
}) {
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<PersonDto[]>([]);
  const length = body.length;
  const over = length > MAX_COMMENT_LENGTH;
  const targetKey = JSON.stringify(mentionTarget);

  useEffect(() => {
    if (query === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      discussionApi
        .mentionable(JSON.parse(targetKey) as MentionTarget, query)
        .then((result) => {
          if (!cancelled) setSuggestions(result.people);
        })
        .catch(() => {
          if (!cancelled) setSuggestions([]);
        });
    }, SUGGEST_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, targetKey]);

  function change(value: string, caret: number) {
    setBody(value);
    const match = MENTION_AT_CARET.exec(value.slice(0, caret));
    setQuery(match ? match[2]!.toLowerCase() : null);
    if (!match) setSuggestions([]);
  }

  function pick(person: PersonDto) {
    const element = textarea.current;
    const caret = element?.selectionStart ?? body.length;
    const before = body.slice(0, caret).replace(/@([a-z0-9-]*)$/i, `@${person.handle} `);
    const next = before + body.slice(caret);
    setBody(next);
    setQuery(null);
    setSuggestions([]);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(before.length, before.length);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape" && suggestions.length) {
      event.preventDefault();
      setSuggestions([]);
      setQuery(null);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim() === "") return setError("Write something first.");
    if (over) return setError(`Comments are at most ${MAX_COMMENT_LENGTH.toLocaleString("en")} characters.`);
    setPending(true);
    setError(null);
    try {
      await onSubmit(body);
      setBody("");
      setSuggestions([]);
    } catch (caught) {
      setError(caught instanceof DiscussionApiError ? caught.message : "Something went wrong. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-2 text-sm" noValidate>
      <label htmlFor={`${id}-body`} className="block font-medium">
        {label}
      </label>
      <textarea
        id={`${id}-body`}
        ref={textarea}
        value={body}
        rows={rows}
        autoFocus={autoFocus}
        aria-invalid={error !== null || over}
        aria-describedby={`${id}-hint ${id}-count ${id}-error`}
        onChange={(event) => change(event.target.value, event.target.selectionStart)}
        onKeyDown={onKeyDown}
        className="border-rule bg-page font-reading text-ink block w-full rounded-md border p-2 text-base"
      />
      {suggestions.length > 0 ? (
        <ul aria-label="People you can mention" className="border-rule bg-panel rounded-md border p-1">
          {suggestions.map((person) => (
            <li key={person.id}>
              <button
                type="button"
                onClick={() => pick(person)}
                className="hover:bg-page w-full rounded px-2 py-1 text-left"
              >
                @{person.handle} <span className="text-muted">{person.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={`${id}-hint`} className="text-muted">
          Markdown: **bold**, _italic_, [links](https://…), @name to mention.
        </p>
        <p
          id={`${id}-count`}
          className={
            length > MAX_COMMENT_LENGTH * COUNTER_WARNING_SHARE ? "text-accent font-semibold" : "text-muted"
          }
        >
          {length.toLocaleString("en")} / {MAX_COMMENT_LENGTH.toLocaleString("en")}
        </p>
      </div>
      <p
        id={`${id}-error`}
        aria-live="polite"
        className="text-accent min-h-[1.25rem] font-medium"
        data-testid="comment-form-error"
      >
        {error ??
          (over ? `Too long by ${(length - MAX_COMMENT_LENGTH).toLocaleString("en")} characters.` : "")}
      </p>
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending}
          className="bg-accent text-accent-ink rounded-md px-3 py-1.5 font-semibold disabled:opacity-60"
        >
          {pending ? "Posting…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className="border-rule rounded-md border px-3 py-1.5">
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
