"use client";
// The signed-in half of the header's account area: the standing badge, the notification bell and the
// account menu. Loaded only once the session says someone is signed in (see user-menu.tsx), so an
// anonymous reader's page never downloads it.
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { can } from "@/lib/auth/can";
import { formatDate } from "@/lib/auth/format";
import type { SessionUser } from "@/lib/auth/session-user";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { signOutAndReturn } from "./session-client";

export function SignedInMenu({ user, pathname }: { user: SessionUser; pathname: string }) {
  return (
    <div className="flex items-center gap-3">
      <StandingBadge user={user} />
      <NotificationBell />
      <Menu key={pathname} user={user} pathname={pathname} />
    </div>
  );
}

function StandingBadge({ user }: { user: SessionUser }) {
  if (user.status === "ACTIVE") return null;
  const text =
    user.status === "SUSPENDED"
      ? `Suspended${user.suspendedUntil ? ` until ${formatDate(user.suspendedUntil)}` : ""}`
      : "Account banned";
  return (
    <Link
      href="/account#standing"
      className="rounded border border-red-700/40 px-2 py-1 text-sm text-red-700 dark:text-red-300"
      title={user.statusReason ? `Reason: ${user.statusReason}` : undefined}
    >
      {text} <span className="underline">(why?)</span>
    </Link>
  );
}

function Menu({ user, pathname }: { user: SessionUser; pathname: string }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (event.target instanceof Node && !container.current?.contains(event.target)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  const itemClass = "block w-full px-4 py-2 text-left hover:bg-panel focus-visible:bg-panel";
  return (
    <div ref={container} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        className="border-rule hover:border-accent rounded border px-3 py-1.5"
      >
        <span className="sr-only">Account menu for </span>
        {user.name}
      </button>
      <div
        id={menuId}
        hidden={!open}
        className="border-rule bg-page absolute right-0 z-20 mt-2 w-56 rounded border py-1 shadow-lg"
      >
        <p className="border-rule text-muted truncate border-b px-4 py-2 text-sm">@{user.handle}</p>
        <ul>
          <li>
            <Link href="/account" className={itemClass} onClick={() => setOpen(false)}>
              Account
            </Link>
          </li>
          <li>
            <Link href="/teams" className={itemClass} onClick={() => setOpen(false)}>
              Teams
            </Link>
          </li>
          {can(user, "user:list") ? (
            <li>
              <Link href="/admin/users" className={itemClass} onClick={() => setOpen(false)}>
                Admin
              </Link>
            </li>
          ) : null}
          {can(user, "user:list") ? (
            <li>
              <Link href="/admin/moderation" className={itemClass} onClick={() => setOpen(false)}>
                Posting rules
              </Link>
            </li>
          ) : null}
          {can(user, "moderation:access") ? (
            <li>
              <Link href="/moderation" className={itemClass} onClick={() => setOpen(false)}>
                Moderation
              </Link>
            </li>
          ) : null}
          <li>
            <button type="button" className={itemClass} onClick={() => void signOutAndReturn(pathname)}>
              Sign out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
