"use client";

// Subscribes to an article's live stream (Server-Sent Events). The first connection starts after the
// cursor the page's data was read at; the browser reconnects by itself and sends Last-Event-ID, so the
// server replays exactly what was missed. A "reset" means too much was missed: reload the data.
import { useEffect, useRef } from "react";
import type { LiveMessage } from "@/lib/live/hub";

export type { LiveMessage };

export interface LiveHandlers {
  onEvent: (message: LiveMessage) => void;
  onReset?: () => void;
  onStatus?: (connected: boolean) => void;
}

/** Wait before opening a new stream when the browser has given up reconnecting (e.g. after an HTTP 502). */
const REOPEN_DELAY_MS = 3_000;

function eventId(id: string): bigint | null {
  return /^\d{1,19}$/.test(id) ? BigInt(id) : null;
}

// Built here rather than taken from the discussion API client: this hook is part of every article page's
// first load, and the client is not.
function eventsUrl(slug: string, after: string): string {
  return `/api/articles/${encodeURIComponent(slug)}/events?after=${encodeURIComponent(after)}`;
}

/** `cursor` null: not ready yet (data still loading), nothing is opened. */
export function useLiveEvents(slug: string, cursor: string | null, handlers: LiveHandlers): void {
  const latest = useRef(handlers);
  // Only the first connection uses the cursor; later ones resume by Last-Event-ID, so a newer cursor
  // (after a reload of the data) must not reopen the stream.
  const firstCursor = useRef(cursor);
  const ready = cursor !== null;
  useEffect(() => {
    latest.current = handlers;
    firstCursor.current ??= cursor;
  });
  useEffect(() => {
    const start = firstCursor.current;
    if (!ready || start === null || typeof EventSource === "undefined") return;
    // The last event handed on: a stream opened anew resumes after it, and an event seen twice (a replay
    // overlapping live delivery) is dropped here, so each reaches the page exactly once.
    let last = eventId(start) ?? 0n;
    let source: EventSource | null = null;
    let reopen: number | undefined;
    const onLive = (event: MessageEvent<string>) => {
      try {
        const message = JSON.parse(event.data) as LiveMessage;
        const id = eventId(message.id);
        if (id !== null) {
          if (id <= last) return;
          last = id;
        }
        latest.current.onEvent(message);
      } catch {
        // A malformed frame is ignored; the next one carries on.
      }
    };
    const onReset = () => latest.current.onReset?.();
    const open = () => {
      const current = new EventSource(eventsUrl(slug, last.toString()));
      source = current;
      current.addEventListener("live", onLive);
      current.addEventListener("reset", onReset);
      current.onopen = () => latest.current.onStatus?.(true);
      current.onerror = () => {
        latest.current.onStatus?.(false);
        // The browser retries network errors by itself (sending Last-Event-ID); after an HTTP error it
        // gives up for good, so a new stream is opened from the last event seen.
        if (current.readyState === EventSource.CLOSED) {
          window.clearTimeout(reopen);
          reopen = window.setTimeout(open, REOPEN_DELAY_MS);
        }
      };
    };
    open();
    return () => {
      window.clearTimeout(reopen);
      source?.close();
    };
  }, [slug, ready]);
}
