"use client";

import { labelById, type AnnotationLabelId } from "@/lib/annotations/labels";

const buttonClass =
  "inline-flex items-center gap-1.5 rounded px-2.5 py-1.5 text-sm font-medium hover:bg-panel focus-visible:bg-panel disabled:opacity-50";

function Key({ children }: { children: string }) {
  // Keyboard hints mean nothing on a touch screen (no keys to press there).
  return (
    <kbd
      aria-hidden="true"
      className="border-rule text-muted rounded border px-1 font-mono text-[0.7rem] pointer-coarse:hidden"
    >
      {children}
    </kbd>
  );
}

export type ToolbarState =
  | {
      kind: "write";
      label: AnnotationLabelId;
      tooLong: boolean;
      /** Who will see a one-tap highlight ("Only me" unless the reader picks otherwise here). */
      destination: string;
      /** More than one destination to choose from. */
      canChangeDestination: boolean;
    }
  | { kind: "reattach" }
  | { kind: "signed-out"; signInHref: string }
  | { kind: "cannot-write"; reason: string };

/** The small toolbar that floats above a selection in the article. */
export function SelectionToolbar({
  state,
  top,
  left,
  onHighlight,
  onAnnotate,
  onCopyLink,
  onReattach,
  onChangeDestination,
}: {
  state: ToolbarState;
  top: number;
  left: number;
  onHighlight: () => void;
  onAnnotate: () => void;
  onCopyLink: () => void;
  onReattach: () => void;
  /** The next destination for highlights (Only me → Public → each team → Only me). */
  onChangeDestination: () => void;
}) {
  // Buttons keep the text selection: a mouse press on them must not move focus or collapse it.
  const keepSelection = (event: React.PointerEvent | React.MouseEvent) => event.preventDefault();
  const label = state.kind === "write" ? labelById(state.label) : undefined;
  return (
    <div
      role="toolbar"
      aria-label="Selected text"
      className="border-rule bg-page absolute z-30 flex max-w-[calc(100vw-1rem)] flex-wrap items-center gap-0.5 rounded-lg border p-1 shadow-lg"
      style={{ top, left }}
      onMouseDown={keepSelection}
      data-testid="selection-toolbar"
    >
      {state.kind === "write" ? (
        <>
          <button
            type="button"
            className={buttonClass}
            onClick={onHighlight}
            disabled={state.tooLong}
            aria-keyshortcuts="h"
          >
            <span
              aria-hidden="true"
              className="size-3 rounded-full"
              style={{ backgroundColor: label?.color }}
            />
            Highlight{" "}
            <span className="sr-only">
              as {label?.name}, visible to {state.destination}
            </span>
            <Key>H</Key>
          </button>
          {state.canChangeDestination ? (
            <button
              type="button"
              className={`${buttonClass} text-muted`}
              onClick={onChangeDestination}
              aria-label={`Who sees highlights: ${state.destination}. Change`}
              data-testid="highlight-destination"
            >
              {state.destination} <span aria-hidden="true">▾</span>
            </button>
          ) : (
            <span className="text-muted px-1 text-xs">{state.destination}</span>
          )}
          <button
            type="button"
            className={buttonClass}
            onClick={onAnnotate}
            disabled={state.tooLong}
            aria-keyshortcuts="a"
          >
            Annotate <Key>A</Key>
          </button>
        </>
      ) : null}
      {state.kind === "reattach" ? (
        <button type="button" className={buttonClass} onClick={onReattach} aria-keyshortcuts="h">
          Attach here <Key>H</Key>
        </button>
      ) : null}
      <button type="button" className={buttonClass} onClick={onCopyLink} aria-keyshortcuts="c">
        Copy link <Key>C</Key>
      </button>
      {state.kind === "signed-out" ? (
        <a href={state.signInHref} className={`${buttonClass} text-accent underline`}>
          Sign in to highlight
        </a>
      ) : null}
      {state.kind === "cannot-write" ? <span className="text-muted px-2 text-xs">{state.reason}</span> : null}
      {state.kind === "write" && state.tooLong ? (
        <span className="text-muted px-2 text-xs">That selection is too long to save.</span>
      ) : null}
    </div>
  );
}
