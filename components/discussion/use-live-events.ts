"use client";

// Subscribes to an article's live stream (Server-Sent Events). The first connection starts after the
// cursor the page's data was read at; the browser reconnects by itself and sends Last-Event-ID, so the
// server replays exactly what was missed. A "reset" means too much was missed: reload the data.
import { useEffect, useRef } from "react";
import type { LiveMessage } from "@/lib/live/hub";
import { discussionApi } from "./api";

export type { LiveMessage };

export interface LiveHandlers {
  onEvent: (message: LiveMessage) => void;
  onReset?: () => void;
  onStatus?: (connected: boolean) => void;
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
    const after = firstCursor.current;
    if (!ready || after === null || typeof EventSource === "undefined") return;
    const source = new EventSource(discussionApi.eventsUrl(slug, after));
    const onLive = (event: MessageEvent<string>) => {
      try {
        latest.current.onEvent(JSON.parse(event.data) as LiveMessage);
      } catch {
        // A malformed frame is ignored; the next one carries on.
      }
    };
    const onReset = () => latest.current.onReset?.();
    source.addEventListener("live", onLive);
    source.addEventListener("reset", onReset);
    source.onopen = () => latest.current.onStatus?.(true);
    source.onerror = () => latest.current.onStatus?.(false);
    return () => source.close();
  }, [slug, ready]);
}
