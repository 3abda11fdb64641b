// Keeps the keyboard caret (the moving end of a selection) on screen while the reader moves it.

// Room kept between the caret and the window's edges (the sticky header sits at the top).
const TOP_ROOM = 96;
const BOTTOM_ROOM = 48;

/** Where the selection's moving end is, in the viewport; null when it has no box. */
export function focusRect(selection: Selection): DOMRect | null {
  if (!selection.focusNode) return null;
  const range = document.createRange();
  range.setStart(selection.focusNode, selection.focusOffset);
  const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
  return rect.height === 0 && rect.top === 0 ? null : rect;
}

/** True when the caret is somewhere in the window (the reader has not scrolled away from it). */
export function caretOnScreen(selection: Selection): boolean {
  const rect = focusRect(selection);
  return rect !== null && rect.bottom > 0 && rect.top < window.innerHeight;
}

/** Scrolls just enough to bring the caret back inside the window, with some room around it. */
export function keepCaretInView(selection: Selection): void {
  const rect = focusRect(selection);
  if (!rect) return;
  if (rect.bottom > window.innerHeight - BOTTOM_ROOM)
    window.scrollBy({ top: rect.bottom - window.innerHeight + BOTTOM_ROOM * 2, behavior: "instant" });
  else if (rect.top < TOP_ROOM) window.scrollBy({ top: rect.top - TOP_ROOM * 1.5, behavior: "instant" });
}
