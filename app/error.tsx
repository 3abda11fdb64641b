"use client";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-3xl px-4 py-20 text-center sm:px-6">
      <h1 className="font-reading text-3xl font-semibold">Something went wrong</h1>
      <p className="text-muted mt-4">The page could not be shown. Nothing you wrote was lost.</p>
      <button type="button" onClick={reset} className="bg-accent text-accent-ink mt-8 rounded px-4 py-2">
        Try again
      </button>
    </div>
  );
}
