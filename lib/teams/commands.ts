// Write side of teams: create, invite (by link or to an existing user), accept, leave, remove a member,
// change a role, transfer ownership, delete. Every command takes the acting user, checks the site-wide
// rule (lib/auth/can.ts) and the team rule (./permissions.ts), and repeats the role it relied on in the
// `where` of the write itself, so a concurrent change cannot slip between the check and the write.
//
// Deleting a team: its annotations are not deleted and not left pointing at nothing. In the same
// transaction they become PRIVATE to their authors (teamId null): each author keeps their notes, nobody
// else sees them any more, exactly as when a member leaves. Memberships, invitations and the team's live
// events go with the team; pending invitation notifications are withdrawn; a remembered "Team: <name>"
// choice falls back to Only me.
import { ApiError, parseOrThrow } from "../api/errors";
import { can, type Action } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import { Prisma } from "../generated/prisma/client";
import type { TeamRole } from "../generated/prisma/enums";
import { deliverNotificationEmails } from "../notifications/email";
import { notify, type NewNotification } from "../notifications/notify";
import { consume, describeRetry, retryAfterSeconds } from "../rate-limit/limiter";
import {
  INVITATION_ATTEMPTS_PER_USER,
  type RateLimitRule,
  TEAM_CREATE_PER_USER,
  TEAM_INVITES_PER_USER,
} from "../rate-limit/limits";
import { InvitationError, notAllowed, teamNotFound } from "./errors";
import {
  generateInvitationToken,
  hashInvitationToken,
  invitationState,
  isWellFormedInvitationToken,
} from "./invitation-tokens";
import {
  canChangeRole,
  canDeleteTeam,
  canInviteWithRole,
  canLeave,
  canManageInvitations,
  canRemoveMember,
  canTransferOwnership,
} from "./permissions";
import {
  changeRoleSchema,
  createInvitationLinkSchema,
  createTeamSchema,
  type CreateInvitationLinkInput,
  type CreateTeamInput,
  DIRECT_INVITATION_LIFETIME_DAYS,
  inviteUserSchema,
  type InviteUserInput,
  MAX_MEMBERS_PER_TEAM,
  MAX_OPEN_INVITATIONS_PER_TEAM,
  MAX_TEAMS_OWNED_PER_USER,
} from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

type Actor = Pick<SessionUser, "id" | "role" | "status" | "name">;

function allow(user: Actor, action: Action): void {
  if (!can(user, action)) {
    throw new ApiError(
      "forbidden",
      user.status === "ACTIVE"
        ? "You are not allowed to do this."
        : "Your account is suspended or banned, so you cannot do this.",
    );
  }
}

async function limit(db: Db, rule: RateLimitRule, userId: string, now: Date): Promise<void> {
  const state = await consume(db, rule, userId, now);
  if (!state.allowed) {
    throw new ApiError(
      "rate_limited",
      `Too many attempts. Try again ${describeRetry(state.retryAt, now)}.`,
      undefined,
      {
        "Retry-After": String(retryAfterSeconds(state.retryAt, now)),
      },
    );
  }
}

/** The team and the actor's role in it; "not found" alike for a missing team and a team one is not in. */
async function membershipOf(db: Db | Prisma.TransactionClient, slug: string, userId: string) {
  const membership = await db.teamMembership.findFirst({
    where: { userId, team: { slug } },
    select: { role: true, team: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw teamNotFound();
  return membership;
}

async function roleOf(
  db: Db | Prisma.TransactionClient,
  teamId: string,
  userId: string,
): Promise<TeamRole | null> {
  const row = await db.teamMembership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true },
  });
  return row?.role ?? null;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

const MEMBER_NOT_FOUND = () => new ApiError("not_found", "That person is not a member of this team.");
const CHANGED_MEANWHILE = () =>
  new ApiError(
    "conflict",
    "Someone changed this team's members at the same time. Reload the page and try again.",
  );

// ───────────── Create ─────────────

export async function createTeam(db: Db, user: Actor, input: CreateTeamInput, now = new Date()) {
  allow(user, "team:create");
  const data = parseOrThrow(createTeamSchema, input);
  const owned = await db.teamMembership.count({ where: { userId: user.id, role: "OWNER" } });
  if (owned >= MAX_TEAMS_OWNED_PER_USER) {
    throw new ApiError(
      "conflict",
      `You already own ${MAX_TEAMS_OWNED_PER_USER} teams, the most one person may own.`,
    );
  }
  await limit(db, TEAM_CREATE_PER_USER, user.id, now);
  try {
    return await db.team.create({
      data: { ...data, memberships: { create: { userId: user.id, role: "OWNER" } } },
      select: { id: true, slug: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("invalid", "That address is taken; choose another.", {
        slug: ["That address is taken; choose another."],
      });
    }
    throw error;
  }
}

// ───────────── Invitations ─────────────

async function assertRoomForInvitation(db: Db, teamId: string, now: Date) {
  const open = await db.teamInvitation.count({
    where: {
      teamId,
      revokedAt: null,
      expiresAt: { gt: now },
      uses: { lt: db.teamInvitation.fields.maxUses },
    },
  });
  if (open >= MAX_OPEN_INVITATIONS_PER_TEAM) {
    throw new ApiError(
      "conflict",
      `This team has ${MAX_OPEN_INVITATIONS_PER_TEAM} open invitations; revoke some first.`,
    );
  }
}

/** A shareable link: the token is returned once and never stored in clear. */
export async function createInvitationLink(
  db: Db,
  user: Actor,
  slug: string,
  input: CreateInvitationLinkInput,
  now = new Date(),
) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  const data = parseOrThrow(createInvitationLinkSchema, input);
  if (!canInviteWithRole(role, data.role)) {
    throw notAllowed(
      canManageInvitations(role)
        ? "Only the team's owner can invite admins."
        : "Only the team's owner and admins can invite people.",
    );
  }
  await assertRoomForInvitation(db, team.id, now);
  await limit(db, TEAM_INVITES_PER_USER, user.id, now);
  const token = generateInvitationToken();
  const invitation = await db.teamInvitation.create({
    data: {
      teamId: team.id,
      tokenHash: hashInvitationToken(token),
      role: data.role,
      createdById: user.id,
      maxUses: data.maxUses,
      expiresAt: new Date(now.getTime() + data.expiresInDays * DAY_MS),
    },
    select: { id: true, role: true, maxUses: true, expiresAt: true },
  });
  return { token, invitation };
}

/**
 * An invitation addressed to one existing user, found by email or handle. It arrives as a TEAM_INVITATION
 * notification (and an email when SMTP is configured) and is accepted from the notifications page. Its
 * token is never shown to anyone: only the invitee can accept it, by its id.
 */
export async function inviteUser(
  db: Db,
  user: Actor,
  slug: string,
  input: InviteUserInput,
  now = new Date(),
) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  const data = parseOrThrow(inviteUserSchema, input);
  if (!canInviteWithRole(role, data.role)) {
    throw notAllowed(
      canManageInvitations(role)
        ? "Only the team's owner can invite admins."
        : "Only the team's owner and admins can invite people.",
    );
  }
  const lookup = data.invitee.toLowerCase();
  const invitee = await db.user.findFirst({
    where: lookup.includes("@") ? { email: lookup } : { handle: { equals: lookup, mode: "insensitive" } },
    select: { id: true, name: true, handle: true },
  });
  if (!invitee) {
    throw new ApiError("invalid", "No account has that email address or handle.", {
      invitee: [
        "No account has that email address or handle. They can sign up first, or you can send them a link.",
      ],
    });
  }
  if (await roleOf(db, team.id, invitee.id)) {
    throw new ApiError("invalid", `${invitee.name} is already a member.`, {
      invitee: [`${invitee.name} is already a member.`],
    });
  }
  const pending = await db.teamInvitation.findFirst({
    where: { teamId: team.id, inviteeId: invitee.id, revokedAt: null, expiresAt: { gt: now }, uses: 0 },
    select: { id: true },
  });
  if (pending) {
    throw new ApiError("invalid", `${invitee.name} already has a pending invitation.`, {
      invitee: [`${invitee.name} already has a pending invitation.`],
    });
  }
  await limit(db, TEAM_INVITES_PER_USER, user.id, now);

  const notification: NewNotification = {
    type: "TEAM_INVITATION",
    userId: invitee.id,
    actorId: user.id,
    data: { teamId: team.id, teamName: team.name, teamSlug: team.slug, invitationId: "" },
  };
  const invitation = await db.$transaction(async (tx) => {
    const created = await tx.teamInvitation.create({
      data: {
        teamId: team.id,
        // A token nobody will ever see: the column is required and unique, and this invitation is
        // accepted by its id, by its invitee only.
        tokenHash: hashInvitationToken(generateInvitationToken()),
        role: data.role,
        inviteeId: invitee.id,
        createdById: user.id,
        maxUses: 1,
        expiresAt: new Date(now.getTime() + DIRECT_INVITATION_LIFETIME_DAYS * DAY_MS),
      },
      select: { id: true, role: true, expiresAt: true },
    });
    notification.data = { ...notification.data, invitationId: created.id };
    await notify(tx, [notification]);
    return created;
  });
  await deliverNotificationEmails(db, [notification]);
  return { invitation, invitee };
}

export async function revokeInvitation(
  db: Db,
  user: Actor,
  slug: string,
  invitationId: string,
  now = new Date(),
) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  if (!canManageInvitations(role))
    throw notAllowed("Only the team's owner and admins can revoke invitations.");
  const { count } = await db.teamInvitation.updateMany({
    where: { id: invitationId, teamId: team.id, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) throw new ApiError("conflict", "That invitation was already revoked, or does not exist.");
  // The invitee's notification would otherwise offer an invitation that no longer works.
  await db.notification.deleteMany({
    where: { type: "TEAM_INVITATION", readAt: null, data: { path: ["invitationId"], equals: invitationId } },
  });
}

// ───────────── Accepting ─────────────

type InvitationRow = {
  id: string;
  teamId: string;
  role: TeamRole;
  inviteeId: string | null;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
  team: { slug: string; name: string };
};

const INVITATION_SELECT = {
  id: true,
  teamId: true,
  role: true,
  inviteeId: true,
  maxUses: true,
  uses: true,
  expiresAt: true,
  revokedAt: true,
  team: { select: { slug: true, name: true } },
} as const;

export interface AcceptResult {
  team: { slug: string; name: string };
  /** False when the user was already a member: nothing was written and no use was spent. */
  joined: boolean;
}

async function acceptRow(db: Db, user: Actor, row: InvitationRow, now: Date): Promise<AcceptResult> {
  if (row.inviteeId !== null && row.inviteeId !== user.id) throw new InvitationError("not-for-you");
  const team = { slug: row.team.slug, name: row.team.name };
  // Already in: say so, and spend nothing (a double click or an old link is not a failure).
  if (await roleOf(db, row.teamId, user.id)) return { team, joined: false };
  const state = invitationState(row, now);
  if (state !== "valid") throw new InvitationError(state);

  try {
    await db.$transaction(async (tx) => {
      // The use is spent by a conditional write, so two people racing for the last use cannot both win.
      const spent = await tx.teamInvitation.updateMany({
        where: {
          id: row.id,
          revokedAt: null,
          expiresAt: { gt: now },
          uses: { lt: tx.teamInvitation.fields.maxUses },
        },
        data: { uses: { increment: 1 } },
      });
      if (spent.count === 0) {
        const fresh = await tx.teamInvitation.findUniqueOrThrow({
          where: { id: row.id },
          select: INVITATION_SELECT,
        });
        const problem = invitationState(fresh, now);
        throw new InvitationError(problem === "valid" ? "used-up" : problem);
      }
      const members = await tx.teamMembership.count({ where: { teamId: row.teamId } });
      if (members >= MAX_MEMBERS_PER_TEAM) {
        throw new ApiError(
          "conflict",
          `This team already has ${MAX_MEMBERS_PER_TEAM} members, the most a team may have.`,
        );
      }
      await tx.teamMembership.create({ data: { teamId: row.teamId, userId: user.id, role: row.role } });
      await tx.notification.updateMany({
        where: {
          userId: user.id,
          type: "TEAM_INVITATION",
          readAt: null,
          data: { path: ["invitationId"], equals: row.id },
        },
        data: { readAt: now },
      });
    });
  } catch (error) {
    // The same person accepting twice at once: the second insert collides and rolls back its use.
    if (isUniqueViolation(error)) return { team, joined: false };
    throw error;
  }
  return { team, joined: true };
}

/** Accepts a shareable (or addressed) invitation by its token. Forged or unknown tokens write nothing. */
export async function acceptInvitation(
  db: Db,
  user: Actor,
  token: string,
  now = new Date(),
): Promise<AcceptResult> {
  allow(user, "team:join");
  await limit(db, INVITATION_ATTEMPTS_PER_USER, user.id, now);
  if (!isWellFormedInvitationToken(token)) throw new InvitationError("invalid");
  const row = await db.teamInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: INVITATION_SELECT,
  });
  if (!row) throw new InvitationError("invalid");
  return acceptRow(db, user, row, now);
}

/** Accepts an invitation addressed to this user (from the notifications page), by its id. */
export async function acceptDirectInvitation(
  db: Db,
  user: Actor,
  invitationId: string,
  now = new Date(),
): Promise<AcceptResult> {
  allow(user, "team:join");
  const row = await db.teamInvitation.findFirst({
    where: { id: invitationId, inviteeId: user.id },
    select: INVITATION_SELECT,
  });
  if (!row) throw new InvitationError("invalid");
  return acceptRow(db, user, row, now);
}

/** Turns an addressed invitation down: it is revoked, so it cannot be accepted later by mistake. */
export async function declineDirectInvitation(db: Db, user: Actor, invitationId: string, now = new Date()) {
  const { count } = await db.teamInvitation.updateMany({
    where: { id: invitationId, inviteeId: user.id, revokedAt: null, uses: 0 },
    data: { revokedAt: now },
  });
  await db.notification.updateMany({
    where: {
      userId: user.id,
      type: "TEAM_INVITATION",
      readAt: null,
      data: { path: ["invitationId"], equals: invitationId },
    },
    data: { readAt: now },
  });
  return count > 0;
}

// ───────────── Members ─────────────

/** A "Team: <this team>" choice remembered for new annotations no longer applies once out of the team. */
async function forgetRememberedTeam(tx: Prisma.TransactionClient, teamId: string, userIds?: string[]) {
  await tx.user.updateMany({
    where: { lastVisibility: `TEAM:${teamId}`, ...(userIds ? { id: { in: userIds } } : {}) },
    data: { lastVisibility: "PRIVATE" },
  });
}

/**
 * Leaves a team. Access ends with the membership row: visibility is read per request, so the next
 * request already sees nothing of the team's layer. The leaver's own team annotations stay in the team.
 */
export async function leaveTeam(db: Db, user: Actor, slug: string) {
  allow(user, "team:leave");
  const { team, role } = await membershipOf(db, slug, user.id);
  if (!canLeave(role)) {
    throw new ApiError(
      "conflict",
      "You own this team: transfer ownership to another member first, or delete the team.",
    );
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.teamMembership.deleteMany({
      where: { teamId: team.id, userId: user.id, role: { not: "OWNER" } },
    });
    if (count === 0) throw CHANGED_MEANWHILE();
    await forgetRememberedTeam(tx, team.id, [user.id]);
  });
  return { team };
}

export async function removeMember(db: Db, user: Actor, slug: string, memberId: string) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  const targetRole = await roleOf(db, team.id, memberId);
  if (!targetRole) throw MEMBER_NOT_FOUND();
  if (!canRemoveMember(role, targetRole, memberId === user.id)) {
    throw notAllowed(
      memberId === user.id
        ? "To leave the team, use Leave team."
        : targetRole === "OWNER"
          ? "The owner cannot be removed."
          : "Only the owner can remove admins.",
    );
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.teamMembership.deleteMany({
      where: { teamId: team.id, userId: memberId, role: targetRole },
    });
    if (count === 0) throw CHANGED_MEANWHILE();
    await forgetRememberedTeam(tx, team.id, [memberId]);
  });
}

export async function changeMemberRole(
  db: Db,
  user: Actor,
  slug: string,
  input: { userId: string; role: string },
) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  const data = parseOrThrow(changeRoleSchema, input);
  const targetRole = await roleOf(db, team.id, data.userId);
  if (!targetRole) throw MEMBER_NOT_FOUND();
  if (!canChangeRole(role, targetRole, data.role, data.userId === user.id)) {
    throw notAllowed(
      targetRole === "OWNER"
        ? "To hand over the team, transfer ownership."
        : "Only the team's owner can change roles.",
    );
  }
  const { count } = await db.teamMembership.updateMany({
    where: { teamId: team.id, userId: data.userId, role: { not: "OWNER" } },
    data: { role: data.role },
  });
  if (count === 0) throw CHANGED_MEANWHILE();
}

/** Makes another member the owner; the previous owner becomes an admin. Exactly one owner, always. */
export async function transferOwnership(db: Db, user: Actor, slug: string, memberId: string) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  const targetRole = await roleOf(db, team.id, memberId);
  if (!targetRole) throw MEMBER_NOT_FOUND();
  if (!canTransferOwnership(role, targetRole, memberId === user.id))
    throw notAllowed("Only the team's owner can transfer ownership.");
  await db.$transaction(async (tx) => {
    const demoted = await tx.teamMembership.updateMany({
      where: { teamId: team.id, userId: user.id, role: "OWNER" },
      data: { role: "ADMIN" },
    });
    const promoted = await tx.teamMembership.updateMany({
      where: { teamId: team.id, userId: memberId, role: { not: "OWNER" } },
      data: { role: "OWNER" },
    });
    // Either write missing means someone else changed the team meanwhile: roll both back.
    if (demoted.count !== 1 || promoted.count !== 1) throw CHANGED_MEANWHILE();
  });
}

/** Deletes the team (owner only, confirmed by typing its address). See the header for what happens to its content. */
export async function deleteTeam(db: Db, user: Actor, slug: string, confirmation: string) {
  allow(user, "team:manage");
  const { team, role } = await membershipOf(db, slug, user.id);
  if (!canDeleteTeam(role)) throw notAllowed("Only the team's owner can delete it.");
  if (confirmation.trim().toLowerCase() !== team.slug) {
    throw new ApiError("invalid", "Type the team's address to confirm.", {
      confirmation: [`Type “${team.slug}” to confirm.`],
    });
  }
  return db.$transaction(async (tx) => {
    const owner = await tx.teamMembership.count({
      where: { teamId: team.id, userId: user.id, role: "OWNER" },
    });
    if (owner !== 1) throw CHANGED_MEANWHILE();
    const annotations = await tx.annotation.updateMany({
      where: { teamId: team.id },
      data: { visibility: "PRIVATE", teamId: null, version: { increment: 1 } },
    });
    await forgetRememberedTeam(tx, team.id);
    await tx.notification.deleteMany({
      where: { type: "TEAM_INVITATION", data: { path: ["teamId"], equals: team.id } },
    });
    await tx.team.delete({ where: { id: team.id } });
    return { annotationsMadePrivate: annotations.count };
  });
}
