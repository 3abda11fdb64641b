import type { Metadata } from "next";
import Link from "next/link";
import { PasswordForm, ProfileForm, SignOutEverywhereForm } from "@/components/auth/account-forms";
import { StandingNotice } from "@/components/auth/standing-notice";
import { requireUser } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

const ROLE_NAME = { READER: "Reader", MODERATOR: "Moderator", ADMIN: "Admin" } as const;

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <div className="mx-auto max-w-2xl space-y-10 px-4 py-10 sm:px-6">
      <div>
        <h1 className="font-reading text-3xl font-semibold tracking-tight">Your account</h1>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
          <dt className="text-muted">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-muted">Handle</dt>
          <dd>@{user.handle}</dd>
          <dt className="text-muted">Role</dt>
          <dd>{ROLE_NAME[user.role]}</dd>
        </dl>
      </div>
      <StandingNotice user={user} />
      <p>
        <Link href="/account/standing" className="underline">
          Your standing
        </Link>
        : warnings, sanctions and decisions on your writing, and appeals.
      </p>
      <section aria-labelledby="profile-title" className="space-y-4">
        <h2 id="profile-title" className="text-xl font-semibold">
          Profile
        </h2>
        <ProfileForm name={user.name} />
      </section>
      <section aria-labelledby="password-title" className="space-y-4">
        <h2 id="password-title" className="text-xl font-semibold">
          Password
        </h2>
        <PasswordForm />
      </section>
      <section aria-labelledby="sessions-title" className="space-y-4">
        <h2 id="sessions-title" className="text-xl font-semibold">
          Sessions
        </h2>
        <SignOutEverywhereForm />
      </section>
      <section aria-labelledby="api-title" className="space-y-2">
        <h2 id="api-title" className="text-xl font-semibold">
          API
        </h2>
        <p>
          <Link href="/account/tokens" className="underline">
            Manage API tokens
          </Link>{" "}
          for tools that read or write your annotations.
        </p>
      </section>
    </div>
  );
}
