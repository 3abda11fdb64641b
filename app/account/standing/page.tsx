// /account/standing - the signed-in user's standing: warnings to acknowledge before posting again,
// sanctions (with the reason and an appeal), and moderators' decisions on their items that withhold them
// (with an appeal). Open to suspended and banned users: they must be able to read why and appeal.
import type { Metadata } from "next";
import Link from "next/link";
import { StandingNotice } from "@/components/auth/standing-notice";
import { formatDate, formatDateTime } from "@/lib/auth/format";
import { requireUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { appealableDecisions } from "@/lib/moderation/appeals";
import { noticeText, type WithheldStatus } from "@/lib/moderation/notice-text";
import { sanctionsOf, WARNINGS_PATH } from "@/lib/moderation/sanctions";
import { AcknowledgeForm, AppealForm } from "./_components/standing-forms";

export const metadata: Metadata = { title: "Your standing", robots: { index: false } };
// Always fresh: acknowledging or appealing changes it.
export const dynamic = "force-dynamic";

const KIND_TITLE = { WARN: "Warning", SUSPEND: "Suspension", BAN: "Ban" } as const;
const APPEAL_STATUS = {
  OPEN: "Your appeal is waiting for a moderator.",
  UPHELD: "Your appeal was reviewed: the decision stands.",
  REVERSED: "Your appeal was accepted: the decision was reversed.",
} as const;

export default async function StandingPage() {
  const user = await requireUser(WARNINGS_PATH);
  const [sanctions, decisions] = await Promise.all([
    sanctionsOf(db, user.id),
    appealableDecisions(db, user.id),
  ]);
  const warnings = sanctions.filter((sanction) => sanction.kind === "WARN" && !sanction.acknowledgedAt);
  const others = sanctions.filter((sanction) => !warnings.includes(sanction));

  return (
    <div className="mx-auto max-w-2xl space-y-8 px-4 py-10 sm:px-6">
      <div className="space-y-1">
        <p>
          <Link href="/account" className="underline">
            Your account
          </Link>
        </p>
        <h1 className="font-reading text-3xl font-semibold tracking-tight">Your standing</h1>
      </div>
      <StandingNotice user={user} />
      {warnings.length ? (
        <section aria-labelledby="warnings-title" className="space-y-4">
          <h2 id="warnings-title" className="text-xl font-semibold">
            {warnings.length === 1 ? "A moderator warned you" : "Moderators warned you"}
          </h2>
          <p>Read the warning and acknowledge it: you can post again once you have.</p>
          {warnings.map((warning) => (
            <article
              key={warning.id}
              id={`sanction-${warning.id}`}
              aria-labelledby={`warning-${warning.id}`}
              className="bg-panel space-y-3 rounded border border-amber-700/50 p-4"
            >
              <h3 id={`warning-${warning.id}`} className="font-semibold">
                Warning of {formatDate(warning.createdAt)}
              </h3>
              <p className="break-words">Reason: {warning.reason}</p>
              <AcknowledgeForm sanctionId={warning.id} />
            </article>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="sanctions-title" className="space-y-4">
        <h2 id="sanctions-title" className="text-xl font-semibold">
          Sanctions
        </h2>
        {others.length === 0 && warnings.length === 0 ? (
          <p className="text-muted">None: your account is in good standing.</p>
        ) : null}
        {[...warnings, ...others].map((sanction) => (
          <article
            key={sanction.id}
            id={warnings.includes(sanction) ? undefined : `sanction-${sanction.id}`}
            aria-labelledby={`sanction-title-${sanction.id}`}
            className="border-rule space-y-2 rounded border p-4"
          >
            <h3 id={`sanction-title-${sanction.id}`} className="font-semibold">
              {KIND_TITLE[sanction.kind]} of{" "}
              <time dateTime={sanction.createdAt.toISOString()}>{formatDateTime(sanction.createdAt)}</time>
              {sanction.until ? `, until ${formatDate(sanction.until)}` : ""}
            </h3>
            <p className="break-words">Reason: {sanction.reason}</p>
            {sanction.removedContent ? <p>Your annotations, replies and comments were removed.</p> : null}
            {sanction.kind === "WARN" ? (
              <p className="text-muted text-sm">
                {sanction.acknowledgedAt ? "Acknowledged." : "Not acknowledged yet."}
              </p>
            ) : null}
            {sanction.appeal ? (
              <p>{APPEAL_STATUS[sanction.appeal.status]}</p>
            ) : (
              <AppealForm
                sanctionId={sanction.id}
                label={`Appeal the ${KIND_TITLE[sanction.kind].toLowerCase()}`}
              />
            )}
          </article>
        ))}
      </section>
      <section aria-labelledby="decisions-title" className="space-y-4">
        <h2 id="decisions-title" className="text-xl font-semibold">
          Decisions on your writing
        </h2>
        {decisions.length === 0 ? (
          <p className="text-muted">None of your annotations, replies or comments is withheld.</p>
        ) : null}
        {decisions.map((decision) => (
          <article
            key={decision.auditEntryId}
            id={`decision-${decision.auditEntryId}`}
            aria-labelledby={`decision-title-${decision.auditEntryId}`}
            className="border-rule space-y-2 rounded border p-4"
          >
            <h3 id={`decision-title-${decision.auditEntryId}`} className="font-semibold">
              {noticeText({ status: decision.status as WithheldStatus, reason: decision.reason })}
            </h3>
            <p className="text-muted text-sm">
              Your {decision.itemKind === "annotation" ? "annotation" : "reply or comment"}
              {decision.articleSlug ? (
                <>
                  {" on "}
                  <Link href={`/articles/${decision.articleSlug}`} className="underline">
                    {decision.articleSlug}
                  </Link>
                </>
              ) : null}
              , <time dateTime={decision.createdAt.toISOString()}>{formatDateTime(decision.createdAt)}</time>
            </p>
            {decision.text ? (
              <blockquote className="border-rule border-l-4 pl-3 break-words whitespace-pre-wrap">
                {decision.text}
              </blockquote>
            ) : null}
            {decision.appeal ? (
              <p>{APPEAL_STATUS[decision.appeal.status]}</p>
            ) : (
              <AppealForm auditEntryId={decision.auditEntryId} label="Appeal this decision" />
            )}
          </article>
        ))}
      </section>
    </div>
  );
}
