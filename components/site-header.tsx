import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-rule">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="font-reading text-xl font-semibold tracking-tight">
          Marginalia
        </Link>
        <nav aria-label="Site" className="flex items-center gap-4 text-sm">
          <Link href="/" className="hover:underline">
            Articles
          </Link>
          <Link href="/signin" className="rounded border border-rule px-3 py-1.5 hover:border-accent">
            Sign in
          </Link>
        </nav>
      </div>
    </header>
  );
}
