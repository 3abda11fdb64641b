// /moderation - the queues (Reported, Pending, Appeals, Recently decided), limited to what the signed-in
// user moderates: everything for site moderators, their teams' content for team owners/admins. Filters
// (article, team, kind of item, report reason) are URL search parameters applied by the server.
import type { Metadata } from "next";
import Link from "next/link";
import { inputClass, secondaryButtonClass } from "@/components/auth/form-field";
import { formatDate, formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { appealQueue } from "@/lib/moderation/appeals";
import { isSiteModerator } from "@/lib/moderation/permissions";
import { countOf, decisionsFor } from "@/lib/moderation/queue-actions";
import { holdReasonLabel } from "@/lib/moderation/rules";
import {
  auditLog,
  authorRecords,
  currentItemStates,
  type ModeratorReach,
  moderatorReach,
  type Queue,
  QUEUES,
  queueFilterOptions,
  queueItems,
} from "@/lib/moderation/queries";
import {
  ITEM_KINDS,
  type ItemKind,
  MODERATION_QUEUE_SIZE,
  type QueueFilters,
  queueFilters,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
} from "@/lib/moderation/schemas";
import type { SessionUser } from "@/lib/auth/session-user";
import { AppealDecisionForm } from "./_components/appeal-decision-form";
import { BULK_FORM_ID, BulkActions } from "./_components/bulk-actions";
import { DecisionForm } from "./_components/decision-form";
import { NoModerationAccess } from "./_components/no-access";
import { QueueKeyboard } from "./_components/queue-keyboard";

export const metadata: Metadata = { title: "Moderation", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const QUEUE_LABELS: Record<Queue, string> = {
  reported: "Reported",
  pending: "Pending",
  appeals: "Appeals",
  decided: "Recently decided",
};
const KIND_LABELS: Record<ItemKind, string> = { annotation: "Annotations", comment: "Replies and comments" };
const SANCTION_LABELS: Record<string, string> = { WARN: "warning", SUSPEND: "suspension", BAN: "ban" };

function pick<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((option) => option === value);
}

export default async function ModerationPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/moderation");
  const reach = await moderatorReach(db, user);
  if (!reach) return <NoModerationAccess />;
  const params = await searchParams;
  const queue = pick(params.queue, QUEUES) ?? "reported";
  const filters = queueFilters(params);
  const filterQuery = Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const href = (next: Queue) => `/moderation?${new URLSearchParams([["queue", next], ...filterQuery])}`;

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
              <Link
                href={href(option)}
                aria-current={option === queue ? "page" : undefined}
                className={option === queue ? "font-semibold underline" : "underline"}
              >
                {QUEUE_LABELS[option]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {queue === "reported" || queue === "pending" ? (
        <Filters reach={reach} queue={queue} filters={filters} />
      ) : null}
      <h2 className="text-xl font-semibold">{QUEUE_LABELS[queue]}</h2>
      {queue === "decided" ? (
        <Decided reach={reach} />
      ) : queue === "appeals" ? (
        <Appeals reach={reach} user={user} />
      ) : (
        <Items reach={reach} queue={queue} filters={filters} siteModerator={isSiteModerator(user)} />
      )}
    </div>
  );
}

async function Filters({
  reach,
  queue,
  filters,
}: {
  reach: ModeratorReach;
  queue: Queue;
  filters: QueueFilters;
}) {
  const options = await queueFilterOptions(db, reach);
  const select = (
    id: string,
    name: string,
    label: string,
    value: string | undefined,
    choices: { value: string; label: string }[],
  ) => (
    <div className="min-w-0 flex-1 basis-40">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={inputClass}>
        <option value="">Any</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      method="get"
      action="/moderation"
      className="flex flex-wrap items-end gap-3"
      aria-label="Filter the queue"
    >
      <input type="hidden" name="queue" value={queue} />
      {select(
        "filter-article",
        "article",
        "Article",
        filters.article,
        options.articles.map((article) => ({ value: article.slug, label: article.title })),
      )}
      {select(
        "filter-team",
        "team",
        "Team",
        filters.team,
        options.teams.map((team) => ({ value: team.id, label: team.name })),
      )}
      {select(
        "filter-kind",
        "kind",
        "Kind of item",
        filters.kind,
        ITEM_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] })),
      )}
      {select(
        "filter-reason",
        "reason",
        "Report reason",
        filters.reason,
        REPORT_REASONS.map((reason) => ({ value: reason, label: REPORT_REASON_LABELS[reason] })),
      )}
      <button type="submit" className={`${secondaryButtonClass} py-2`}>
        Apply filters
      </button>
    </form>
  );
}

async function Items({
  reach,
  queue,
  filters,
  siteModerator,
}: {
  reach: ModeratorReach;
  queue: "reported" | "pending";
  filters: QueueFilters;
  siteModerator: boolean;
}) {
  const items = await queueItems(db, reach, queue, filters);
  const records = await authorRecords(
    db,
    items.map((item) => item.author.id),
  );
  if (items.length === 0) return <p className="text-muted">Nothing to review here.</p>;
  return (
    <>
      <QueueKeyboard />
      <BulkActions />
      <p className="text-muted text-sm">
        {items.length === MODERATION_QUEUE_SIZE
          ? `The first ${MODERATION_QUEUE_SIZE} items.`
          : `${countOf(items.length, "item")}.`}
      </p>
      <ol className="space-y-4" aria-label={`${QUEUE_LABELS[queue]} items`}>
        {items.map((item) => {
          const record = records.get(item.author.id);
          const headingId = `item-${item.id}`;
          return (
            <li key={`${item.kind}-${item.id}`}>
              <article
                data-queue-item
                tabIndex={-1}
                aria-labelledby={headingId}
                className="border-rule space-y-3 rounded border p-4 focus:outline-2 focus:outline-offset-2"
              >
                <div className="flex items-start gap-3">
                  <input
                    type="checkbox"
                    name="item"
                    form={BULK_FORM_ID}
                    value={`${item.kind}:${item.id}:${item.version}`}
                    data-select-item
                    aria-label={`Select the ${item.kind === "annotation" ? "annotation" : "reply or comment"} by ${item.author.name}`}
                    className="mt-1.5 size-4"
                  />
                  <h3 id={headingId} className="font-semibold">
                    {item.kind === "annotation" ? "Annotation" : "Reply or comment"} by {item.author.name}{" "}
                    <span className="text-muted font-normal">(@{item.author.handle})</span>
                  </h3>
                </div>
                <p className="text-sm">
                  Status: {item.status.toLowerCase()} · on{" "}
                  <Link href={`/articles/${item.articleSlug}`} className="underline">
                    {item.articleTitle}
                  </Link>
                  {item.teamName ? ` · team ${item.teamName}` : ""} ·{" "}
                  <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt)}</time>
                </p>
                {item.context ? (
                  <blockquote className="border-rule text-muted border-l-4 pl-3 italic">
                    {item.context}
                  </blockquote>
                ) : null}
                {item.thread.length ? (
                  <ul className="text-muted space-y-1 text-sm" aria-label="The thread around it">
                    {item.thread.map((line, index) => (
                      <li key={index} className="break-words">
                        {line}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {item.holdReasons.length ? (
                  <p className="text-sm" data-hold-reasons>
                    Held by the automatic rules: {item.holdReasons.map(holdReasonLabel).join(", ")}
                  </p>
                ) : null}
                {item.html ? (
                  // Sanitised on the server when written (lib/annotations/markdown.ts): raw HTML is escaped.
                  <div
                    className="[&_a]:text-accent [&_code]:bg-panel break-words [&_a]:underline [&_code]:rounded [&_code]:px-1 [&_li]:ml-5 [&_ol]:list-decimal [&_p+p]:mt-2 [&_ul]:list-disc"
                    dangerouslySetInnerHTML={{ __html: item.html }}
                  />
                ) : item.text ? (
                  <p className="break-words whitespace-pre-wrap">{item.text}</p>
                ) : (
                  <p className="text-muted">(a highlight without a note)</p>
                )}
                {item.openReports > 0 ? (
                  <div className="text-sm">
                    <p>
                      {item.openReports} open {item.openReports === 1 ? "report" : "reports"}:{" "}
                      {Object.entries(item.reasons)
                        .map(
                          ([reason, count]) =>
                            `${REPORT_REASON_LABELS[reason as keyof typeof REPORT_REASON_LABELS]} × ${count}`,
                        )
                        .join(", ")}
                    </p>
                    {item.notes.length ? (
                      <ul className="text-muted list-disc pl-5">
                        {item.notes.map((note, index) => (
                          // A note is whatever a reporter typed: a long unbroken word or URL must wrap, not widen the page.
                          <li key={index} className="break-words whitespace-pre-wrap">
                            {note}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                ) : null}
                {record ? (
                  <p className="text-muted text-sm">
                    Author joined {formatDate(record.joinedAt)} · {countOf(record.items, "item")} ·{" "}
                    {record.removed} removed · {countOf(record.sanctions, "sanction")}
                    {record.status !== "ACTIVE" ? ` · ${record.status.toLowerCase()}` : ""}
                    {siteModerator ? (
                      <>
                        {" · "}
                        <Link href={`/moderation/users/${item.author.id}`} className="underline">
                          Record and sanctions<span className="sr-only"> of {item.author.name}</span>
                        </Link>
                      </>
                    ) : null}
                  </p>
                ) : null}
                <DecisionForm
                  itemKind={item.kind}
                  itemId={item.id}
                  version={item.version}
                  label={`the ${item.kind} by ${item.author.name}`}
                  only={decisionsFor(item.status, item.openReports)}
                />
              </article>
            </li>
          );
        })}
      </ol>
    </>
  );
}

async function Appeals({ reach, user }: { reach: ModeratorReach; user: SessionUser }) {
  const appeals = await appealQueue(db, reach, user);
  if (appeals.length === 0) return <p className="text-muted">No open appeals.</p>;
  return (
    <ol className="space-y-4" aria-label="Open appeals">
      {appeals.map((appeal) => {
        const headingId = `appeal-${appeal.id}`;
        const what = appeal.sanction
          ? `the ${SANCTION_LABELS[appeal.sanction.kind] ?? "sanction"}`
          : `a decision on their ${appeal.decision?.itemKind === "annotation" ? "annotation" : "reply or comment"}`;
        return (
          <li key={appeal.id}>
            <article aria-labelledby={headingId} className="border-rule space-y-3 rounded border p-4">
              <h3 id={headingId} className="font-semibold">
                {appeal.user.name} <span className="text-muted font-normal">(@{appeal.user.handle})</span>{" "}
                appeals {what}
              </h3>
              <p className="text-sm">
                Filed{" "}
                <time dateTime={appeal.createdAt.toISOString()}>{formatDateTime(appeal.createdAt)}</time>
              </p>
              {appeal.sanction ? (
                <p className="text-sm">
                  Sanction: {appeal.sanction.kind.toLowerCase()}
                  {appeal.sanction.until ? ` until ${formatDate(appeal.sanction.until)}` : ""} —{" "}
                  {appeal.sanction.reason}
                </p>
              ) : appeal.decision ? (
                <div className="space-y-1 text-sm">
                  <p>
                    Decision: {appeal.decision.action.replace("moderation.", "")}
                    {appeal.decision.reason ? ` — ${appeal.decision.reason}` : ""} (now{" "}
                    {appeal.decision.status?.toLowerCase() ?? "gone"})
                  </p>
                  {appeal.decision.text ? (
                    <blockquote className="border-rule border-l-4 pl-3 break-words whitespace-pre-wrap">
                      {appeal.decision.text}
                    </blockquote>
                  ) : null}
                </div>
              ) : null}
              <p className="break-words">
                <span className="font-medium">Their message:</span> {appeal.message}
              </p>
              <AppealDecisionForm appealId={appeal.id} label={`the appeal of ${appeal.user.name}`} />
            </article>
          </li>
        );
      })}
    </ol>
  );
}

const WITHHELD = new Set(["HIDDEN", "REMOVED", "SPAM"]);

async function Decided({ reach }: { reach: ModeratorReach }) {
  const rows = await auditLog(db, reach, {}, MODERATION_QUEUE_SIZE);
  if (rows.length === 0) return <p className="text-muted">No decisions yet.</p>;
  const states = await currentItemStates(db, rows);
  // Restore is offered once per item, on its latest decision, while the item is still withheld.
  const offered = new Set<string>();
  return (
    <ul className="divide-rule border-rule divide-y rounded border">
      {rows.map((row) => {
        const state = row.itemId ? states.get(row.itemId) : undefined;
        const restorable = Boolean(
          row.itemId && row.itemKind && state && WITHHELD.has(state.status) && !offered.has(row.itemId),
        );
        if (row.itemId) offered.add(row.itemId);
        return (
          <li key={row.id} className="space-y-2 p-3 text-sm break-words">
            <p>
              <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>:{" "}
              {row.actor?.name ?? "The system"} — {row.action.replace("moderation.", "")} {row.itemKind}{" "}
              {row.targetUser ? `by ${row.targetUser.name}` : ""} ({row.before.toLowerCase()} →{" "}
              {row.after.toLowerCase()}){row.reason ? `: ${row.reason}` : ""}
            </p>
            {restorable && row.itemId && row.itemKind && state ? (
              <DecisionForm
                itemKind={row.itemKind}
                itemId={row.itemId}
                version={state.version}
                label={`the ${row.itemKind} by ${row.targetUser?.name ?? "its author"}`}
                only={["restore"]}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
