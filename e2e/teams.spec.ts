// Issue 5, teams: a reader creates a team and shares an invitation link; a second reader opens it and
// joins, and both see the team; a third is invited by email, sees it on the bell and accepts from
// /notifications; a forged link shows a clear error; leaving takes the team page away at once. Every page
// is also checked with axe (fixtures.ts).
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";

const PASSWORD = "a long and unusual passphrase 42";
const PHONE = { width: 390, height: 844 };

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** Signs up a fresh reader (each test has its own people) and returns where they landed. */
async function signUp(page: Page, name: string, email: string, returnTo: string) {
  await page.goto(`/signup?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(returnTo);
}

async function newReader(
  openContext: (options?: object) => Promise<BrowserContext>,
  name: string,
  email: string,
  returnTo: string,
) {
  const context = await openContext();
  const page = await context.newPage();
  await signUp(page, name, email, returnTo);
  return page;
}

test("a team is created, joined by link and by email invitation, and a forged link is refused", async ({
  page,
  openContext,
}) => {
  test.setTimeout(120_000);
  const suffix = Math.random().toString(36).slice(2, 8);
  const teamName = `Policy desk ${suffix}`;
  const slug = `policy-desk-${suffix}`;

  // The owner creates the team; the address is suggested from the name.
  await signUp(page, "Olive Owner", uniqueEmail("owner"), "/teams");
  await expect(page.getByRole("heading", { level: 1, name: "Your teams" })).toBeVisible();
  await page.getByLabel("Team name").fill(teamName);
  await expect(page.getByLabel("Address")).toHaveValue(slug);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(`/teams/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  const members = page.getByRole("list", { name: "Members" });
  await expect(members.getByRole("listitem")).toHaveCount(1);
  await expect(members).toContainText("Olive Owner (you)");

  // An invitation link for two people, shown once.
  await page.getByLabel("Can be used by").fill("2");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const shown = page.getByLabel(/Invitation link: copy it now/);
  await expect(shown).toHaveValue(/\/invitations\/[\w-]{43}$/);
  const invitationUrl = await shown.inputValue();
  await expectAccessible(page);

  // A second reader opens the link, sees the team's name, and accepts.
  const joinerEmail = uniqueEmail("joiner");
  const joiner = await newReader(openContext, "Jules Joiner", joinerEmail, "/teams");
  await joiner.goto(invitationUrl);
  await expect(joiner.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  await joiner.getByRole("button", { name: "Accept invitation" }).click();
  await expect(joiner).toHaveURL(`/teams/${slug}`);
  await expect(joiner.getByRole("list", { name: "Members" })).toContainText("Olive Owner");
  await joiner.goto("/teams");
  await expect(joiner.getByRole("link", { name: teamName })).toBeVisible();

  // Both see the team with both members; the owner's invitation list counts the use.
  await page.reload();
  await expect(members.getByRole("listitem")).toHaveCount(2);
  await expect(members).toContainText("Jules Joiner");
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText("Used 1 of 2");

  // A forged link: a clear message, no Accept button, and nothing joined.
  await joiner.goto(`/invitations/${"x".repeat(43)}`);
  await expect(
    joiner.getByRole("heading", { level: 1, name: "This invitation link is not valid" }),
  ).toBeVisible();
  await expect(joiner.getByText(/Check that you copied the whole link/)).toBeVisible();
  await expect(joiner.getByRole("button", { name: /Accept/ })).toHaveCount(0);

  // A third reader is invited by email: the bell shows it, and they accept from /notifications.
  const inviteeEmail = uniqueEmail("invitee");
  const invitee = await newReader(openContext, "Ines Invitee", inviteeEmail, "/");
  await expect(invitee.getByRole("link", { name: "Notifications, 0 unread" })).toBeVisible();
  await page.getByLabel("Email or @handle").fill(inviteeEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(/Ines Invitee \(@[\w-]+\) is invited and has been notified/)).toBeVisible();
  // The bell refreshes when the window regains focus (and every 30 s).
  await invitee.evaluate(() => window.dispatchEvent(new Event("focus")));
  const bell = invitee.getByRole("link", { name: "Notifications, 1 unread" });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(invitee).toHaveURL("/notifications");
  await expect(invitee.getByRole("list", { name: "Notifications" })).toContainText(
    `Olive Owner invited you to join ${teamName}`,
  );
  await expectAccessible(invitee);
  await invitee.getByRole("button", { name: `Accept the invitation to join ${teamName}` }).click();
  await expect(invitee).toHaveURL(`/teams/${slug}`);
  await expect(invitee.getByRole("link", { name: "Notifications, 0 unread" })).toBeVisible();

  // Leaving takes the team page away at once: the next request is a 404.
  joiner.once("dialog", (dialog) => void dialog.accept());
  await joiner.goto(`/teams/${slug}`);
  await joiner.getByRole("button", { name: `Leave team ${teamName}` }).click();
  await expect(joiner).toHaveURL("/teams");
  await expect(joiner.getByRole("link", { name: teamName })).toHaveCount(0);
  const gone = await joiner.goto(`/teams/${slug}`);
  expect(gone?.status()).toBe(404);
});

test("the team pages fit a phone screen", async ({ page }) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  await page.setViewportSize(PHONE);
  await signUp(page, "Phoebe Phone", uniqueEmail("phone"), "/teams");
  await page.getByLabel("Team name").fill(`A rather long team name for a small screen ${suffix}`);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/teams\/a-rather-long-team-name/);
  for (const path of [page.url(), "/teams", "/notifications"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
