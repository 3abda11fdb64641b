"use client";

import { useId, useState, type FormEvent } from "react";
import { ANNOTATION_LABELS } from "@/lib/annotations/labels";
import { LabelChip } from "./label-picker";
import { MAX_ANNOTATION_BODY_LENGTH, MAX_TAGS, MAX_TAG_LENGTH } from "@/lib/annotations/limits";
import { parseTags, postLabel, shorten, type EditorDraft } from "./format";

// The counter turns to a warning this close to the limit.
const COUNTER_WARNING_SHARE = 0.9;

export function AnnotationEditor({
  quote,
  initial,
  creating,
  error,
  fieldErrors,
  onSubmit,
  onCancel,
  onChange,
  teams,
}: {
  /** The teams the author may share with. */
  teams: { id: string; name: string }[];
  /** The passage annotated; null for a page note. */
  quote: string | null;
  initial: EditorDraft;
  /** A new note: its button names where it goes, and the reader may make that their default. */
  creating: boolean;
  error: string | null;
  fieldErrors: Record<string, string[]>;
  onSubmit: (draft: EditorDraft) => void;
  onCancel: () => void;
  /** Called on every change, so the caller can keep the draft safe (e.g. across a reload). */
  onChange?: (draft: EditorDraft) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<EditorDraft>(initial);
  const [localError, setLocalError] = useState<string | null>(null);
  const length = draft.body.length;
  const over = length > MAX_ANNOTATION_BODY_LENGTH;

  function update(change: Partial<EditorDraft>) {
    const next = { ...draft, ...change };
    setDraft(next);
    onChange?.(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const tags = parseTags(draft.tags);
    if (over)
      return setLocalError(
        `Notes are at most ${MAX_ANNOTATION_BODY_LENGTH.toLocaleString("en")} characters.`,
      );
    if (tags.length > MAX_TAGS) return setLocalError(`At most ${MAX_TAGS} tags.`);
    if (tags.some((tag) => tag.length > MAX_TAG_LENGTH))
      return setLocalError(`Tags are at most ${MAX_TAG_LENGTH} characters.`);
    if (quote === null && draft.body.trim() === "") return setLocalError("A page note needs some text.");
    setLocalError(null);
    onSubmit(draft);
  }

  const submitLabel = creating ? postLabel(draft.visibility, draft.teamId, teams) : "Save changes";
  const shownError = localError ?? error;
  const fieldError = (name: string) => fieldErrors[name]?.join(" ");
  return (
    <form
      onSubmit={submit}
      onKeyDown={(event) => {
        // Ctrl+Enter (Cmd+Enter on a Mac) posts from any field, as in most writing tools.
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          event.currentTarget.requestSubmit();
        }
      }}
      className="space-y-4 text-sm"
      aria-describedby={shownError ? `${id}-error` : undefined}
    >
      {quote !== null ? (
        <blockquote className="border-rule font-reading text-muted border-l-4 pl-3 text-base italic">
          {shorten(quote, 300)}
        </blockquote>
      ) : null}

      <fieldset>
        <legend className="mb-1.5 font-medium">Label</legend>
        <div className="flex flex-wrap gap-2">
          {ANNOTATION_LABELS.map((label) => (
            <LabelChip
              key={label.id}
              name={`${id}-label`}
              label={label}
              checked={draft.label === label.id}
              onChoose={(chosen) => update({ label: chosen })}
              large
            />
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor={`${id}-body`} className="mb-1.5 block font-medium">
          Note{" "}
          <span className="text-muted font-normal">(Markdown: **bold**, _italic_, [link](https://…))</span>
        </label>
        <textarea
          id={`${id}-body`}
          value={draft.body}
          onChange={(event) => update({ body: event.target.value })}
          rows={6}
          // Autofocus is expected here: the dialog opened to write this note (the sheet focuses
          // data-autofocus after showModal, which would otherwise focus its Close button).
          autoFocus
          data-autofocus=""
          aria-keyshortcuts="Control+Enter Meta+Enter"
          aria-describedby={`${id}-counter${fieldError("body") ? ` ${id}-body-error` : ""}`}
          aria-invalid={over || Boolean(fieldError("body"))}
          className="border-rule bg-page font-reading w-full rounded border p-2 text-base leading-relaxed"
        />
        <div className="mt-1 flex justify-between gap-2 text-xs">
          <span id={`${id}-body-error`} className="text-red-700 dark:text-red-300">
            {fieldError("body")}
          </span>
          <span
            id={`${id}-counter`}
            className={
              over
                ? "font-semibold text-red-700 dark:text-red-300"
                : length > MAX_ANNOTATION_BODY_LENGTH * COUNTER_WARNING_SHARE
                  ? "font-semibold"
                  : "text-muted"
            }
          >
            {length.toLocaleString("en")} / {MAX_ANNOTATION_BODY_LENGTH.toLocaleString("en")} characters
          </span>
        </div>
      </div>

      <div>
        <label htmlFor={`${id}-tags`} className="mb-1.5 block font-medium">
          Tags <span className="text-muted font-normal">(comma-separated)</span>
        </label>
        <input
          id={`${id}-tags`}
          value={draft.tags}
          onChange={(event) => update({ tags: event.target.value })}
          aria-describedby={fieldError("tags") ? `${id}-tags-error` : undefined}
          className="border-rule bg-page w-full rounded border p-2"
          autoComplete="off"
        />
        {fieldError("tags") ? (
          <p id={`${id}-tags-error`} className="mt-1 text-xs text-red-700 dark:text-red-300">
            {fieldError("tags")}
          </p>
        ) : null}
      </div>

      <fieldset>
        <legend className="mb-1.5 font-medium">Who can see it</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1.5">
          {[
            { key: "PRIVATE", name: "Only me", visibility: "PRIVATE" as const, teamId: null },
            { key: "PUBLIC", name: "Public", visibility: "PUBLIC" as const, teamId: null },
            ...teams.map((team) => ({
              key: `team:${team.id}`,
              name: `Team: ${team.name}`,
              visibility: "TEAM" as const,
              teamId: team.id,
            })),
          ].map((choice) => (
            <label key={choice.key} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-visibility`}
                value={choice.key}
                checked={draft.visibility === choice.visibility && draft.teamId === choice.teamId}
                onChange={() => update({ visibility: choice.visibility, teamId: choice.teamId })}
              />
              {choice.name}
            </label>
          ))}
        </div>
        {fieldError("teamId") ? (
          <p className="mt-1 text-xs text-red-700 dark:text-red-300">{fieldError("teamId")}</p>
        ) : null}
        {creating ? (
          <label className="text-muted mt-2 inline-flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={draft.makeDefault ?? false}
              onChange={(event) => update({ makeDefault: event.target.checked })}
            />
            Make this my default for new notes
          </label>
        ) : null}
      </fieldset>

      <p id={`${id}-error`} role="alert" className="text-red-700 empty:hidden dark:text-red-300">
        {shownError ?? ""}
      </p>

      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="border-rule hover:border-accent rounded border px-3 py-1.5"
        >
          Cancel
        </button>
        <button
          type="submit"
          className="bg-accent text-accent-ink rounded px-3 py-1.5 font-semibold"
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
