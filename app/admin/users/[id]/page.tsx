import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BanForm, ChangeRoleForm, RestoreForm, SuspendForm } from "@/components/auth/admin-user-forms";
import { auditTrail } from "@/lib/accounts/admin-users";
import { formatDate, formatDateTime } from "@/lib/auth/format";
import { AuthorizationError, requireRole } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { Forbidden } from "@/components/auth/forbidden-notice";

export const metadata: Metadata = { title: "Manage user", robots: { index: false } };

const ACTION_LABEL: Record<string, string> = {
  "user.role_changed": "Role changed",
  "user.suspended": "Suspended",
  "user.banned": "Banned",
  "user.restored": "Restored",
};

function describe(value: unknown): string {
  if (typeof value !== "object" || value === null) return "";
  const standing = value as Record<string, unknown>;
  const text = (field: unknown) => (typeof field === "string" ? field.toLowerCase() : "");
  const parts = [text(standing.role), text(standing.status)];
  if (typeof standing.suspendedUntil === "string") parts.push(`until ${formatDate(standing.suspendedUntil)}`);
  return parts.filter(Boolean).join(", ");
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole("ADMIN", `/admin/users/${id}`).catch((error: unknown) => {
    if (error instanceof AuthorizationError) return null;
    throw error;
  });
  if (!actor) return <Forbidden />;
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      handle: true,
      role: true,
      status: true,
      statusReason: true,
      suspendedUntil: true,
      createdAt: true,
    },
  });
  if (!user) notFound();
  const trail = (await auditTrail(db, actor, id)) ?? [];
  const self = user.id === actor.id;

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10 sm:px-6">
      <p>
        <Link href="/admin/users" className="underline">
          ← All users
        </Link>
      </p>
      <div>
        <h1 className="font-reading text-3xl font-semibold tracking-tight">{user.name}</h1>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
          <dt className="text-muted">Email</dt>
          <dd className="break-all">{user.email}</dd>
          <dt className="text-muted">Handle</dt>
          <dd>@{user.handle}</dd>
          <dt className="text-muted">Role</dt>
          <dd>{user.role.toLowerCase()}</dd>
          <dt className="text-muted">Status</dt>
          <dd>
            {user.status.toLowerCase()}
            {user.suspendedUntil ? ` until ${formatDate(user.suspendedUntil)}` : ""}
            {user.statusReason ? ` (${user.statusReason})` : ""}
          </dd>
          <dt className="text-muted">Joined</dt>
          <dd>{formatDate(user.createdAt)}</dd>
        </dl>
      </div>
      {self ? (
        <p className="border-rule bg-panel rounded border px-4 py-3">
          This is your own account. Another admin has to change your role or status, so nobody locks
          themselves out.
        </p>
      ) : (
        <section aria-labelledby="actions-title" className="grid gap-8 sm:grid-cols-2">
          <h2 id="actions-title" className="sr-only">
            Actions
          </h2>
          <ChangeRoleForm userId={user.id} role={user.role} />
          <RestoreForm userId={user.id} status={user.status} />
          <SuspendForm userId={user.id} />
          <BanForm userId={user.id} />
        </section>
      )}
      <section aria-labelledby="audit-title" className="space-y-3">
        <h2 id="audit-title" className="text-xl font-semibold">
          Audit log
        </h2>
        {trail.length === 0 ? (
          <p className="text-muted">No changes recorded.</p>
        ) : (
          <ol className="space-y-3">
            {trail.map((entry) => (
              <li key={entry.id} className="border-rule border-l-2 pl-3">
                <p>
                  <strong>{ACTION_LABEL[entry.action] ?? entry.action}</strong> by{" "}
                  {entry.actorName ?? "a deleted user"},{" "}
                  <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>
                </p>
                <p className="text-muted text-sm">
                  {describe(entry.before)} → {describe(entry.after)}
                </p>
                <p className="text-sm">Reason: {entry.reason}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
