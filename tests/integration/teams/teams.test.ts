// Teams against the real database: who sees a team's annotations (members, ex-members, non-members,
// anonymous) through the same query the margin uses; invitation tokens in every state; the role rules;
// what deleting a team does to its content.
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createAnnotation } from "@/lib/annotations/commands";
import { TEAM_CREATE_PER_USER } from "@/lib/rate-limit/limits";
import { listAnnotations } from "@/lib/annotations/queries";
import {
  containerQuery,
  countAnnotations,
  findContainerArticle,
  findVisibleAnnotation,
} from "@/lib/annotation-protocol/store";
import type { SessionUser } from "@/lib/auth/session-user";
import {
  acceptDirectInvitation,
  acceptInvitation,
  changeMemberRole,
  createInvitationLink,
  createTeam,
  declineDirectInvitation,
  deleteTeam,
  inviteUser,
  leaveTeam,
  removeMember,
  revokeInvitation,
  transferOwnership,
} from "@/lib/teams/commands";
import { InvitationError } from "@/lib/teams/errors";
import { generateInvitationToken, hashInvitationToken } from "@/lib/teams/invitation-tokens";
import { listMyTeams, previewInvitation, teamPageData, visibilityChoices } from "@/lib/teams/queries";
import { testDb, uniqueId } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();
const DAY_MS = 24 * 60 * 60 * 1000;

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

async function newTeam(owner: SessionUser) {
  const slug = uniqueId("team").toLowerCase();
  return createTeam(db, owner, { name: `Team ${slug}`, slug, description: "Reading together." });
}

async function join(owner: SessionUser, slug: string, ...users: SessionUser[]) {
  const { token } = await createInvitationLink(db, owner, slug, { maxUses: 100 });
  for (const user of users) await acceptInvitation(db, user, token);
}

async function roles(teamId: string) {
  const rows = await db.teamMembership.findMany({ where: { teamId }, select: { userId: true, role: true } });
  return Object.fromEntries(rows.map((row) => [row.userId, row.role]));
}

async function visibleIds(slug: string, viewer: SessionUser | null): Promise<string[]> {
  const list = await listAnnotations(db, slug, viewer);
  return list.annotations.map((annotation) => annotation.id);
}

describe("team visibility matrix", () => {
  let owner: SessionUser,
    member: SessionUser,
    outsider: SessionUser,
    leaver: SessionUser,
    removed: SessionUser;
  let article: Awaited<ReturnType<typeof createArticle>>;
  let team: { id: string; slug: string };
  let teamNote: string, publicNote: string, leaverTeamNote: string;

  beforeAll(async () => {
    [owner, member, outsider, leaver, removed] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    article = await createArticle(db);
    team = await newTeam(owner);
    await join(owner, team.slug, member, leaver, removed);
    const create = async (user: SessionUser, quote: string, visibility: "TEAM" | "PUBLIC") =>
      (
        await createAnnotation(db, user, article.slug, {
          revisionId: article.revision.id,
          selector: selectorFor(article.revision.plainText, quote),
          body: `${visibility} note`,
          visibility,
          teamId: visibility === "TEAM" ? team.id : null,
        })
      ).annotation.id;
    teamNote = await create(owner, "tight coordination", "TEAM");
    leaverTeamNote = await create(leaver, "processing capacity", "TEAM");
    publicNote = await create(outsider, "Inner Mongolia", "PUBLIC");
  });

  it("shows team annotations to every current member", async () => {
    for (const viewer of [owner, member, leaver, removed]) {
      const ids = await visibleIds(article.slug, viewer);
      expect(ids).toEqual(expect.arrayContaining([teamNote, leaverTeamNote, publicNote]));
    }
  });

  it("hides them from non-members and anonymous readers, who still see public ones", async () => {
    for (const viewer of [outsider, null]) {
      const ids = await visibleIds(article.slug, viewer);
      expect(ids).toContain(publicNote);
      expect(ids).not.toContain(teamNote);
      expect(ids).not.toContain(leaverTeamNote);
    }
  });

  it("applies the same rule to the open API's counts and single reads (404 for those outside)", async () => {
    const container = await findContainerArticle(db, article.slug);
    const inside = await containerQuery(db, member, container);
    await expect(findVisibleAnnotation(db, inside, teamNote)).resolves.toMatchObject({ id: teamNote });
    const memberCount = await countAnnotations(db, inside);
    for (const viewer of [outsider, null]) {
      const outside = await containerQuery(db, viewer, container);
      expect((await refusal(findVisibleAnnotation(db, outside, teamNote))).status).toBe(404);
      // Counts leak nothing either: the two team notes are missing from everyone else's total.
      expect(await countAnnotations(db, outside)).toBe(memberCount - 2);
    }
  });

  it("refuses a team annotation from someone outside the team", async () => {
    const error = await refusal(
      createAnnotation(db, outsider, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "refining"),
        visibility: "TEAM",
        teamId: team.id,
      }),
    );
    expect(error.status).toBe(422);
  });

  it("takes access away from a member who leaves on their next request; their own note stays theirs", async () => {
    await leaveTeam(db, leaver, team.slug);
    const ids = await visibleIds(article.slug, leaver);
    expect(ids).not.toContain(teamNote);
    // Authors always see their own items; the note stays in the team for those still in it.
    expect(ids).toContain(leaverTeamNote);
    expect(await visibleIds(article.slug, member)).toContain(leaverTeamNote);
    expect(await teamPageData(db, leaver.id, team.slug)).toBeNull();
  });

  it("offers the member's teams for sharing and remembers a team choice only while they are in it", async () => {
    // Only current teams are offered; the remembered team choice is checked against them.
    expect((await visibilityChoices(db, member.id)).teams.map((choice) => choice.id)).toEqual([team.id]);
    expect((await visibilityChoices(db, outsider.id)).teams).toEqual([]);
    const removedChoices = await visibilityChoices(db, removed.id);
    expect(removedChoices.teams.map((choice) => choice.id)).toEqual([team.id]);
    await db.user.update({ where: { id: removed.id }, data: { lastVisibility: `TEAM:${team.id}` } });
    expect((await visibilityChoices(db, removed.id)).remembered).toEqual({
      visibility: "TEAM",
      teamId: team.id,
    });
  });

  it("takes access away from a removed member on the very next request", async () => {
    expect(await visibleIds(article.slug, removed)).toContain(teamNote);
    await removeMember(db, owner, team.slug, removed.id);
    expect(await visibleIds(article.slug, removed)).not.toContain(teamNote);
    expect(await teamPageData(db, removed.id, team.slug)).toBeNull();
    expect((await listMyTeams(db, removed.id)).map((row) => row.slug)).not.toContain(team.slug);
    expect(await visibilityChoices(db, removed.id)).toEqual({
      teams: [],
      remembered: { visibility: "PRIVATE", teamId: null },
    });
  });
});

describe("invitation tokens", () => {
  let owner: SessionUser, first: SessionUser, second: SessionUser;
  let team: { id: string; slug: string; name: string };

  beforeAll(async () => {
    [owner, first, second] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    team = await newTeam(owner);
  });

  async function snapshot() {
    const [members, invitations] = await Promise.all([
      db.teamMembership.count({ where: { teamId: team.id } }),
      db.teamInvitation.findMany({
        where: { teamId: team.id },
        select: { id: true, uses: true },
        orderBy: { id: "asc" },
      }),
    ]);
    return { members, invitations };
  }

  async function expectRefused(attempt: () => Promise<unknown>, problem: string) {
    const before = await snapshot();
    const error = await refusal(attempt());
    expect(error).toBeInstanceOf(InvitationError);
    expect((error as InvitationError).problem).toBe(problem);
    expect(await snapshot()).toEqual(before);
    return error;
  }

  it("stores only the token's hash and lets the holder join with the invitation's role", async () => {
    const { token, invitation } = await createInvitationLink(db, owner, team.slug, {
      maxUses: 5,
      role: "MEMBER",
    });
    expect(token).toMatch(/^[\w-]{43}$/);
    const row = await db.teamInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const preview = await previewInvitation(db, token);
    expect(preview).toMatchObject({
      state: "valid",
      team: { name: team.name, slug: team.slug },
      role: "MEMBER",
    });
    const result = await acceptInvitation(db, first, token);
    expect(result).toEqual({ team: { slug: team.slug, name: team.name }, joined: true });
    expect((await roles(team.id))[first.id]).toBe("MEMBER");
  });

  it("accepting twice joins once and spends one use", async () => {
    const { token, invitation } = await createInvitationLink(db, owner, team.slug, { maxUses: 3 });
    expect((await acceptInvitation(db, second, token)).joined).toBe(true);
    expect((await acceptInvitation(db, second, token)).joined).toBe(false);
    const row = await db.teamInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.uses).toBe(1);
    expect(await db.teamMembership.count({ where: { teamId: team.id, userId: second.id } })).toBe(1);
  });

  it("refuses an expired link and writes nothing", async () => {
    const longAgo = new Date(Date.now() - 10 * DAY_MS);
    const { token } = await createInvitationLink(db, owner, team.slug, { expiresInDays: 1 }, longAgo);
    const stranger = await createUser(db);
    expect(await previewInvitation(db, token)).toEqual({ state: "expired" });
    const error = await expectRefused(() => acceptInvitation(db, stranger, token), "expired");
    expect(error.message).toMatch(/expired/);
  });

  it("refuses a used-up link and writes nothing", async () => {
    const { token } = await createInvitationLink(db, owner, team.slug, { maxUses: 1 });
    const [winner, late] = [await createUser(db), await createUser(db)];
    await acceptInvitation(db, winner, token);
    expect(await previewInvitation(db, token)).toEqual({ state: "used-up" });
    await expectRefused(() => acceptInvitation(db, late, token), "used-up");
    expect(await teamPageData(db, late.id, team.slug)).toBeNull();
  });

  it("lets exactly one of two people racing for the last use in", async () => {
    const { token, invitation } = await createInvitationLink(db, owner, team.slug, { maxUses: 1 });
    const racers = [await createUser(db), await createUser(db)];
    const outcomes = await Promise.allSettled(racers.map((racer) => acceptInvitation(db, racer, token)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(InvitationError);
    expect(
      await db.teamMembership.count({
        where: { teamId: team.id, userId: { in: racers.map((racer) => racer.id) } },
      }),
    ).toBe(1);
    expect((await db.teamInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).uses).toBe(1);
  });

  it("refuses a revoked link and writes nothing", async () => {
    const { token, invitation } = await createInvitationLink(db, owner, team.slug, { maxUses: 10 });
    await revokeInvitation(db, owner, team.slug, invitation.id);
    expect(await previewInvitation(db, token)).toEqual({ state: "revoked" });
    const stranger = await createUser(db);
    await expectRefused(() => acceptInvitation(db, stranger, token), "revoked");
    // Revoking twice is a clear refusal, not a silent success.
    expect((await refusal(revokeInvitation(db, owner, team.slug, invitation.id))).status).toBe(409);
  });

  it.each([
    ["a well-formed token nobody issued", () => generateInvitationToken()],
    ["a truncated token", () => generateInvitationToken().slice(0, 20)],
    ["a token with foreign characters", () => `${"a".repeat(40)}<b>`],
    ["an empty token", () => ""],
  ])("refuses %s as invalid and writes nothing", async (_name, makeToken) => {
    const token = makeToken();
    expect(await previewInvitation(db, token)).toEqual({ state: "invalid" });
    const stranger = await createUser(db);
    const error = await expectRefused(() => acceptInvitation(db, stranger, token), "invalid");
    expect(error.status).toBe(404);
  });

  it("refuses an account that may not write (suspended) and writes nothing", async () => {
    const { token } = await createInvitationLink(db, owner, team.slug, { maxUses: 10 });
    const suspended = await createUser(db, { status: "SUSPENDED" });
    const error = await refusal(acceptInvitation(db, suspended, token));
    expect(error.status).toBe(403);
    expect(await teamPageData(db, suspended.id, team.slug)).toBeNull();
  });

  it("validates the link settings with clear field errors", async () => {
    const error = await refusal(createInvitationLink(db, owner, team.slug, { maxUses: 0, expiresInDays: 3 }));
    expect(error.status).toBe(422);
    expect(error.fields?.maxUses).toBeDefined();
    expect(error.fields?.expiresInDays).toBeDefined();
  });
});

describe("invitations addressed to an existing user", () => {
  let owner: SessionUser, invitee: SessionUser, other: SessionUser;
  let team: { id: string; slug: string; name: string };

  beforeAll(async () => {
    [owner, invitee, other] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    team = await newTeam(owner);
  });

  it("notifies the invitee, who accepts from the notification; the notification is then read", async () => {
    const { invitation } = await inviteUser(db, owner, team.slug, { invitee: invitee.email.toUpperCase() });
    const notification = await db.notification.findFirstOrThrow({
      where: { userId: invitee.id, type: "TEAM_INVITATION" },
    });
    expect(notification).toMatchObject({ actorId: owner.id, readAt: null });
    expect(notification.data).toMatchObject({
      teamName: team.name,
      teamSlug: team.slug,
      invitationId: invitation.id,
    });

    // Nobody else can accept it, not even knowing its id.
    const stolen = await refusal(acceptDirectInvitation(db, other, invitation.id));
    expect(stolen.status).toBe(404);
    expect(await teamPageData(db, other.id, team.slug)).toBeNull();

    expect((await acceptDirectInvitation(db, invitee, invitation.id)).joined).toBe(true);
    expect((await roles(team.id))[invitee.id]).toBe("MEMBER");
    const after = await db.notification.findUniqueOrThrow({ where: { id: notification.id } });
    expect(after.readAt).not.toBeNull();
  });

  it("finds people by @handle, and refuses unknown people, members and duplicates without writing", async () => {
    const invitations = () => db.teamInvitation.count({ where: { teamId: team.id } });
    const before = await invitations();
    const unknown = await refusal(
      inviteUser(db, owner, team.slug, { invitee: "nobody-at-all@example.test" }),
    );
    expect(unknown.fields?.invitee?.[0]).toMatch(/No account/);
    const member = await refusal(inviteUser(db, owner, team.slug, { invitee: `@${invitee.handle}` }));
    expect(member.fields?.invitee?.[0]).toMatch(/already a member/);
    expect(await invitations()).toBe(before);

    await inviteUser(db, owner, team.slug, { invitee: `@${other.handle}` });
    const duplicate = await refusal(inviteUser(db, owner, team.slug, { invitee: other.email }));
    expect(duplicate.fields?.invitee?.[0]).toMatch(/pending invitation/);
    expect(await db.notification.count({ where: { userId: other.id, type: "TEAM_INVITATION" } })).toBe(1);
  });

  it("a declined invitation can no longer be accepted", async () => {
    const declining = await createUser(db);
    const { invitation } = await inviteUser(db, owner, team.slug, { invitee: declining.handle });
    expect(await declineDirectInvitation(db, declining, invitation.id)).toBe(true);
    const error = await refusal(acceptDirectInvitation(db, declining, invitation.id));
    expect((error as InvitationError).problem).toBe("revoked");
    expect(await teamPageData(db, declining.id, team.slug)).toBeNull();
  });
});

describe("role rules", () => {
  let owner: SessionUser, admin: SessionUser, member: SessionUser, other: SessionUser;
  let team: { id: string; slug: string };

  beforeAll(async () => {
    [owner, admin, member, other] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    team = await newTeam(owner);
    await join(owner, team.slug, admin, member, other);
    await changeMemberRole(db, owner, team.slug, { userId: admin.id, role: "ADMIN" });
  });

  it("creates a team with its creator as the only owner, and refuses a taken address", async () => {
    expect(await roles(team.id)).toMatchObject({
      [owner.id]: "OWNER",
      [admin.id]: "ADMIN",
      [member.id]: "MEMBER",
    });
    const taken = await refusal(createTeam(db, other, { name: "Copy", slug: team.slug }));
    expect(taken.fields?.slug).toEqual(["That address is taken; choose another."]);
    const bad = await refusal(createTeam(db, other, { name: " ", slug: "Not A Slug!" }));
    expect(bad.fields?.name).toBeDefined();
    expect(bad.fields?.slug).toBeDefined();
  });

  it("lets only the owner and admins invite, and only the owner invite admins", async () => {
    expect((await refusal(createInvitationLink(db, member, team.slug, {}))).status).toBe(403);
    await expect(createInvitationLink(db, admin, team.slug, { role: "MEMBER" })).resolves.toMatchObject({
      invitation: { role: "MEMBER" },
    });
    expect((await refusal(createInvitationLink(db, admin, team.slug, { role: "ADMIN" }))).message).toMatch(
      /owner can invite admins/,
    );
    await expect(createInvitationLink(db, owner, team.slug, { role: "ADMIN" })).resolves.toMatchObject({
      invitation: { role: "ADMIN" },
    });
  });

  it("gives outsiders the same 404 for a team they are not in as for a missing one", async () => {
    const stranger = await createUser(db);
    const notIn = await refusal(createInvitationLink(db, stranger, team.slug, {}));
    const missing = await refusal(createInvitationLink(db, stranger, "no-such-team-anywhere", {}));
    expect([notIn.status, notIn.message]).toEqual([missing.status, missing.message]);
    expect(notIn.status).toBe(404);
  });

  it("lets admins remove members but not admins or the owner; members remove nobody", async () => {
    expect((await refusal(removeMember(db, member, team.slug, other.id))).status).toBe(403);
    expect((await refusal(removeMember(db, admin, team.slug, owner.id))).status).toBe(403);
    const peer = await createUser(db);
    await join(owner, team.slug, peer);
    await changeMemberRole(db, owner, team.slug, { userId: peer.id, role: "ADMIN" });
    expect((await refusal(removeMember(db, admin, team.slug, peer.id))).message).toMatch(
      /Only the owner can remove admins/,
    );
    await removeMember(db, admin, team.slug, other.id);
    expect((await roles(team.id))[other.id]).toBeUndefined();
  });

  it("lets only the owner change roles, never to or from owner", async () => {
    expect(
      (await refusal(changeMemberRole(db, admin, team.slug, { userId: member.id, role: "ADMIN" }))).status,
    ).toBe(403);
    expect(
      (await refusal(changeMemberRole(db, owner, team.slug, { userId: member.id, role: "OWNER" }))).status,
    ).toBe(422);
    expect(
      (await refusal(changeMemberRole(db, owner, team.slug, { userId: owner.id, role: "MEMBER" }))).status,
    ).toBe(403);
  });

  it("keeps the owner in until ownership is transferred, with exactly one owner at every step", async () => {
    const stuck = await refusal(leaveTeam(db, owner, team.slug));
    expect(stuck.message).toMatch(/transfer ownership/);
    expect((await refusal(transferOwnership(db, admin, team.slug, member.id))).status).toBe(403);

    await transferOwnership(db, owner, team.slug, member.id);
    const after = await roles(team.id);
    expect(Object.values(after).filter((role) => role === "OWNER")).toHaveLength(1);
    expect(after[member.id]).toBe("OWNER");
    expect(after[owner.id]).toBe("ADMIN");

    // The old owner can leave now; the new owner cannot.
    await leaveTeam(db, owner, team.slug);
    expect((await roles(team.id))[owner.id]).toBeUndefined();
    expect((await refusal(leaveTeam(db, member, team.slug))).status).toBe(409);
  });
});

describe("limits", () => {
  it("refuses a suspended account and a burst of team creation with 429, writing nothing more", async () => {
    const suspended = await createUser(db, { status: "SUSPENDED" });
    expect(
      (await refusal(createTeam(db, suspended, { name: "Nope", slug: uniqueId("nope").toLowerCase() })))
        .status,
    ).toBe(403);
    expect(await db.teamMembership.count({ where: { userId: suspended.id } })).toBe(0);

    const eager = await createUser(db);
    // One instant for every attempt, so they all fall in the same fixed window.
    const now = new Date();
    const attempt = () => {
      const slug = uniqueId("burst").toLowerCase();
      return createTeam(db, eager, { name: slug, slug }, now);
    };
    for (let index = 0; index < TEAM_CREATE_PER_USER.limit; index += 1) await attempt();
    const error = await refusal(attempt());
    expect(error.status).toBe(429);
    expect(error.headers?.["Retry-After"]).toMatch(/^\d+$/);
    expect(await db.teamMembership.count({ where: { userId: eager.id } })).toBe(TEAM_CREATE_PER_USER.limit);
  });
});

describe("deleting a team", () => {
  it("makes its annotations private to their authors in the same step, and removes the team entirely", async () => {
    const [owner, member] = [await createUser(db), await createUser(db)];
    const article = await createArticle(db);
    const team = await newTeam(owner);
    await join(owner, team.slug, member);
    const { annotation } = await createAnnotation(db, member, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      visibility: "TEAM",
      teamId: team.id,
      // Also the member's default for new notes, which must not outlive the team.
      makeDefault: true,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).lastVisibility).toBe(
      `TEAM:${team.id}`,
    );
    expect(await visibleIds(article.slug, owner)).toContain(annotation.id);

    const invited = await createUser(db);
    await inviteUser(db, owner, team.slug, { invitee: invited.email });
    expect(await db.notification.count({ where: { userId: invited.id, type: "TEAM_INVITATION" } })).toBe(1);

    expect((await refusal(deleteTeam(db, member, team.slug, team.slug))).status).toBe(403);
    expect((await refusal(deleteTeam(db, owner, team.slug, "wrong"))).fields?.confirmation).toBeDefined();
    expect(await db.team.count({ where: { id: team.id } })).toBe(1);

    const result = await deleteTeam(db, owner, team.slug, team.slug);
    expect(result.annotationsMadePrivate).toBe(1);
    const row = await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } });
    expect(row).toMatchObject({ visibility: "PRIVATE", teamId: null, deletedAt: null });
    expect(await visibleIds(article.slug, member)).toContain(annotation.id);
    expect(await visibleIds(article.slug, owner)).not.toContain(annotation.id);
    expect(await db.team.count({ where: { id: team.id } })).toBe(0);
    expect(await db.teamMembership.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.teamInvitation.count({ where: { teamId: team.id } })).toBe(0);
    // The pending invitation is withdrawn with the team rather than left pointing at nothing.
    expect(await db.notification.count({ where: { userId: invited.id, type: "TEAM_INVITATION" } })).toBe(0);
    // The remembered "Team: <name>" choice falls back to Only me.
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).lastVisibility).toBe("PRIVATE");
  });
});
