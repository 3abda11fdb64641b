"use client";
// Keyboard shortcuts of the queue, as in Coral: j/k next/previous item, a approve, h hide, r remove,
// s spam, ? this help. Ignored while typing in a field, so a reason can contain those letters.
import { useEffect, useRef, useState } from "react";

const DECISION_KEYS: Record<string, string> = { a: "approve", h: "hide", r: "remove", s: "spam" };

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export function QueueKeyboard() {
  const [helpOpen, setHelpOpen] = useState(false);
  const current = useRef(-1);
  useEffect(() => {
    function items(): HTMLElement[] {
      return [...document.querySelectorAll<HTMLElement>("[data-queue-item]")];
    }
    function onKeyDown(event: KeyboardEvent) {
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
      const decision = DECISION_KEYS[event.key];
      const item = list[current.current];
      if (!decision || !item) return;
      item.querySelector<HTMLButtonElement>(`button[data-decision="${decision}"]`)?.click();
      event.preventDefault();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  return (
    <div>
      <button type="button" className="text-sm underline" aria-expanded={helpOpen} aria-controls="shortcut-help" onClick={() => setHelpOpen((open) => !open)}>
        Keyboard shortcuts
      </button>
      <dl id="shortcut-help" hidden={!helpOpen} className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt><kbd>j</kbd> / <kbd>k</kbd></dt>
        <dd>Next / previous item</dd>
        <dt><kbd>a</kbd></dt>
        <dd>Approve</dd>
        <dt><kbd>h</kbd></dt>
        <dd>Hide</dd>
        <dt><kbd>r</kbd></dt>
        <dd>Remove</dd>
        <dt><kbd>s</kbd></dt>
        <dd>Mark as spam</dd>
        <dt><kbd>?</kbd></dt>
        <dd>Show or hide this help</dd>
      </dl>
    </div>
  );
}
