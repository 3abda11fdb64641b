// /moderation/users/[id] - a user's record for site moderators: standing, counts, sanctions (with their
// appeals) and the audit entries about them, and the form to warn, suspend or ban them. Team moderators
// do not sanction accounts, so the page is for site moderators only.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDate, formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { isSiteModerator, sanctionRefusal } from "@/lib/moderation/permissions";
import { moderatorReach, userRecord } from "@/lib/moderation/queries";
import { sanctionsOf } from "@/lib/moderation/sanctions";
import { NoModerationAccess } from "../../_components/no-access";
import { SanctionForm } from "../../_components/sanction-form";

export const metadata: Metadata = { title: "User record", robots: { index: false } };

export default async function ModerationUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/moderation/users/${encodeURIComponent(id)}`);
  const reach = await moderatorReach(db, user);
  if (!reach || !isSiteModerator(user)) return <NoModerationAccess />;
  const found = await userRecord(db, reach, id);
  if (!found) notFound();
  const sanctions = await sanctionsOf(db, id);
  const { user: target, record, history } = found;
  const refusal = sanctionRefusal(user, target);

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10 sm:px-6">
      <div className="space-y-1">
        <p>
          <Link href="/moderation" className="underline">
            Back to the queues
          </Link>
        </p>
        <h1 className="font-reading text-3xl font-semibold tracking-tight">
          {target.name} <span className="text-muted text-xl font-normal">(@{target.handle})</span>
        </h1>
      </div>
      <section aria-labelledby="record-title" className="space-y-2">
        <h2 id="record-title" className="text-xl font-semibold">
          Record
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
          <dt className="text-muted">Joined</dt>
          <dd>{formatDate(target.createdAt)}</dd>
          <dt className="text-muted">Role</dt>
          <dd>{target.role.toLowerCase()}</dd>
          <dt className="text-muted">Standing</dt>
          <dd>
            {target.status.toLowerCase()}
            {target.status === "SUSPENDED" && target.suspendedUntil
              ? ` until ${formatDate(target.suspendedUntil)}`
              : ""}
            {target.statusReason ? ` — ${target.statusReason}` : ""}
          </dd>
          <dt className="text-muted">Items</dt>
          <dd>{record?.items ?? 0}</dd>
          <dt className="text-muted">Removed or spam</dt>
          <dd>{record?.removed ?? 0}</dd>
          <dt className="text-muted">Sanctions</dt>
          <dd>{record?.sanctions ?? 0}</dd>
        </dl>
      </section>
      <section aria-labelledby="sanction-title" className="space-y-3">
        <h2 id="sanction-title" className="text-xl font-semibold">
          Warn, suspend or ban
        </h2>
        {refusal ? <p>{refusal}</p> : <SanctionForm userId={target.id} name={target.name} />}
      </section>
      <section aria-labelledby="sanctions-title" className="space-y-3">
        <h2 id="sanctions-title" className="text-xl font-semibold">
          Sanctions
        </h2>
        {sanctions.length === 0 ? (
          <p className="text-muted">None.</p>
        ) : (
          <ul className="divide-rule border-rule divide-y rounded border">
            {sanctions.map((sanction) => (
              <li key={sanction.id} className="space-y-1 p-3 text-sm break-words">
                <p>
                  <span className="font-medium">{sanction.kind.toLowerCase()}</span>
                  {sanction.until ? ` until ${formatDate(sanction.until)}` : ""} by{" "}
                  {sanction.actorName ?? "someone"},{" "}
                  <time dateTime={sanction.createdAt.toISOString()}>
                    {formatDateTime(sanction.createdAt)}
                  </time>
                  : {sanction.reason}
                  {sanction.removedContent ? " (content removed)" : ""}
                  {sanction.kind === "WARN"
                    ? sanction.acknowledgedAt
                      ? " · acknowledged"
                      : " · not acknowledged yet"
                    : ""}
                </p>
                {sanction.appeal ? (
                  <p className="text-muted">
                    Appeal ({sanction.appeal.status.toLowerCase()}): {sanction.appeal.message}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-title" className="space-y-3">
        <h2 id="history-title" className="text-xl font-semibold">
          History
        </h2>
        {history.length === 0 ? (
          <p className="text-muted">Nothing recorded.</p>
        ) : (
          <ul className="divide-rule border-rule divide-y rounded border">
            {history.map((row) => (
              <li key={row.id} className="p-3 text-sm break-words">
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>:{" "}
                {row.actor?.name ?? "The system"} — {row.action}
                {row.itemKind ? ` ${row.itemKind}` : ""} ({row.before.toLowerCase()} →{" "}
                {row.after.toLowerCase()}){row.reason ? `: ${row.reason}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
