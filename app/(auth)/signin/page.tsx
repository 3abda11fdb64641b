import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { enabledProviders, signIn } from "@/auth";
import { EmailLinkForm, SignInForm } from "@/components/auth/sign-in-form";
import { secondaryButtonClass } from "@/components/auth/form-field";
import { SIGN_IN_FAILED_MESSAGE } from "@/lib/accounts/sign-in";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentUser } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Auth.js sends OAuth and email-link failures here as ?error=<type>; say something useful, never more.
function errorMessage(error: string | undefined): string | undefined {
  if (!error) return undefined;
  if (error === "CredentialsSignin") return SIGN_IN_FAILED_MESSAGE;
  if (error === "OAuthAccountNotLinked") {
    return "This email already has an account with another sign-in method. Sign in the way you did before.";
  }
  if (error === "Verification")
    return "This sign-in link has expired or was already used. Ask for a new one.";
  return "Sign-in did not work. Try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : undefined;

  async function signInWithGitHub() {
    "use server";
    await signIn("github", { redirectTo: callbackUrl });
  }

  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="font-reading text-3xl font-semibold tracking-tight">Sign in</h1>
      <p className="text-muted mt-2">Sign in to highlight, annotate and discuss. Reading needs no account.</p>
      <div className="mt-8">
        <SignInForm callbackUrl={callbackUrl} initialMessage={errorMessage(error)} />
      </div>
      {enabledProviders.github || enabledProviders.emailLinks ? (
        <section aria-labelledby="other-ways" className="border-rule mt-10 space-y-6 border-t pt-6">
          <h2 id="other-ways" className="font-semibold">
            Other ways to sign in
          </h2>
          {enabledProviders.github ? (
            <form action={signInWithGitHub}>
              <button type="submit" className={secondaryButtonClass}>
                Sign in with GitHub
              </button>
            </form>
          ) : null}
          {enabledProviders.emailLinks ? <EmailLinkForm callbackUrl={callbackUrl} /> : null}
        </section>
      ) : null}
    </div>
  );
}
