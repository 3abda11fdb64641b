// Runs the server-action rows of the authorisation matrix: each "use server" module is imported and its
// exported action called with a valid FormData, as each kind of caller, on the test database (see
// ./in-process.ts for how the session is supplied). Every "refused" cell is executed. "ok" cells are
// executed where the action's work is cheap to give a fresh subject; for actions whose success would
// change the shared world (leaving the team, signing out everywhere, changing one's password) or needs a
// subject per caller (an invitation, a sanction, an own token), the "ok" cells are listed in
// SUCCESS_NOT_EXECUTED and covered by the domain's own integration tests.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuthorizationError } from "@/lib/auth/permissions";
import { testDb, uniqueId } from "../../helpers/db";
import { createArticle, createUser } from "../../helpers/fixtures";
import { actAs } from "./in-process";
import { ACTIONS, CALLERS, type Caller, type Outcome } from "./matrix";
import { routeTable } from "./route-table";
import { buildWorld, freshTarget, type World } from "./world";

vi.mock("@/auth", async () => (await import("./in-process")).authModule());
vi.mock("next/headers", async () => (await import("./in-process")).headersModule());
vi.mock("next/cache", () => ({
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
  updateTag: () => undefined,
  refresh: () => undefined,
}));
vi.mock("next-auth", () => ({
  AuthError: class AuthError extends Error {},
  CredentialsSignin: class CredentialsSignin extends Error {},
}));

const db = testDb();
const FUTURE = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

type Invocation = (action: (...args: unknown[]) => Promise<unknown>) => Promise<unknown>;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return (action: (...args: unknown[]) => Promise<unknown>) => action({}, data);
};

/** A fresh member of the world's team, as a subject for team-management actions. */
async function freshMember(world: World) {
  const user = await createUser(db);
  await db.teamMembership.create({ data: { teamId: world.teamId, userId: user.id, role: "MEMBER" } });
  return user;
}

/** How to call each action with valid input about a fresh subject. */
const CALLS: Record<string, (world: World) => Invocation | Promise<Invocation>> = {
  "action app/admin/moderation/actions.ts#saveModerationSettingsAction": () =>
    form({ holdLinksFromNewAccounts: "on" }),
  "action app/articles/[slug]/edit/actions.ts#previewArticle": () => (action) => action("Some *emphasis*."),
  "action app/articles/[slug]/edit/actions.ts#publishArticle": async () => {
    const article = await createArticle(db);
    const data = new FormData();
    for (const [name, value] of Object.entries({
      title: "New title",
      summary: "New summary.",
      categories: "One",
      body: "New body text.",
      baseRevisionId: article.revision.id,
    }))
      data.append(name, value);
    return (action) => action(article.slug, {}, data);
  },
  "action lib/accounts/actions/account.ts#changePasswordAction": () =>
    form({
      currentPassword: "not the password",
      newPassword: "a long new password",
      confirmPassword: "a long new password",
    }),
  "action lib/accounts/actions/account.ts#signOutEverywhereAction": () => (action) => action(),
  // A name per call: once a moderator or admin has taken a name, no one else may (lib/accounts/staff-names.ts).
  "action lib/accounts/actions/account.ts#updateProfileAction": () =>
    form({ name: `A New Name ${uniqueId("")}` }),
  "action lib/accounts/actions/admin-users.ts#banAction": async () =>
    form({ userId: (await createUser(db)).id, reason: "Matrix check." }),
  "action lib/accounts/actions/admin-users.ts#changeRoleAction": async () =>
    form({ userId: (await createUser(db)).id, role: "MODERATOR", reason: "Matrix check." }),
  "action lib/accounts/actions/admin-users.ts#restoreAction": async () =>
    form({ userId: (await createUser(db, { status: "BANNED" })).id, reason: "Matrix check." }),
  "action lib/accounts/actions/admin-users.ts#suspendAction": async () =>
    form({ userId: (await createUser(db)).id, reason: "Matrix check.", until: FUTURE }),
  "action lib/api-tokens/actions.ts#createTokenAction": () =>
    form({ name: "Matrix token", scope: "READ", expiresInDays: "30" }),
  "action lib/api-tokens/actions.ts#revokeTokenAction": () => form({ tokenId: uniqueId("no-such-token") }),
  "action lib/moderation/actions.ts#acknowledgeWarningAction": () =>
    form({ sanctionId: uniqueId("no-such-sanction") }),
  "action lib/moderation/actions.ts#appealAction": () =>
    form({ sanctionId: uniqueId("no-such-sanction"), message: "Please look again." }),
  "action lib/moderation/actions.ts#bulkDecideAction": async (world) => {
    const { annotationId } = await freshTarget(db, world, { withComment: false });
    const { version } = await db.annotation.findUniqueOrThrow({
      where: { id: annotationId },
      select: { version: true },
    });
    return form({ decision: "hide", item: `annotation:${annotationId}:${version}`, reason: "Matrix check." });
  },
  "action lib/moderation/actions.ts#decideAction": async (world) => {
    const { annotationId } = await freshTarget(db, world, { withComment: false });
    const { version } = await db.annotation.findUniqueOrThrow({
      where: { id: annotationId },
      select: { version: true },
    });
    return form({
      decision: "hide",
      itemKind: "annotation",
      itemId: annotationId,
      expectedVersion: String(version),
      reason: "Matrix check.",
    });
  },
  "action lib/moderation/actions.ts#decideAppealAction": () =>
    form({ appealId: uniqueId("no-such-appeal"), decision: "uphold", reason: "Matrix check." }),
  "action lib/moderation/actions.ts#sanctionAction": async () =>
    form({ userId: (await createUser(db)).id, kind: "WARN", reason: "Matrix check." }),
  "action lib/notifications/actions.ts#acceptDirectInvitationAction": () =>
    form({ invitationId: uniqueId("no-such-invitation") }),
  "action lib/notifications/actions.ts#declineDirectInvitationAction": () =>
    form({ invitationId: uniqueId("no-such-invitation") }),
  "action lib/notifications/actions.ts#markAllNotificationsReadAction": () => (action) => action(),
  "action lib/notifications/actions.ts#markNotificationReadAction": () =>
    form({ notificationId: uniqueId("no-such-notification") }),
  "action lib/teams/actions/teams.ts#acceptInvitationAction": () =>
    form({ token: uniqueId("no-such-invitation") }),
  "action lib/teams/actions/teams.ts#changeRoleAction": async (world) =>
    form({ slug: world.teamSlug, userId: (await freshMember(world)).id, role: "ADMIN" }),
  "action lib/teams/actions/teams.ts#createInvitationLinkAction": (world) =>
    form({ slug: world.teamSlug, role: "MEMBER", maxUses: "1", expiresInDays: "7" }),
  "action lib/teams/actions/teams.ts#createTeamAction": () => {
    const slug = uniqueId("mx").slice(0, 30);
    return form({ name: `Team ${slug}`, slug, description: "" });
  },
  "action lib/teams/actions/teams.ts#deleteTeamAction": (world) =>
    form({ slug: world.teamSlug, confirmation: world.teamSlug }),
  "action lib/teams/actions/teams.ts#inviteUserAction": async (world) =>
    form({ slug: world.teamSlug, invitee: (await createUser(db)).handle, role: "MEMBER" }),
  "action lib/teams/actions/teams.ts#leaveTeamAction": (world) => form({ slug: world.teamSlug }),
  "action lib/teams/actions/teams.ts#removeMemberAction": async (world) =>
    form({ slug: world.teamSlug, userId: (await freshMember(world)).id }),
  "action lib/teams/actions/teams.ts#revokeInvitationAction": (world) =>
    form({ slug: world.teamSlug, invitationId: uniqueId("no-such-invitation") }),
  "action lib/teams/actions/teams.ts#transferOwnershipAction": async (world) =>
    form({ slug: world.teamSlug, userId: (await freshMember(world)).id }),
};

/** "ok" cells not executed here, and why (see the header). */
const SUCCESS_NOT_EXECUTED = new Set([
  "action app/admin/moderation/actions.ts#saveModerationSettingsAction", // site-wide settings other test files rely on
  "action lib/accounts/actions/account.ts#changePasswordAction", // needs each caller's password
  "action lib/accounts/actions/account.ts#signOutEverywhereAction", // would end the callers' sessions
  "action lib/api-tokens/actions.ts#revokeTokenAction", // needs a token of each caller's own
  "action lib/moderation/actions.ts#acknowledgeWarningAction", // needs a warning per caller
  "action lib/moderation/actions.ts#appealAction", // needs a sanction per caller
  "action lib/moderation/actions.ts#decideAppealAction", // needs an appeal
  "action lib/notifications/actions.ts#acceptDirectInvitationAction", // needs an invitation per caller
  "action lib/notifications/actions.ts#declineDirectInvitationAction",
  "action lib/notifications/actions.ts#markNotificationReadAction", // needs a notification per caller
  "action lib/teams/actions/teams.ts#acceptInvitationAction", // needs an invitation link per caller
  "action lib/teams/actions/teams.ts#leaveTeamAction", // would take the callers out of the shared team
  "action lib/teams/actions/teams.ts#revokeInvitationAction", // needs an open invitation
]);

function digestOf(error: unknown): string {
  return typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : "";
}

async function classify(run: () => Promise<unknown>): Promise<string> {
  try {
    const state = await run();
    if (state && typeof state === "object") {
      const { ok, message, errors, error } = state as {
        ok?: boolean;
        message?: string;
        errors?: unknown;
        error?: string;
      };
      if (ok === true) return "ok";
      if (error || errors || message)
        return `refused ${error ?? message ?? JSON.stringify(errors)}`.slice(0, 200);
    }
    return "ok";
  } catch (error) {
    const digest = digestOf(error);
    if (digest.startsWith("NEXT_REDIRECT")) return digest.includes("/signin") ? "refused (sign in)" : "ok";
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return `refused (${digest})`;
    if (error instanceof AuthorizationError) return `refused (${error.status})`;
    if (error instanceof Error && "status" in error)
      return `refused (${String((error as { status: unknown }).status)} ${error.message})`;
    return `error ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`;
  }
}

let world: World;
const modules = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  world = await buildWorld(db);
  for (const entry of routeTable()) {
    if (entry.kind !== "action" || modules.has(entry.file)) continue;
    modules.set(
      entry.file,
      (await import(/* @vite-ignore */ `../../../${entry.file}`)) as Record<string, unknown>,
    );
  }
});

afterAll(() => actAs(null));

async function call(key: string, who: Caller): Promise<string> {
  const [file, name] = key.slice("action ".length).split("#") as [string, string];
  const action = modules.get(file)![name] as (...args: unknown[]) => Promise<unknown>;
  const invoke = await CALLS[key]!(world);
  actAs(world.identities[who]);
  try {
    return await classify(() => invoke(action));
  } finally {
    actAs(null);
  }
}

function matches(outcome: Outcome, actual: string): boolean {
  return outcome === "refused" ? actual.startsWith("refused") : actual === outcome;
}

describe("authorisation matrix: server actions", () => {
  for (const [key, row] of Object.entries(ACTIONS)) {
    const executable = Object.values(row).some((outcome) => outcome !== "e2e");
    it.runIf(executable)(`${key}: every caller gets what the matrix says`, async () => {
      expect(CALLS[key], `no call builder for ${key} in actions.test.ts`).toBeDefined();
      const wrong: string[] = [];
      for (const who of CALLERS) {
        if (row[who] === "ok" && SUCCESS_NOT_EXECUTED.has(key)) continue;
        const actual = await call(key, who);
        if (!matches(row[who], actual)) wrong.push(`${who}: expected ${row[who]}, got ${actual}`);
      }
      expect(wrong, `${key}\n  ${wrong.join("\n  ")}`).toEqual([]);
    });
  }
});
