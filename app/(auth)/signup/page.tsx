import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentUser } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">Create an account</h1>
      <p className="text-muted mt-2">An account lets you highlight, annotate, reply and comment.</p>
      <div className="mt-8">
        <SignUpForm callbackUrl={callbackUrl} />
      </div>
    </div>
  );
}
