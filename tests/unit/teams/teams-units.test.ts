// Pure team rules: the role table, token shape and state, the input schemas and their limits.
import { describe, expect, it } from "vitest";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import {
  generateInvitationToken,
  hashInvitationToken,
  invitationState,
  isWellFormedInvitationToken,
} from "@/lib/teams/invitation-tokens";
import {
  canChangeRole,
  canDeleteTeam,
  canInviteWithRole,
  canLeave,
  canManageInvitations,
  canRemoveMember,
  canTransferOwnership,
  TEAM_ROLES,
} from "@/lib/teams/permissions";
import {
  createInvitationLinkSchema,
  createTeamSchema,
  INVITATION_MAX_USES_LIMIT,
  inviteUserSchema,
  slugFromName,
  TEAM_DESCRIPTION_MAX_LENGTH,
  TEAM_NAME_MAX_LENGTH,
} from "@/lib/teams/schemas";
import { describeNotification } from "@/lib/notifications/text";

describe("team role rules", () => {
  // Written out independently of the implementation: actor → target → may remove?
  const REMOVE: Record<TeamRole, Record<TeamRole, boolean>> = {
    OWNER: { OWNER: false, ADMIN: true, MEMBER: true },
    ADMIN: { OWNER: false, ADMIN: false, MEMBER: true },
    MEMBER: { OWNER: false, ADMIN: false, MEMBER: false },
  };

  for (const actor of TEAM_ROLES) {
    it(`${actor}: invitations, leaving, deleting`, () => {
      expect(canManageInvitations(actor)).toBe(actor !== "MEMBER");
      expect(canLeave(actor)).toBe(actor !== "OWNER");
      expect(canDeleteTeam(actor)).toBe(actor === "OWNER");
      expect(canInviteWithRole(actor, "OWNER")).toBe(false);
      expect(canInviteWithRole(actor, "ADMIN")).toBe(actor === "OWNER");
      expect(canInviteWithRole(actor, "MEMBER")).toBe(actor !== "MEMBER");
    });
    for (const target of TEAM_ROLES) {
      it(`${actor} acting on a ${target}`, () => {
        expect(canRemoveMember(actor, target, false)).toBe(REMOVE[actor][target]);
        expect(canRemoveMember(actor, target, true)).toBe(false);
        expect(canTransferOwnership(actor, target, false)).toBe(actor === "OWNER" && target !== "OWNER");
        for (const newRole of TEAM_ROLES) {
          expect(canChangeRole(actor, target, newRole, false)).toBe(
            actor === "OWNER" && target !== "OWNER" && newRole !== "OWNER",
          );
          expect(canChangeRole(actor, target, newRole, true)).toBe(false);
        }
      });
    }
  }
});

describe("invitation tokens", () => {
  it("are 32 random bytes in base64url, different each time, hashed with SHA-256", () => {
    const tokens = new Set(Array.from({ length: 50 }, () => generateInvitationToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(isWellFormedInvitationToken(token)).toBe(true);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
    const [one] = [...tokens];
    expect(hashInvitationToken(one!)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(one!)).not.toBe(hashInvitationToken(`${one!}x`));
  });

  it("refuses anything not shaped like a token", () => {
    for (const bad of [
      "",
      "abc",
      `${generateInvitationToken()}=`,
      `${"a".repeat(42)}/`,
      "../../etc/passwd",
    ]) {
      expect(isWellFormedInvitationToken(bad)).toBe(false);
    }
  });

  it("reports revoked before expired before used up", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const future = new Date("2026-07-01T00:00:00Z");
    const past = new Date("2026-05-01T00:00:00Z");
    expect(invitationState({ revokedAt: null, expiresAt: future, uses: 0, maxUses: 1 }, now)).toBe("valid");
    expect(invitationState({ revokedAt: null, expiresAt: future, uses: 1, maxUses: 1 }, now)).toBe("used-up");
    expect(invitationState({ revokedAt: null, expiresAt: past, uses: 1, maxUses: 1 }, now)).toBe("expired");
    expect(invitationState({ revokedAt: past, expiresAt: past, uses: 1, maxUses: 1 }, now)).toBe("revoked");
    // Expiry is exclusive: at the instant it expires, it no longer works.
    expect(invitationState({ revokedAt: null, expiresAt: now, uses: 0, maxUses: 1 }, now)).toBe("expired");
  });
});

describe("team schemas", () => {
  it("normalises a name and refuses empty, over-long and invisible-character names", () => {
    expect(createTeamSchema.parse({ name: "  Policy   desk ", slug: "policy-desk" })).toEqual({
      name: "Policy desk",
      slug: "policy-desk",
      description: "",
    });
    expect(createTeamSchema.safeParse({ name: "", slug: "abc" }).success).toBe(false);
    expect(
      createTeamSchema.safeParse({ name: "x".repeat(TEAM_NAME_MAX_LENGTH + 1), slug: "abc" }).success,
    ).toBe(false);
    expect(createTeamSchema.safeParse({ name: "Evil\u202Eteam", slug: "abc" }).success).toBe(false);
    expect(
      createTeamSchema.safeParse({
        name: "ok",
        slug: "abc",
        description: "x".repeat(TEAM_DESCRIPTION_MAX_LENGTH + 1),
      }).success,
    ).toBe(false);
    // HTML is just text: allowed, and shown escaped by React.
    expect(createTeamSchema.parse({ name: "<script>alert(1)</script>", slug: "abc" }).name).toBe(
      "<script>alert(1)</script>",
    );
  });

  it.each(["ab", "Has Space", "trailing-", "-leading", "double--hyphen", "ünï", "x".repeat(41)])(
    "refuses the address %s",
    (slug) => {
      expect(createTeamSchema.safeParse({ name: "Team", slug }).success).toBe(false);
    },
  );

  it("lowercases an address and suggests one from a name", () => {
    expect(createTeamSchema.parse({ name: "T", slug: "Policy-Desk" }).slug).toBe("policy-desk");
    expect(slugFromName("Équipe  Politique — 2026!")).toBe("equipe-politique-2026");
  });

  it("keeps invitation links within their limits", () => {
    expect(createInvitationLinkSchema.parse({})).toEqual({ role: "MEMBER", maxUses: 10, expiresInDays: 7 });
    expect(createInvitationLinkSchema.parse({ role: "ADMIN", maxUses: "3", expiresInDays: "30" })).toEqual({
      role: "ADMIN",
      maxUses: 3,
      expiresInDays: 30,
    });
    expect(createInvitationLinkSchema.safeParse({ maxUses: INVITATION_MAX_USES_LIMIT + 1 }).success).toBe(
      false,
    );
    expect(createInvitationLinkSchema.safeParse({ maxUses: 1.5 }).success).toBe(false);
    expect(createInvitationLinkSchema.safeParse({ expiresInDays: 365 }).success).toBe(false);
    expect(createInvitationLinkSchema.safeParse({ role: "OWNER" }).success).toBe(false);
  });

  it("accepts an invitee as an email or a @handle", () => {
    expect(inviteUserSchema.parse({ invitee: " @rae " }).invitee).toBe("rae");
    expect(inviteUserSchema.safeParse({ invitee: "" }).success).toBe(false);
  });
});

describe("notification text", () => {
  it("says who did what and links to the item", () => {
    expect(
      describeNotification({
        type: "REPLY",
        actorName: "Ada",
        annotationId: "a1",
        commentId: "c1",
        data: { articleSlug: "rare-earths" },
      }),
    ).toEqual({ text: "Ada replied to you", href: "/articles/rare-earths#annotation-a1" });
    expect(
      describeNotification({
        type: "TEAM_INVITATION",
        actorName: "Ada",
        annotationId: null,
        commentId: null,
        data: { teamName: "Desk" },
      }),
    ).toEqual({ text: "Ada invited you to join Desk", href: "/notifications" });
  });

  it("links an appeal's outcome to the standing page, where the appeal is shown", () => {
    expect(
      describeNotification({
        type: "MODERATION_DECISION",
        actorName: "Mo",
        annotationId: "a1",
        commentId: null,
        data: { summary: "A moderator reviewed your appeal and upheld the decision.", appealId: "ap1" },
      }),
    ).toEqual({
      text: "A moderator reviewed your appeal and upheld the decision.",
      href: "/account/standing",
    });
  });

  it("degrades gracefully when facts are missing", () => {
    expect(
      describeNotification({
        type: "MENTION",
        actorName: null,
        annotationId: null,
        commentId: null,
        data: null,
      }),
    ).toEqual({
      text: "Someone mentioned you",
      href: "/notifications",
    });
  });
});
