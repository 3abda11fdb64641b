// The notice on a withheld item in the reading view ("Hidden by a moderator: <reason>"). Its author also
// gets the link to appeal the decision (once); a moderator sees that only they and the author can see it.
import Link from "next/link";
import { appealHref, type ModerationNoticeDto, noticeText } from "@/lib/moderation/notice-text";

export function ModerationNotice({
  notice,
  isMine,
  className,
}: {
  notice: ModerationNoticeDto;
  isMine: boolean;
  className?: string;
}) {
  return (
    <div
      role="note"
      aria-label="Moderation notice"
      data-moderation-notice={notice.status}
      className={`rounded border border-amber-700/50 px-2 py-1 text-xs text-amber-900 dark:text-amber-100 ${className ?? ""}`}
    >
      <p className="break-words">{noticeText(notice)}</p>
      {isMine ? (
        notice.auditEntryId ? (
          notice.appealed ? (
            <p>You appealed this decision.</p>
          ) : (
            <p>
              Only you can see it.{" "}
              <Link href={appealHref(notice.auditEntryId)} className="font-semibold underline">
                Appeal
              </Link>
            </p>
          )
        ) : null
      ) : (
        <p>Shown to you as a moderator; readers do not see it.</p>
      )}
    </div>
  );
}
