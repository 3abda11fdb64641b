// /moderation/log - the audit log of moderation decisions within the user's reach, newest first, with
// filters (action, kind of item, actor) and a CSV export of the same selection.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass, inputClass } from "@/components/auth/form-field";
import { formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { auditLog, moderatorReach } from "@/lib/moderation/queries";
import { auditLogFilters, DECISIONS } from "@/lib/moderation/schemas";
import { NoModerationAccess } from "../_components/no-access";

export const metadata: Metadata = { title: "Moderation log", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ModerationLogPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/moderation/log");
  const reach = await moderatorReach(db, user);
  if (!reach) return <NoModerationAccess />;
  const filters = auditLogFilters(await searchParams);
  const rows = await auditLog(db, reach, filters);
  const query = new URLSearchParams(
    Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-10 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="font-reading text-3xl font-semibold tracking-tight">Moderation log</h1>
        <Link href="/moderation" className="underline">
          Back to the queues
        </Link>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the log">
        <div>
          <label htmlFor="log-action" className="block font-medium">
            Action
          </label>
          <select id="log-action" name="action" defaultValue={filters.action ?? ""} className={inputClass}>
            <option value="">Any</option>
            {DECISIONS.map((decision) => (
              <option key={decision} value={`moderation.${decision}`}>
                {decision}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="log-kind" className="block font-medium">
            Kind of item
          </label>
          <select id="log-kind" name="itemKind" defaultValue={filters.itemKind ?? ""} className={inputClass}>
            <option value="">Any</option>
            <option value="annotation">Annotation</option>
            <option value="comment">Reply or comment</option>
          </select>
        </div>
        <div>
          <label htmlFor="log-actor" className="block font-medium">
            Moderator&apos;s handle
          </label>
          <input
            id="log-actor"
            name="actor"
            type="text"
            defaultValue={filters.actor ?? ""}
            className={inputClass}
          />
        </div>
        <button type="submit" className={buttonClass}>
          Filter
        </button>
        <a href={`/moderation/log/export?${query}`} className="underline" download>
          Download as CSV
        </a>
      </form>
      {rows.length === 0 ? (
        <p className="text-muted">No entries.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Moderation decisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className="p-2">
                  Time
                </th>
                <th scope="col" className="p-2">
                  Moderator
                </th>
                <th scope="col" className="p-2">
                  Action
                </th>
                <th scope="col" className="p-2">
                  Item
                </th>
                <th scope="col" className="p-2">
                  Author
                </th>
                <th scope="col" className="p-2">
                  Status
                </th>
                <th scope="col" className="p-2">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-rule border-t">
                  <td className="p-2">
                    <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>
                  </td>
                  <td className="p-2">{row.actor ? `@${row.actor.handle}` : "—"}</td>
                  <td className="p-2">{row.action}</td>
                  <td className="p-2">{row.itemKind ?? "—"}</td>
                  <td className="p-2">{row.targetUser ? `@${row.targetUser.handle}` : "—"}</td>
                  <td className="p-2">
                    {row.before.toLowerCase()} → {row.after.toLowerCase()}
                  </td>
                  <td className="p-2 break-words">{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
