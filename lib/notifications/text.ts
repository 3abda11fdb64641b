// What a notification says and where it leads, from its stored facts. Pure, shared by the page, the bell's
// JSON and the emails. Known `data` keys (set by whoever calls notify()): teamName, teamSlug, invitationId
// (team invitations), articleSlug (replies and mentions), summary (a short display line, e.g. a moderation
// decision). Any of them may be missing: the text degrades to a generic sentence rather than failing.
import type { NotificationType } from "../generated/prisma/enums";

export interface NotificationFacts {
  type: NotificationType;
  actorName: string | null;
  annotationId: string | null;
  commentId: string | null;
  data: unknown;
}

function dataString(data: unknown, key: string): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}

function articleHref(facts: NotificationFacts): string {
  const slug = dataString(facts.data, "articleSlug");
  if (!slug) return "/notifications";
  const anchor = facts.annotationId
    ? `#annotation-${facts.annotationId}`
    : facts.commentId
      ? `#comment-${facts.commentId}`
      : "";
  return `/articles/${encodeURIComponent(slug)}${anchor}`;
}

export function describeNotification(facts: NotificationFacts): { text: string; href: string } {
  const actor = facts.actorName ?? "Someone";
  switch (facts.type) {
    case "REPLY":
      return { text: `${actor} replied to you`, href: articleHref(facts) };
    case "MENTION":
      return { text: `${actor} mentioned you`, href: articleHref(facts) };
    case "TEAM_INVITATION": {
      const team = dataString(facts.data, "teamName") ?? "a team";
      return { text: `${actor} invited you to join ${team}`, href: "/notifications" };
    }
    case "MODERATION_DECISION":
      return {
        text: dataString(facts.data, "summary") ?? "A moderator made a decision on your content",
        // An appeal's outcome names no article: the standing page shows the appeal and what it was about.
        href:
          !dataString(facts.data, "articleSlug") && dataString(facts.data, "appealId")
            ? "/account/standing"
            : articleHref(facts),
      };
    case "REPORT":
      return {
        text: dataString(facts.data, "summary") ?? "New reports wait in the Reported queue",
        href: "/moderation?queue=reported",
      };
    case "REPORT_REMINDER":
      return {
        text: dataString(facts.data, "summary") ?? "Reports have waited more than 48 hours",
        href: "/moderation?queue=reported",
      };
    case "SANCTION":
      return {
        text: dataString(facts.data, "summary") ?? "A moderator took action on your account",
        // The standing page shows the sanction's reason, the warning to acknowledge and the appeal form.
        href: "/account/standing",
      };
  }
}
