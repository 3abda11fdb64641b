"use client";
// Keyboard shortcuts of the queue, as in Coral: j/k next/previous item, a approve, h hide, r remove,
// s spam, x select for a bulk action, ? this help. Ignored while typing in a field, so a reason can contain
// those letters; Esc leaves the field.
import { useEffect, useRef, useState } from "react";

const DECISION_KEYS: Record<string, string> = { a: "approve", h: "hide", r: "remove", s: "spam" };

function isTyping(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio"))
    return false;
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

export function QueueKeyboard() {
  const [helpOpen, setHelpOpen] = useState(false);
  const current = useRef(-1);
  const decided = useRef<HTMLElement | null>(null);
  useEffect(() => {
    function items(): HTMLElement[] {
      return [...document.querySelectorAll<HTMLElement>("[data-queue-item]")];
    }
    function onKeyDown(event: KeyboardEvent) {
      // Esc leaves a field (a reason, a filter): focus goes to its queue item, so the shortcuts work
      // again on that item instead of typing letters into the field.
      if (event.key === "Escape" && isTyping(event.target) && event.target instanceof HTMLElement) {
        const item = event.target.closest<HTMLElement>("[data-queue-item]");
        if (item) item.focus();
        else event.target.blur();
        event.preventDefault();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "?") {
        setHelpOpen((open) => !open);
        return;
      }
      const list = items();
      if (list.length === 0) return;
      const focused = list.findIndex((item) => item.contains(document.activeElement));
      if (focused >= 0) current.current = focused;
      if (event.key === "j" || event.key === "k") {
        const step = event.key === "j" ? 1 : -1;
        current.current = Math.min(list.length - 1, Math.max(0, current.current + step));
        list[current.current]?.focus();
        event.preventDefault();
        return;
      }
      const item = list[current.current];
      if (event.key === "x" && item) {
        item.querySelector<HTMLInputElement>("input[data-select-item]")?.click();
        event.preventDefault();
        return;
      }
      const decision = DECISION_KEYS[event.key];
      if (!decision || !item) return;
      decided.current = item;
      item.querySelector<HTMLButtonElement>(`button[data-decision="${decision}"]`)?.click();
      event.preventDefault();
    }
    // When the decided item leaves the queue, the item that takes its place gets the focus, so the
    // moderator goes on with the next one without reaching for the mouse.
    const observer = new MutationObserver(() => {
      if (!decided.current || decided.current.isConnected) return;
      decided.current = null;
      const list = items();
      const next = list[Math.min(current.current, list.length - 1)];
      if (next) {
        current.current = list.indexOf(next);
        next.focus();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.addEventListener("keydown", onKeyDown);
    return () => {
      observer.disconnect();
      document.removeEventListener("keydown", onKeyDown);
    };
  }, []);
  return (
    <div>
      <button
        type="button"
        className="text-sm underline"
        aria-expanded={helpOpen}
        aria-controls="shortcut-help"
        onClick={() => setHelpOpen((open) => !open)}
      >
        Keyboard shortcuts
      </button>
      <dl
        id="shortcut-help"
        hidden={!helpOpen}
        className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm"
      >
        <dt>
          <kbd>j</kbd> / <kbd>k</kbd>
        </dt>
        <dd>Next / previous item</dd>
        <dt>
          <kbd>a</kbd>
        </dt>
        <dd>Approve</dd>
        <dt>
          <kbd>h</kbd>
        </dt>
        <dd>Hide</dd>
        <dt>
          <kbd>r</kbd>
        </dt>
        <dd>Remove</dd>
        <dt>
          <kbd>s</kbd>
        </dt>
        <dd>Mark as spam</dd>
        <dt>
          <kbd>x</kbd>
        </dt>
        <dd>Select or unselect for a bulk action</dd>
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>Leave a text field (the shortcuts work again)</dd>
        <dt>
          <kbd>?</kbd>
        </dt>
        <dd>Show or hide this help</dd>
      </dl>
    </div>
  );
}
