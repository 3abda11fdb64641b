// Why a suspended or banned user cannot write, and until when. Server component (account page).
import { formatDate } from "@/lib/auth/format";
import type { SessionUser } from "@/lib/auth/session-user";

export function StandingNotice({
  user,
}: {
  user: Pick<SessionUser, "status" | "statusReason" | "suspendedUntil">;
}) {
  if (user.status === "ACTIVE") return null;
  const title =
    user.status === "SUSPENDED"
      ? `Your account is suspended${user.suspendedUntil ? ` until ${formatDate(user.suspendedUntil)}` : ""}.`
      : "Your account is banned.";
  return (
    <section
      id="standing"
      aria-labelledby="standing-title"
      className="bg-panel rounded border border-red-700/40 px-4 py-3"
    >
      <h2 id="standing-title" className="font-semibold">
        {title}
      </h2>
      {user.statusReason ? <p className="mt-1">Reason: {user.statusReason}</p> : null}
      <p className="text-muted mt-1">
        You can still read everything, but you cannot write: no highlights, notes, replies, comments or
        profile changes
        {user.status === "SUSPENDED" ? " until the suspension ends" : ""}.
      </p>
    </section>
  );
}
