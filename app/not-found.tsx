import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-20 text-center sm:px-6">
      <p className="text-sm font-semibold tracking-wide text-muted uppercase">Error 404</p>
      <h1 className="mt-2 font-reading text-3xl font-semibold">Page not found</h1>
      <p className="mt-4 text-muted">There is no article or page at this address. It may have been moved or unpublished.</p>
      <p className="mt-8">
        <Link href="/" className="rounded bg-accent px-4 py-2 text-accent-ink hover:opacity-90">
          Browse all articles
        </Link>
      </p>
    </div>
  );
}
