"use client";

// "Report" on someone else's annotation, reply or comment. Loaded lazily by the card and the comment item
// (components/lazy-part.tsx), so it adds nothing to the article page's first load; the dialog loads only
// when a reader opens it. Whether the reader already reported an item comes from one batched lookup per
// render pass (GET /api/reports?annotationIds=…&commentIds=…), so "Reported" survives a reload; a visitor
// or a suspended account is told by the same lookup that they cannot report, and sees no button.
import { Suspense, useEffect, useRef, useState } from "react";
import { lazyPart } from "@/components/lazy-part";

export type ReportKind = "annotation" | "comment";
interface ReportTarget {
  kind: ReportKind;
  id: string;
}

const ReportDialog = lazyPart(() => import("./report-dialog").then((module) => module.ReportDialog));

interface Lookup {
  canReport: boolean;
  annotationIds: string[];
  commentIds: string[];
}

/** Ids asked for in this tick, answered by one request (the server takes up to 200 of each kind). */
const LOOKUP_CHUNK = 200;
let queued: { target: ReportTarget; resolve: (state: "can" | "reported" | "cannot") => void }[] = [];

function flush() {
  const batch = queued;
  queued = [];
  for (let start = 0; start < batch.length; start += LOOKUP_CHUNK) {
    const chunk = batch.slice(start, start + LOOKUP_CHUNK);
    const idsOf = (kind: ReportKind) =>
      chunk.flatMap(({ target }) => (target.kind === kind ? [target.id] : [])).join(",");
    const query = new URLSearchParams({ annotationIds: idsOf("annotation"), commentIds: idsOf("comment") });
    void fetch(`/api/reports?${query}`, { credentials: "same-origin", cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<Lookup>) : null))
      .catch(() => null)
      .then((lookup) => {
        const reported = new Set([
          ...(lookup?.annotationIds ?? []).map((id) => `annotation:${id}`),
          ...(lookup?.commentIds ?? []).map((id) => `comment:${id}`),
        ]);
        for (const { target, resolve } of chunk) {
          // An unanswered lookup still offers the button: the server decides when the report is sent.
          if (lookup && !lookup.canReport) resolve("cannot");
          else resolve(reported.has(`${target.kind}:${target.id}`) ? "reported" : "can");
        }
      });
  }
}

function lookUp(target: ReportTarget): Promise<"can" | "reported" | "cannot"> {
  return new Promise((resolve) => {
    if (queued.length === 0) setTimeout(flush, 0);
    queued.push({ target, resolve });
  });
}

/** `kind` and `id` name the item; `className` styles the button like its neighbours. */
export function ReportButton({ kind, id, className }: ReportTarget & { className?: string }) {
  const [state, setState] = useState<"unknown" | "can" | "reported" | "cannot">("unknown");
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    void lookUp({ kind, id }).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [kind, id]);

  if (state === "unknown" || state === "cannot") return null;
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className={className}
        aria-disabled={state === "reported" || undefined}
        aria-haspopup="dialog"
        data-report-state={state}
        onClick={() => {
          if (state !== "reported") setOpen(true);
        }}
      >
        {state === "reported" ? "Reported" : "Report"}
      </button>
      {open ? (
        <Suspense fallback={null}>
          <ReportDialog
            kind={kind}
            id={id}
            onReported={() => setState("reported")}
            onClose={() => {
              setOpen(false);
              // Back to where the reader was (the button now says "Reported").
              requestAnimationFrame(() => trigger.current?.focus());
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}
