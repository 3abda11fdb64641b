"use client";

// The report dialog: a native modal <dialog> (showModal makes the rest of the page inert, so focus stays
// inside; Esc closes it), the reasons as radio buttons, an optional note, then a confirmation. Loaded
// only when a reader opens it (components/moderation/report-button.tsx). The server decides everything
// (lib/moderation/commands.ts createReport): a second report of the same item is answered 409, which
// here reads as "already reported" rather than an error. The note survives a failed send.
import { useEffect, useId, useRef, useState } from "react";
import {
  MAX_REPORT_NOTE_LENGTH,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
} from "@/lib/moderation/report-reasons";
import type { ReportKind } from "./report-button";

type Reason = (typeof REPORT_REASONS)[number];

const KIND_WORDS: Record<ReportKind, string> = { annotation: "annotation", comment: "comment" };

export function ReportDialog({
  kind,
  id,
  onReported,
  onClose,
}: {
  kind: ReportKind;
  id: string;
  onReported: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<Reason | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const titleId = useId();
  const noteId = useId();
  const errorId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    if (!reason) {
      setError("Choose a reason.");
      return;
    }
    setSending(true);
    setError(null);
    try {
      const response = await fetch("/api/reports", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ [kind === "annotation" ? "annotationId" : "commentId"]: id, reason, note }),
      });
      const data = (await response.json().catch(() => null)) as {
        message?: string;
        error?: { message?: string; fields?: Record<string, string[]> };
      } | null;
      if (response.ok || response.status === 409) {
        onReported();
        setDone(data?.message ?? data?.error?.message ?? "Your report was received.");
      } else {
        const fieldMessage = data?.error?.fields ? Object.values(data.error.fields).flat()[0] : undefined;
        setError(
          fieldMessage ?? data?.error?.message ?? `The report could not be sent (HTTP ${response.status}).`,
        );
      }
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setSending(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      className="bg-page text-ink border-rule m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border p-4 shadow-lg backdrop:bg-black/40"
      data-testid="report-dialog"
    >
      <h2 id={titleId} className="text-base font-semibold">
        Report this {KIND_WORDS[kind]}
      </h2>
      {done ? (
        <div className="mt-3 space-y-3 text-sm">
          <p role="status">{done}</p>
          <button
            type="button"
            autoFocus
            className="bg-accent text-accent-ink rounded px-3 py-1 font-semibold"
            onClick={() => dialog.current?.close()}
          >
            Close
          </button>
        </div>
      ) : (
        <form onSubmit={send} className="mt-3 space-y-3 text-sm" noValidate>
          <fieldset aria-describedby={error ? errorId : undefined}>
            <legend className="font-semibold">What is wrong?</legend>
            <div className="mt-1 grid gap-1">
              {REPORT_REASONS.map((option, index) => (
                <label key={option} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="reason"
                    value={option}
                    checked={reason === option}
                    autoFocus={index === 0}
                    onChange={() => setReason(option)}
                  />
                  {REPORT_REASON_LABELS[option]}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor={noteId} className="font-semibold">
              Note for the moderators {reason === "OTHER" ? "(required for “Other”)" : "(optional)"}
            </label>
            <textarea
              id={noteId}
              value={note}
              maxLength={MAX_REPORT_NOTE_LENGTH}
              rows={3}
              onChange={(event) => setNote(event.target.value)}
              className="border-rule bg-page mt-1 block w-full rounded border p-2"
            />
          </div>
          {error ? (
            <p id={errorId} role="alert" className="text-accent">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" className="underline" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button
              type="submit"
              disabled={sending}
              className="bg-accent text-accent-ink rounded px-3 py-1 font-semibold disabled:opacity-60"
            >
              {sending ? "Sending…" : "Send report"}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
