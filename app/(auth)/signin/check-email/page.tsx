import type { Metadata } from "next";

export const metadata: Metadata = { title: "Check your email", robots: { index: false } };

export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">Check your email</h1>
      <p className="mt-4">
        If the address can receive email, a sign-in link is on its way. It works once and expires after 24
        hours.
      </p>
    </div>
  );
}
