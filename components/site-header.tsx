import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";

export function SiteHeader() {
  return (
    <header className="border-rule border-b">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="font-reading text-xl font-semibold tracking-tight">
          Marginalia
        </Link>
        <nav aria-label="Site" className="flex items-center gap-4 text-sm">
          <Link href="/" className="hover:underline">
            Articles
          </Link>
          <UserMenu />
        </nav>
      </div>
    </header>
  );
}
