"use client";
// A card's Edit, Delete (with a confirmation) and Re-attach buttons, shown on the reader's own cards
// only: loaded when the first such card is shown, not with every article page (issue 4's budget).
import { useState } from "react";
import type { AnnotationDto } from "@/lib/annotations/schemas";
import type { CardActions } from "./annotation-card";
import { smallButton } from "./format";

export function OwnerActions({
  annotation,
  orphan,
  actions,
}: {
  annotation: AnnotationDto;
  orphan?: boolean;
  actions: CardActions;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <span className="text-xs font-semibold">
            Delete this {annotation.kind === "highlight" ? "highlight" : "note"}?
          </span>
          <button
            type="button"
            className={`${smallButton} border-red-700 text-red-700 dark:border-red-300 dark:text-red-300`}
            onClick={() => actions.onDelete?.(annotation.id)}
          >
            Yes, delete
          </button>
          <button type="button" className={smallButton} onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <>
          {orphan && actions.onReattach ? (
            <button type="button" className={smallButton} onClick={() => actions.onReattach?.(annotation.id)}>
              Re-attach
            </button>
          ) : null}
          {!orphan && actions.onEdit ? (
            <button type="button" className={smallButton} onClick={() => actions.onEdit?.(annotation.id)}>
              Edit
            </button>
          ) : null}
          {actions.onDelete ? (
            <button type="button" className={smallButton} onClick={() => setConfirming(true)}>
              Delete
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
