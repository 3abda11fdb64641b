// The authorisation matrix: for every route handler method, server action and page of the app (see
// ./route-table.ts, read from the filesystem), what each kind of caller gets. coverage.test.ts fails
// when the app has an entry without a row here, or a row names something that no longer exists;
// routes.test.ts and pages.test.ts execute the rows against the real handlers and pages.
//
// The subject of every row is the author's TEAM annotation (with a note only the team may read) and the
// author's article comment, created fresh for each call that changes something (see ./world.ts).
// The team: an owner, the author, a team member, a team admin, and the suspended and banned callers
// (members, so that their standing, not their membership, is what stops them). The ex-member left it.
// The three API tokens belong to the author.

export const CALLERS = [
  "anonymous",
  "reader",
  "author",
  "teamMember",
  "exMember",
  "nonMember",
  "teamAdmin",
  "moderator",
  "admin",
  "suspended",
  "banned",
  "tokenRead",
  "tokenReadWrite",
  "tokenRevoked",
] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * What a caller gets.
 * - "2xx", "401", "403", "404": that status (class);
 * - "deny": 403 or 404 (refused; whether the item's existence shows does not matter here);
 * - "invalid": 400 or 422 (authorised, and the deliberately incomplete body was refused);
 * - "sees" / "hides": 2xx, and the team-only note is / is not in the response (pages: the rendered tree);
 * - "signin": a redirect to /signin (pages and actions); "redirect": a redirect elsewhere;
 * - pages: "403" also when the page renders its "No access" notice instead of its content;
 * - "ok" / "refused": a server action did / did not do its work (state, redirect or error);
 * - "e2e": not callable in-process (Auth.js's own endpoints), covered by e2e/auth.spec.ts.
 */
export type Outcome =
  | "2xx"
  | "401"
  | "403"
  | "404"
  | "deny"
  | "invalid"
  | "sees"
  | "hides"
  | "signin"
  | "redirect"
  | "ok"
  | "refused"
  | "e2e";
export type Row = Record<Caller, Outcome>;

/** Callers without a session: anonymous, and API tokens on routes that only take cookies. */
const NO_SESSION = ["anonymous", "tokenRead", "tokenReadWrite", "tokenRevoked"] as const;
const TOKENS = ["tokenRead", "tokenReadWrite", "tokenRevoked"] as const;
/** Signed in and in the team that can read the subject. */
const TEAM = ["author", "teamMember", "teamAdmin"] as const;
/** Signed in, but the subject is not theirs to see. */
const OUTSIDERS = ["reader", "exMember", "nonMember", "moderator", "admin"] as const;
const BLOCKED = ["suspended", "banned"] as const;

type Spec = Partial<Record<Caller | "rest", Outcome>> & {
  [K in "noSession" | "tokens" | "team" | "outsiders" | "blocked"]?: Outcome;
};

/** A row from group defaults; a caller named on its own wins over its group, and "rest" fills the gaps. */
function row(spec: Spec): Row {
  const out = {} as Row;
  for (const caller of CALLERS) {
    const group =
      (TOKENS as readonly string[]).includes(caller) && spec.tokens
        ? spec.tokens
        : (NO_SESSION as readonly string[]).includes(caller)
          ? spec.noSession
          : (TEAM as readonly string[]).includes(caller)
            ? spec.team
            : (OUTSIDERS as readonly string[]).includes(caller)
              ? spec.outsiders
              : (BLOCKED as readonly string[]).includes(caller)
                ? spec.blocked
                : undefined;
    const outcome = spec[caller] ?? group ?? spec.rest;
    if (!outcome) throw new Error(`matrix row without an outcome for ${caller}`);
    out[caller] = outcome;
  }
  return out;
}

const everyone = (outcome: Outcome) => row({ rest: outcome });

// ── Route handlers ──

/** Writes on the author's own item: only the author. */
const AUTHOR_ONLY_WRITE = row({
  noSession: "401",
  author: "2xx",
  team: "deny",
  outsiders: "deny",
  blocked: "deny",
});
/** Reads of the team item: the team (suspended and banned members keep read access), 404 for the rest. */
const TEAM_READ = row({ noSession: "404", team: "2xx", blocked: "2xx", outsiders: "404" });
/** Writes in the team item's thread: active team members. */
const TEAM_WRITE = row({ noSession: "401", team: "2xx", blocked: "403", outsiders: "404" });
/** Creating one's own things: any active signed-in user. */
const SIGNED_IN_CREATE = row({ noSession: "401", team: "2xx", outsiders: "2xx", blocked: "403" });

export const ROUTES: Record<string, Row> = {
  "PATCH /api/annotation-items/[id]": AUTHOR_ONLY_WRITE,
  "DELETE /api/annotation-items/[id]": AUTHOR_ONLY_WRITE,
  "POST /api/annotation-items/[id]/reattach": AUTHOR_ONLY_WRITE,
  "GET /api/annotation-items/[id]/replies": TEAM_READ,
  "GET /api/annotation-items/[id]/replies/mentionable": row({
    noSession: "401",
    team: "2xx",
    blocked: "2xx",
    outsiders: "404",
  }),
  "POST /api/annotation-items/[id]/replies": TEAM_WRITE,
  // Resolving a team thread: its author and the team's owner and admins, not every member.
  "POST /api/annotation-items/[id]/resolve": { ...TEAM_WRITE, teamMember: "403" },
  "DELETE /api/annotation-items/[id]/resolve": { ...TEAM_WRITE, teamMember: "403" },

  // The W3C annotation API: API tokens (the author's) or a session.
  "GET /api/annotations/[slug]": row({
    anonymous: "hides",
    team: "sees",
    blocked: "sees",
    outsiders: "hides",
    tokenRead: "sees",
    tokenReadWrite: "sees",
    tokenRevoked: "401",
  }),
  "HEAD /api/annotations/[slug]": row({ rest: "2xx", tokenRevoked: "401" }),
  "OPTIONS /api/annotations/[slug]": everyone("2xx"),
  "POST /api/annotations/[slug]": row({
    anonymous: "401",
    team: "2xx",
    outsiders: "2xx",
    blocked: "403",
    tokenRead: "403",
    tokenReadWrite: "2xx",
    tokenRevoked: "401",
  }),
  "GET /api/annotations/[slug]/[id]": row({
    anonymous: "404",
    team: "sees",
    blocked: "sees",
    outsiders: "404",
    tokenRead: "sees",
    tokenReadWrite: "sees",
    tokenRevoked: "401",
  }),
  "HEAD /api/annotations/[slug]/[id]": row({
    anonymous: "404",
    team: "2xx",
    blocked: "2xx",
    outsiders: "404",
    tokenRead: "2xx",
    tokenReadWrite: "2xx",
    tokenRevoked: "401",
  }),
  "OPTIONS /api/annotations/[slug]/[id]": everyone("2xx"),
  // Anonymous writers get the same 404 as a reader who may not see the item: nothing about it leaks.
  "PUT /api/annotations/[slug]/[id]": row({
    anonymous: "404",
    author: "2xx",
    team: "deny",
    outsiders: "deny",
    blocked: "403",
    tokenRead: "403",
    tokenReadWrite: "2xx",
    tokenRevoked: "401",
  }),
  "DELETE /api/annotations/[slug]/[id]": row({
    anonymous: "404",
    author: "2xx",
    team: "deny",
    outsiders: "deny",
    blocked: "403",
    tokenRead: "403",
    tokenReadWrite: "2xx",
    tokenRevoked: "401",
  }),

  // The margin's own JSON API (session only).
  "GET /api/articles/[slug]/annotations": row({
    noSession: "hides",
    team: "sees",
    blocked: "sees",
    outsiders: "hides",
  }),
  "POST /api/articles/[slug]/annotations": SIGNED_IN_CREATE,
  // Export: one's own annotations only.
  "GET /api/articles/[slug]/annotations/export": row({
    noSession: "401",
    author: "sees",
    team: "hides",
    outsiders: "hides",
    blocked: "hides",
  }),
  // Import with an empty annotation list: authorised callers get past the checks to validation.
  "POST /api/articles/[slug]/annotations/import": row({
    noSession: "401",
    team: "invalid",
    outsiders: "invalid",
    blocked: "403",
  }),
  "GET /api/articles/[slug]/comments": everyone("2xx"),
  // The IRIs Web Annotations name (issue 17): public pages, the same for everyone.
  "GET /articles/[slug]/revisions/[number]": everyone("hides"),
  "GET /users/[handle]": everyone("hides"),
  "GET /ns": everyone("hides"),
  "POST /api/articles/[slug]/comments": SIGNED_IN_CREATE,
  "GET /api/articles/[slug]/comments/mentionable": row({ noSession: "401", rest: "2xx" }),
  "GET /api/articles/[slug]/events": everyone("2xx"),
  "PATCH /api/comments/[id]": AUTHOR_ONLY_WRITE,
  "DELETE /api/comments/[id]": AUTHOR_ONLY_WRITE,
  "GET /api/notifications": row({ noSession: "401", rest: "2xx" }),
  "POST /api/reactions": TEAM_WRITE,
  "DELETE /api/reactions": TEAM_WRITE,
  // Reporting: whoever can see the item, except its author.
  "POST /api/reports": { ...TEAM_WRITE, author: "403" },
  // "Which of these did I report?": only the caller's own reports are read, so asking about any id (even
  // an item one cannot see) reveals nothing; a visitor is told canReport: false.
  "GET /api/reports": everyone("2xx"),
  // The audit log within the caller's reach: moderators and admins, and team owners and admins for their teams.
  "GET /moderation/log/export": row({
    noSession: "401",
    team: "403",
    teamAdmin: "2xx",
    outsiders: "403",
    moderator: "2xx",
    admin: "2xx",
    blocked: "403",
  }),

  // Auth.js's endpoints (session, CSRF, callbacks, sign-out) are public by nature and are exercised through
  // the real sign-in flow in e2e/auth.spec.ts.
  "GET /api/auth/[...nextauth]": everyone("e2e"),
  "POST /api/auth/[...nextauth]": everyone("e2e"),
};

// ── Pages ──

/** Pages for signed-in people: a redirect to sign-in otherwise. */
const SIGNED_IN_PAGE = row({ noSession: "signin", rest: "2xx" });
/** Moderation pages: moderators and admins, and team owners and admins (for their teams' content). */
const MODERATOR_PAGE = row({
  noSession: "signin",
  team: "403",
  teamAdmin: "2xx",
  outsiders: "403",
  moderator: "2xx",
  admin: "2xx",
  blocked: "403",
});
const SITE_MODERATOR_PAGE = row({
  noSession: "signin",
  team: "403",
  outsiders: "403",
  moderator: "2xx",
  admin: "2xx",
  blocked: "403",
});
const ADMIN_PAGE = row({ noSession: "signin", team: "403", outsiders: "403", admin: "2xx", blocked: "403" });

export const PAGES: Record<string, Row> = {
  "page /": everyone("2xx"),
  // Sign-in and sign-up send someone already signed in home.
  "page /signin": row({ noSession: "2xx", rest: "redirect" }),
  "page /signin/check-email": everyone("2xx"),
  "page /signup": row({ noSession: "2xx", rest: "redirect" }),
  // The article page is static (ISR) and the same for everyone: annotations load per viewer from the API,
  // so the team note must never be in it.
  "page /articles/[slug]": everyone("hides"),
  "page /articles/[slug]/edit": ADMIN_PAGE,
  "page /account": SIGNED_IN_PAGE,
  "page /account/tokens": SIGNED_IN_PAGE,
  "page /account/standing": SIGNED_IN_PAGE,
  "page /notifications": SIGNED_IN_PAGE,
  "page /teams": SIGNED_IN_PAGE,
  // A team's page: its members only; anyone else gets a 404 (a team's existence does not leak).
  "page /teams/[slug]": row({ noSession: "signin", team: "2xx", blocked: "2xx", outsiders: "404" }),
  // An invitation link with an unknown token: a page that says so, to anyone.
  "page /invitations/[token]": everyone("2xx"),
  "page /moderation": MODERATOR_PAGE,
  "page /moderation/log": MODERATOR_PAGE,
  // A user's sanctions and history: site moderators only (sanctions are not a team matter).
  "page /moderation/users/[id]": SITE_MODERATOR_PAGE,
  "page /admin/users": ADMIN_PAGE,
  "page /admin/users/[id]": ADMIN_PAGE,
  "page /admin/moderation": ADMIN_PAGE,
};

// ── Server actions ──
// Every export of a "use server" module is an endpoint anyone can POST to. "refused" covers a redirect to
// sign-in, an authorisation error and a returned error state; "ok" means the work was done.

const SIGNED_IN_ACTION = row({ noSession: "refused", rest: "ok", blocked: "refused" });
const SIGNED_IN_ANY_STANDING = row({ noSession: "refused", rest: "ok" });
const SITE_MODERATOR_ACTION = row({
  noSession: "refused",
  team: "refused",
  outsiders: "refused",
  moderator: "ok",
  admin: "ok",
  blocked: "refused",
});
/** Decisions on items: site moderators and admins, and team owners and admins for their team's items. */
const ITEM_MODERATOR_ACTION = { ...SITE_MODERATOR_ACTION, teamAdmin: "ok" } satisfies Row;
const ADMIN_ACTION = row({
  noSession: "refused",
  team: "refused",
  outsiders: "refused",
  admin: "ok",
  blocked: "refused",
});
/** Team management: the team's owner and admins (here: the team admin). */
const TEAM_ADMIN_ACTION = row({
  noSession: "refused",
  team: "refused",
  teamAdmin: "ok",
  outsiders: "refused",
  blocked: "refused",
});
const TEAM_MEMBER_ACTION = row({
  noSession: "refused",
  team: "ok",
  outsiders: "refused",
  blocked: "refused",
}) satisfies Row;
/** Only the team's owner (not a caller kind here) may do it. */
const TEAM_OWNER_ACTION = everyone("refused");

export const ACTIONS: Record<string, Row> = {
  "action app/admin/moderation/actions.ts#saveModerationSettingsAction": ADMIN_ACTION,
  "action app/articles/[slug]/edit/actions.ts#previewArticle": ADMIN_ACTION,
  "action app/articles/[slug]/edit/actions.ts#publishArticle": ADMIN_ACTION,
  "action lib/accounts/actions/account.ts#changePasswordAction": SIGNED_IN_ANY_STANDING,
  "action lib/accounts/actions/account.ts#signOutEverywhereAction": SIGNED_IN_ANY_STANDING,
  "action lib/accounts/actions/account.ts#updateProfileAction": SIGNED_IN_ACTION,
  "action lib/accounts/actions/admin-users.ts#banAction": ADMIN_ACTION,
  "action lib/accounts/actions/admin-users.ts#changeRoleAction": ADMIN_ACTION,
  "action lib/accounts/actions/admin-users.ts#restoreAction": ADMIN_ACTION,
  "action lib/accounts/actions/admin-users.ts#suspendAction": ADMIN_ACTION,
  // Signing in and up are public and go through Auth.js: exercised for real in e2e/auth.spec.ts.
  "action lib/accounts/actions/sign-in.ts#emailLinkAction": everyone("e2e"),
  "action lib/accounts/actions/sign-in.ts#signInAction": everyone("e2e"),
  "action lib/accounts/actions/sign-up.ts#signUpAction": everyone("e2e"),
  "action lib/api-tokens/actions.ts#createTokenAction": SIGNED_IN_ACTION,
  "action lib/api-tokens/actions.ts#revokeTokenAction": SIGNED_IN_ANY_STANDING,
  "action lib/moderation/actions.ts#acknowledgeWarningAction": SIGNED_IN_ANY_STANDING,
  "action lib/moderation/actions.ts#appealAction": SIGNED_IN_ANY_STANDING,
  "action lib/moderation/actions.ts#bulkDecideAction": ITEM_MODERATOR_ACTION,
  "action lib/moderation/actions.ts#decideAction": ITEM_MODERATOR_ACTION,
  "action lib/moderation/actions.ts#decideAppealAction": SITE_MODERATOR_ACTION,
  "action lib/moderation/actions.ts#sanctionAction": SITE_MODERATOR_ACTION,
  "action lib/notifications/actions.ts#acceptDirectInvitationAction": SIGNED_IN_ACTION,
  "action lib/notifications/actions.ts#declineDirectInvitationAction": SIGNED_IN_ANY_STANDING,
  "action lib/notifications/actions.ts#markAllNotificationsReadAction": SIGNED_IN_ANY_STANDING,
  "action lib/notifications/actions.ts#markNotificationReadAction": SIGNED_IN_ANY_STANDING,
  "action lib/teams/actions/teams.ts#acceptInvitationAction": SIGNED_IN_ACTION,
  // Roles are the owner's to change; team admins invite and remove members.
  "action lib/teams/actions/teams.ts#changeRoleAction": TEAM_OWNER_ACTION,
  "action lib/teams/actions/teams.ts#createInvitationLinkAction": TEAM_ADMIN_ACTION,
  "action lib/teams/actions/teams.ts#createTeamAction": SIGNED_IN_ACTION,
  "action lib/teams/actions/teams.ts#deleteTeamAction": TEAM_OWNER_ACTION,
  "action lib/teams/actions/teams.ts#inviteUserAction": TEAM_ADMIN_ACTION,
  // Leaving only takes access away, so suspended and banned members may leave too.
  "action lib/teams/actions/teams.ts#leaveTeamAction": {
    ...TEAM_MEMBER_ACTION,
    suspended: "ok",
    banned: "ok",
  },
  "action lib/teams/actions/teams.ts#removeMemberAction": TEAM_ADMIN_ACTION,
  "action lib/teams/actions/teams.ts#revokeInvitationAction": TEAM_ADMIN_ACTION,
  "action lib/teams/actions/teams.ts#transferOwnershipAction": TEAM_OWNER_ACTION,
};

export const MATRIX: Record<string, Row> = { ...ROUTES, ...PAGES, ...ACTIONS };
