// Every rate limit of the app, in one place. Later issues add theirs here.

export interface RateLimitRule {
  /** Prefix of the counter key; the subject (an IP, an account) is appended. */
  name: string;
  limit: number;
  windowMs: number;
}

const MINUTE_MS = 60_000;

/**
 * Failed sign-ins per account (the email) *from one client address*. Counting per account alone let
 * anyone lock a victim out with ten wrong passwords (issue 20); keyed on the pair, the failures only
 * lock out the client that made them, and the owner still signs in from anywhere else.
 */
export const SIGN_IN_PER_ACCOUNT: RateLimitRule = {
  name: "sign-in:account-client",
  limit: 10,
  windowMs: 10 * MINUTE_MS,
};
/** Wrong current passwords on the change-password form, per account: a stolen session cannot guess it. */
export const CURRENT_PASSWORD_PER_ACCOUNT: RateLimitRule = {
  name: "account:current-password",
  limit: 5,
  windowMs: 15 * MINUTE_MS,
};
/** Failed sign-ins per client IP, whatever the account (password spraying). */
export const SIGN_IN_PER_IP: RateLimitRule = { name: "sign-in:ip", limit: 10, windowMs: 10 * MINUTE_MS };
/** Accounts created per client IP. */
export const SIGN_UP_PER_IP: RateLimitRule = { name: "sign-up:ip", limit: 10, windowMs: 60 * MINUTE_MS };
/** Magic sign-in links sent per client IP and per address (each one is an email someone receives). */
export const EMAIL_LINK_PER_IP: RateLimitRule = {
  name: "email-link:ip",
  limit: 10,
  windowMs: 10 * MINUTE_MS,
};
export const EMAIL_LINK_PER_ADDRESS: RateLimitRule = {
  name: "email-link:address",
  limit: 3,
  windowMs: 10 * MINUTE_MS,
};
/** Writes (create, replace, delete) through the annotation API, per account, whichever token or session. */
export const ANNOTATION_API_WRITES_PER_USER: RateLimitRule = {
  name: "annotation-api:write",
  limit: 60,
  windowMs: MINUTE_MS,
};
/** Teams created per account (teams issue). */
export const TEAM_CREATE_PER_USER: RateLimitRule = {
  name: "team:create",
  limit: 10,
  windowMs: 60 * MINUTE_MS,
};
/** Invitations (links and direct ones) created per account: each direct one notifies, maybe by email. */
export const TEAM_INVITES_PER_USER: RateLimitRule = {
  name: "team:invite",
  limit: 30,
  windowMs: 60 * MINUTE_MS,
};
/** Invitation tokens tried per account, valid or not: a brake on anyone probing for links. */
export const INVITATION_ATTEMPTS_PER_USER: RateLimitRule = {
  name: "team:invitation-attempt",
  limit: 30,
  windowMs: 10 * MINUTE_MS,
};
/** Replies and article comments posted or edited, per account (discussion). */
export const DISCUSSION_WRITES_PER_USER: RateLimitRule = {
  name: "discussion:write",
  limit: 30,
  windowMs: MINUTE_MS,
};
/** Reactions added or removed, per account: clicking is cheap, but each one is a live event for every reader. */
export const REACTIONS_PER_USER: RateLimitRule = {
  name: "discussion:react",
  limit: 120,
  windowMs: MINUTE_MS,
};
/** Reports filed per account (one per item already; this stops a reader flooding the queue). */
export const REPORTS_PER_USER: RateLimitRule = { name: "moderation:report", limit: 30, windowMs: MINUTE_MS };
/** Annotations created, edited, re-attached or deleted in the app, per account (the annotator's own API). */
export const ANNOTATION_WRITES_PER_USER: RateLimitRule = {
  name: "annotation:write",
  limit: 60,
  windowMs: MINUTE_MS,
};
/** Imports of annotation files per account: each may create thousands of rows. */
export const ANNOTATION_IMPORTS_PER_USER: RateLimitRule = {
  name: "annotation:import",
  limit: 10,
  windowMs: 60 * MINUTE_MS,
};
/** Threads resolved or reopened, and replies or comments deleted, per account. */
export const DISCUSSION_STATE_CHANGES_PER_USER: RateLimitRule = {
  name: "discussion:state",
  limit: 60,
  windowMs: MINUTE_MS,
};
/** API tokens created or revoked per account. */
export const API_TOKEN_WRITES_PER_USER: RateLimitRule = {
  name: "api-token:write",
  limit: 20,
  windowMs: 60 * MINUTE_MS,
};
/** Profile changes (display name) per account. */
export const PROFILE_UPDATES_PER_USER: RateLimitRule = {
  name: "account:profile",
  limit: 20,
  windowMs: 10 * MINUTE_MS,
};
/** Notifications marked read (one or all) per account. */
export const NOTIFICATION_MARKS_PER_USER: RateLimitRule = {
  name: "notification:mark",
  limit: 120,
  windowMs: MINUTE_MS,
};
