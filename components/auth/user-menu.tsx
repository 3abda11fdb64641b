"use client";
// The header's account area: a "Sign in" link, or the signed-in user's menu (Account, Admin, Moderation,
// Sign out) and, for a suspended or banned account, a notice saying so. A client component that fetches
// the session itself, so the statically cached pages it sits on never read cookies while rendering.
// The signed-in part is its own chunk, loaded when the session names a user: the article page's
// JavaScript budget (issue 4: <= 150 KB gzipped) is spent on what every reader needs.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Suspense } from "react";
import { lazyPart } from "@/components/lazy-part";
import { useSessionUser } from "./session-client";

const SignedInMenu = lazyPart(() => import("./signed-in-menu").then((module) => module.SignedInMenu));

// Holds the place of the link or menu so the header does not jump while the session or the menu loads.
const placeholder = <span className="inline-block h-8 w-16" aria-hidden="true" />;

export function UserMenu() {
  const pathname = usePathname();
  const user = useSessionUser(pathname);

  if (user === undefined) return placeholder;
  if (!user) {
    const callbackUrl = encodeURIComponent(pathname || "/");
    return (
      <Link
        href={`/signin?callbackUrl=${callbackUrl}`}
        className="border-rule hover:border-accent rounded border px-3 py-1.5"
      >
        Sign in
      </Link>
    );
  }
  return (
    <Suspense fallback={placeholder}>
      <SignedInMenu user={user} pathname={pathname || "/"} />
    </Suspense>
  );
}
