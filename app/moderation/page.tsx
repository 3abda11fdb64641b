// /moderation - the queues of items to review (Reported, Pending, Recently decided), limited to what the
// signed-in user moderates: everything for site moderators, their teams' content for team owners/admins.
import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { auditLog, authorRecords, moderatorReach, type Queue, QUEUES, queueItems } from "@/lib/moderation/queries";
import { ITEM_KINDS, type ItemKind, MODERATION_QUEUE_SIZE, REPORT_REASON_LABELS } from "@/lib/moderation/schemas";
import { DecisionForm } from "./_components/decision-form";
import { NoModerationAccess } from "./_components/no-access";
import { QueueKeyboard } from "./_components/queue-keyboard";

export const metadata: Metadata = { title: "Moderation", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const QUEUE_LABELS: Record<Queue, string> = { reported: "Reported", pending: "Pending", decided: "Recently decided" };
const KIND_LABELS: Record<ItemKind, string> = { annotation: "Annotations", comment: "Replies and comments" };

function pick<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((option) => option === value);
}

export default async function ModerationPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/moderation");
  const reach = await moderatorReach(db, user);
  if (!reach) return <NoModerationAccess />;
  const params = await searchParams;
  const queue = pick(params.queue, QUEUES) ?? "reported";
  const kind = pick(params.kind, ITEM_KINDS);
  const href = (next: { queue?: Queue; kind?: ItemKind | undefined }) => {
    const query = new URLSearchParams({ queue: next.queue ?? queue, ...((next.kind ?? kind) ? { kind: next.kind ?? kind ?? "" } : {}) });
    return `/moderation?${query}`;
  };

  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-10 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="font-reading text-3xl font-semibold tracking-tight">Moderation</h1>
          <p className="text-muted">{reach.site ? "All public and team content." : "Your teams' content."}</p>
        </div>
        <Link href="/moderation/log" className="underline">
          Audit log
        </Link>
      </div>
      <nav aria-label="Queues">
        <ul className="flex flex-wrap gap-4">
          {QUEUES.map((option) => (
            <li key={option}>
              <Link href={href({ queue: option })} aria-current={option === queue ? "page" : undefined} className={option === queue ? "font-semibold underline" : "underline"}>
                {QUEUE_LABELS[option]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {queue !== "decided" ? (
        <nav aria-label="Kind of item">
          <ul className="flex flex-wrap gap-4 text-sm">
            <li>
              <Link href={`/moderation?queue=${queue}`} aria-current={kind ? undefined : "page"} className="underline">
                All items
              </Link>
            </li>
            {ITEM_KINDS.map((option) => (
              <li key={option}>
                <Link href={href({ kind: option })} aria-current={option === kind ? "page" : undefined} className="underline">
                  {KIND_LABELS[option]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <h2 className="text-xl font-semibold">{QUEUE_LABELS[queue]}</h2>
      {queue === "decided" ? <Decided reach={reach} /> : <Items reach={reach} queue={queue} kind={kind} />}
    </div>
  );
}

async function Items({ reach, queue, kind }: { reach: NonNullable<Awaited<ReturnType<typeof moderatorReach>>>; queue: Exclude<Queue, "decided">; kind: ItemKind | undefined }) {
  const items = await queueItems(db, reach, queue, kind);
  const records = await authorRecords(db, items.map((item) => item.author.id));
  if (items.length === 0) return <p className="text-muted">Nothing to review here.</p>;
  return (
    <>
      <QueueKeyboard />
      <p className="text-muted text-sm">
        {items.length === MODERATION_QUEUE_SIZE ? `The first ${MODERATION_QUEUE_SIZE} items.` : `${items.length} items.`}
      </p>
      <ol className="space-y-4" aria-label={`${QUEUE_LABELS[queue]} items`}>
        {items.map((item) => {
          const record = records.get(item.author.id);
          const headingId = `item-${item.id}`;
          return (
            <li key={`${item.kind}-${item.id}`}>
              <article data-queue-item tabIndex={-1} aria-labelledby={headingId} className="border-rule space-y-3 rounded border p-4 focus:outline-2 focus:outline-offset-2">
                <h3 id={headingId} className="font-semibold">
                  {item.kind === "annotation" ? "Annotation" : "Reply or comment"} by {item.author.name}{" "}
                  <span className="text-muted font-normal">(@{item.author.handle})</span>
                </h3>
                <p className="text-sm">
                  Status: {item.status.toLowerCase()} · on{" "}
                  <Link href={`/articles/${item.articleSlug}`} className="underline">
                    {item.articleSlug}
                  </Link>{" "}
                  · <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt)}</time>
                </p>
                {item.context ? <blockquote className="border-rule text-muted border-l-4 pl-3 italic">{item.context}</blockquote> : null}
                {item.text ? <p className="break-words whitespace-pre-wrap">{item.text}</p> : <p className="text-muted">(a highlight without a note)</p>}
                {item.openReports > 0 ? (
                  <div className="text-sm">
                    <p>
                      {item.openReports} open {item.openReports === 1 ? "report" : "reports"}:{" "}
                      {Object.entries(item.reasons)
                        .map(([reason, count]) => `${REPORT_REASON_LABELS[reason as keyof typeof REPORT_REASON_LABELS]} × ${count}`)
                        .join(", ")}
                    </p>
                    {item.notes.length ? (
                      <ul className="text-muted list-disc pl-5">
                        {item.notes.map((note, index) => (
                          <li key={index}>{note}</li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                ) : null}
                {record ? (
                  <p className="text-muted text-sm">
                    Author joined {formatDate(record.joinedAt)} · {record.items} items · {record.removed} removed
                  </p>
                ) : null}
                <DecisionForm itemKind={item.kind} itemId={item.id} version={item.version} label={`the ${item.kind} by ${item.author.name}`} />
              </article>
            </li>
          );
        })}
      </ol>
    </>
  );
}

async function Decided({ reach }: { reach: NonNullable<Awaited<ReturnType<typeof moderatorReach>>> }) {
  const rows = await auditLog(db, reach, {}, MODERATION_QUEUE_SIZE);
  if (rows.length === 0) return <p className="text-muted">No decisions yet.</p>;
  return (
    <ul className="divide-rule border-rule divide-y rounded border">
      {rows.map((row) => (
        <li key={row.id} className="p-3 text-sm">
          <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>: {row.actor?.name ?? "Someone"} — {row.action.replace("moderation.", "")} {row.itemKind}{" "}
          {row.targetUser ? `by ${row.targetUser.name}` : ""} ({row.before.toLowerCase()} → {row.after.toLowerCase()}){row.reason ? `: ${row.reason}` : ""}
        </li>
      ))}
    </ul>
  );
}
