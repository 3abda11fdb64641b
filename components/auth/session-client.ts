"use client";
// The two things the header needs from Auth.js in the browser — the current session and signing out —
// as plain fetches of Auth.js's own endpoints. next-auth/react's provider did the same for ~10 KB of
// gzipped JavaScript on every page, which the article page's budget (issue 4: ≤ 150 KB) cannot afford.
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { SessionUser } from "@/lib/auth/session-user";

const SESSION_URL = "/api/auth/session";
const CSRF_URL = "/api/auth/csrf";
const SIGN_OUT_URL = "/api/auth/signout";
// The last answer, for this tab only: a page load shows the signed-in header at once instead of an empty
// space until the session request returns (the answer still replaces it; the server decides every access).
const CACHE_KEY = "marginalia:session-user";

function remember(user: SessionUser | null): void {
  try {
    if (user) sessionStorage.setItem(CACHE_KEY, JSON.stringify(user));
    else sessionStorage.removeItem(CACHE_KEY);
  } catch {
    // Storage blocked: the header waits for the session request, as before.
  }
}

function rememberedRaw(): string | null {
  try {
    return sessionStorage.getItem(CACHE_KEY);
  } catch {
    return null;
  }
}

const subscribeToNothing = () => () => {};
const nothingOnTheServer = () => null;

/** undefined until the first answer; null when nobody is signed in. */
export type SessionState = SessionUser | null | undefined;

async function fetchSessionUser(): Promise<SessionUser | null> {
  const response = await fetch(SESSION_URL, { cache: "no-store", credentials: "same-origin" });
  if (!response.ok) return null;
  const session = (await response.json()) as { user?: SessionUser } | null;
  return session?.user ?? null;
}

/**
 * The signed-in user, fetched again whenever `refreshKey` changes (the header passes the pathname: a
 * sign-in or sign-up ends in a client-side navigation the header survives). A refresh keeps the last
 * answer on screen until the new one arrives, so the header does not flicker; a failed refresh keeps it too.
 */
export function useSessionUser(refreshKey: string): SessionState {
  const [user, setUser] = useState<SessionState>(undefined);
  // Read while hydrating (before the first paint), so the header never shows without its menu.
  const raw = useSyncExternalStore(subscribeToNothing, rememberedRaw, nothingOnTheServer);
  const cached = useMemo(() => (raw ? (JSON.parse(raw) as SessionUser) : undefined), [raw]);
  useEffect(() => {
    let current = true;
    fetchSessionUser()
      .then((next) => {
        remember(next);
        if (current) setUser(next);
      })
      .catch(() => {
        if (current) setUser((previous) => (previous === undefined ? null : previous));
      });
    return () => {
      current = false;
    };
  }, [refreshKey]);
  return user === undefined ? cached : user;
}

/** Signs out through Auth.js's CSRF-protected endpoint, then goes where it says (back to `returnTo`). */
export async function signOutAndReturn(returnTo: string): Promise<void> {
  const csrf = (await (await fetch(CSRF_URL, { cache: "no-store" })).json()) as { csrfToken: string };
  const response = await fetch(SIGN_OUT_URL, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: returnTo }),
  });
  const { url } = (await response.json()) as { url?: string };
  remember(null);
  // A full load: every client component on the page must forget the user.
  window.location.assign(url ?? returnTo);
}
