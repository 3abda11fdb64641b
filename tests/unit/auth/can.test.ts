// The full authorisation matrix: every role × every status × every action (and, for actions on a user,
// acting on someone else vs on oneself), plus anonymous callers.
import { describe, expect, it } from "vitest";
import { ACTIONS, can, ROLES, STATUSES, type Action, type Actor } from "@/lib/auth/can";
import type { AccountStatus, Role } from "@/lib/generated/prisma/enums";

const SELF_SERVICE: Action[] = [
  "account:read",
  "account:security",
  "token:revoke",
  "team:leave",
  "notification:read",
];
const WRITES: Action[] = [
  "account:update",
  "annotation:create",
  "comment:create",
  "reply:create",
  "report:create",
  "team:create",
  "token:create",
  "team:join",
  "team:manage",
  "reaction:create",
];
// Decided by the thread (see the thread:resolve test below): with any other resource, refused.
const THREAD: Action[] = ["thread:resolve", "moderation:decide"];
const USER_ADMIN: Action[] = ["user:changeRole", "user:suspend", "user:ban", "user:restore"];

/** The rules, written independently of the implementation as a table. */
function expected(role: Role, status: AccountStatus, action: Action, onSelf: boolean): boolean {
  if (SELF_SERVICE.includes(action)) return true;
  if (status !== "ACTIVE") return false;
  if (WRITES.includes(action)) return true;
  if (action === "moderation:access") return role === "MODERATOR" || role === "ADMIN";
  if (action === "user:list") return role === "ADMIN";
  if (USER_ADMIN.includes(action)) return role === "ADMIN" && !onSelf;
  if (THREAD.includes(action)) return false;
  throw new Error(`No expectation for ${action}`);
}

describe("can()", () => {
  it("covers every action in the table", () => {
    expect(
      [...SELF_SERVICE, ...WRITES, "moderation:access", "user:list", ...USER_ADMIN, ...THREAD].sort(),
    ).toEqual([...ACTIONS].sort());
  });

  for (const role of ROLES) {
    for (const status of STATUSES) {
      const actor: Actor = { id: "actor", role, status };
      for (const action of ACTIONS) {
        const other = { kind: "user" as const, id: "someone-else" };
        it(`${role} ${status} ${action} → ${expected(role, status, action, false)}`, () => {
          expect(can(actor, action, other)).toBe(expected(role, status, action, false));
        });
        if (USER_ADMIN.includes(action)) {
          it(`${role} ${status} ${action} on themself → false`, () => {
            expect(can(actor, action, { kind: "user", id: "actor" })).toBe(false);
          });
          it(`${role} ${status} ${action} without a target user → false`, () => {
            expect(can(actor, action)).toBe(false);
          });
        }
      }
    }
  }

  it("lets the annotation's author and team owners/admins resolve a team thread, only while members", () => {
    const actor: Actor = { id: "actor", role: "READER", status: "ACTIVE" };
    const thread = (authorId: string, actorTeamRole: "OWNER" | "ADMIN" | "MEMBER" | null) => ({
      kind: "thread" as const,
      authorId,
      actorTeamRole,
    });
    expect(can(actor, "thread:resolve", thread("actor", "MEMBER"))).toBe(true);
    expect(can(actor, "thread:resolve", thread("other", "OWNER"))).toBe(true);
    expect(can(actor, "thread:resolve", thread("other", "ADMIN"))).toBe(true);
    expect(can(actor, "thread:resolve", thread("other", "MEMBER"))).toBe(false);
    expect(can(actor, "thread:resolve", thread("actor", null))).toBe(false);
    expect(can({ ...actor, role: "ADMIN" }, "thread:resolve", thread("other", null))).toBe(false);
    expect(can({ ...actor, status: "SUSPENDED" }, "thread:resolve", thread("actor", "OWNER"))).toBe(false);
  });

  it("lets site moderators moderate public and team items, team owners/admins only their team's, nobody private ones", () => {
    const reader: Actor = { id: "actor", role: "READER", status: "ACTIVE" };
    const moderator: Actor = { ...reader, role: "MODERATOR" };
    const admin: Actor = { ...reader, role: "ADMIN" };
    const item = (
      scope: "public" | "team" | "private",
      actorTeamRole: "OWNER" | "ADMIN" | "MEMBER" | null,
    ) => ({ kind: "moderatedItem" as const, scope, actorTeamRole });
    expect(can(moderator, "moderation:decide", item("public", null))).toBe(true);
    expect(can(admin, "moderation:decide", item("public", null))).toBe(true);
    expect(can(reader, "moderation:decide", item("public", null))).toBe(false);
    expect(can(reader, "moderation:decide", item("public", "OWNER"))).toBe(false);
    expect(can(moderator, "moderation:decide", item("team", null))).toBe(true);
    expect(can(reader, "moderation:decide", item("team", "OWNER"))).toBe(true);
    expect(can(reader, "moderation:decide", item("team", "ADMIN"))).toBe(true);
    expect(can(reader, "moderation:decide", item("team", "MEMBER"))).toBe(false);
    expect(can(reader, "moderation:decide", item("team", null))).toBe(false);
    expect(can(admin, "moderation:decide", item("private", null))).toBe(false);
    expect(can(reader, "moderation:decide", item("private", "OWNER"))).toBe(false);
    expect(can({ ...moderator, status: "SUSPENDED" }, "moderation:decide", item("public", null))).toBe(false);
    expect(can({ ...reader, status: "BANNED" }, "moderation:decide", item("team", "OWNER"))).toBe(false);
  });

  it("refuses every action to an anonymous visitor", () => {
    for (const action of ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action, { kind: "user", id: "x" })).toBe(false);
    }
  });
});
