// /account/tokens - personal API tokens for the annotation API: create (shown once), list, revoke.
import type { Metadata } from "next";
import Link from "next/link";
import { listApiTokens } from "@/lib/api-tokens/tokens";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { CreateTokenForm, TokenList } from "./_components/token-forms";

export const metadata: Metadata = { title: "API tokens", robots: { index: false } };

export default async function TokensPage() {
  const user = await requireUser("/account/tokens");
  const tokens = await listApiTokens(db, user.id);
  return (
    <div className="mx-auto max-w-2xl space-y-10 px-4 py-10 sm:px-6">
      <div className="space-y-3">
        <p>
          <Link href="/account" className="text-muted underline">
            Your account
          </Link>
        </p>
        <h1 className="font-reading text-3xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-muted">
          A token lets a tool read your annotations, and with write scope create and change them, through the{" "}
          <a className="underline" href="https://www.w3.org/TR/annotation-protocol/">
            W3C Web Annotation Protocol
          </a>
          : send it as <code>Authorization: Bearer &lt;token&gt;</code>. It acts as you, so keep it secret.
        </p>
      </div>
      <section aria-labelledby="create-token-title" className="space-y-4">
        <h2 id="create-token-title" className="text-xl font-semibold">
          Create a token
        </h2>
        <CreateTokenForm />
      </section>
      <section aria-labelledby="token-list-title" className="space-y-4">
        <h2 id="token-list-title" className="text-xl font-semibold">
          Your tokens
        </h2>
        <TokenList tokens={tokens} />
      </section>
    </div>
  );
}
