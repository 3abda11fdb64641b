import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-20 text-center sm:px-6">
      <p className="text-muted text-sm font-semibold tracking-wide uppercase">Error 404</p>
      <h1 className="font-reading mt-2 text-3xl font-semibold">Page not found</h1>
      <p className="text-muted mt-4">
        There is no article or page at this address. It may have been moved or unpublished.
      </p>
      <p className="mt-8">
        <Link href="/" className="bg-accent text-accent-ink rounded px-4 py-2 hover:opacity-90">
          Browse all articles
        </Link>
      </p>
    </div>
  );
}
