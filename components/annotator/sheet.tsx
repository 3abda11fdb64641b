"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * A modal dialog: a bottom sheet on phones, a panel on the right on wider screens (annotator.css).
 * The native <dialog> gives the focus trap, Esc to close and an inert page behind it.
 */
export function Sheet({
  open,
  title,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first button (Close); a field meant to be typed in takes it back, so
      // the first keys a reader types go into their note and never press Close.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="mg-sheet"
      aria-label={title}
      data-testid={testId}
      onCancel={(event) => {
        // Esc: let React state decide, so the dialog and the state never disagree.
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A tap on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open ? (
        <div className="p-4 sm:p-5">
          <div className="mb-3 flex items-center justify-between gap-3">
            <h2 className="text-base font-semibold">{title}</h2>
            <button
              type="button"
              onClick={onClose}
              className="border-rule hover:border-accent rounded border px-2.5 py-1 text-sm"
            >
              Close
            </button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
