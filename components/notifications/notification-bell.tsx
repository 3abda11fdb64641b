"use client";
// The header's bell: a link to /notifications showing the unread count. The count is fetched from
// GET /api/notifications when the bell mounts, every 30 seconds while the tab is visible, when the window
// regains focus, on navigation, and whenever something in the page announces a change (the
// NOTIFICATIONS_CHANGED_EVENT, e.g. after "mark all as read" or from a live update).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { NOTIFICATIONS_CHANGED_EVENT } from "./events";

export const NOTIFICATIONS_POLL_MS = 30_000;
/** Counts above this show as "99+" in the badge (the accessible name keeps the real number). */
const BADGE_MAX = 99;

interface BellResponse {
  unread: number;
}

function isBellResponse(value: unknown): value is BellResponse {
  return (
    typeof value === "object" && value !== null && typeof (value as { unread?: unknown }).unread === "number"
  );
}

/** The unread count, or null when it cannot be had right now (offline, signed out, aborted). */
async function fetchUnread(signal: AbortSignal): Promise<number | null> {
  try {
    const response = await fetch("/api/notifications", { cache: "no-store", signal });
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return isBellResponse(body) ? body.unread : null;
  } catch {
    return null;
  }
}

export function NotificationBell() {
  const [unread, setUnread] = useState<number | null>(null);
  const pathname = usePathname();
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    // Keeps the last count when a fetch fails; the next poll tries again.
    void fetchUnread(controller.signal).then((count) => {
      if (count !== null && !controller.signal.aborted) setUnread(count);
    });
  }, []);

  // On mount and after every navigation (marking read happens on another page).
  useEffect(refresh, [refresh, pathname]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    const timer = window.setInterval(onVisible, NOTIFICATIONS_POLL_MS);
    window.addEventListener("focus", refresh);
    window.addEventListener(NOTIFICATIONS_CHANGED_EVENT, refresh);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", refresh);
      window.removeEventListener(NOTIFICATIONS_CHANGED_EVENT, refresh);
      document.removeEventListener("visibilitychange", onVisible);
      inFlight.current?.abort();
    };
  }, [refresh]);

  const label = unread === null ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      className="border-rule hover:border-accent relative inline-flex h-9 w-9 items-center justify-center rounded border"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="18"
        height="18"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread ? (
        <span
          aria-hidden="true"
          data-testid="notification-count"
          className="bg-accent text-accent-ink absolute -top-1.5 -right-1.5 min-w-5 rounded-full px-1 text-center text-xs leading-5 font-semibold"
        >
          {unread > BADGE_MAX ? `${BADGE_MAX}+` : unread}
        </span>
      ) : null}
    </Link>
  );
}
