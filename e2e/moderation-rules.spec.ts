// Issue 6, the automatic rules: an admin bans a word at /admin/moderation and a reader's note with it is
// refused with a message naming the word (nothing stored); a new account's first public note waits for
// review, seen by its author as such and not by another reader, until a moderator approves it in the
// Pending queue.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { selectWithMouse, signInNewPage, waitForAnnotator } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const QUOTE = "state-driven, vertically integrated";
// Demo accounts seeded for development and tests (lib/accounts/demo-users.ts).
const ADMIN = { email: "admin@marginalia.test", password: "demo-admin-password" };
const MODERATOR = { email: "moderator@marginalia.test", password: "demo-moderator-password" };
const RAE = { email: "reader@marginalia.test", password: "demo-reader-password" };
const REX = { email: "reader2@marginalia.test", password: "demo-reader2-password" };

/** Writes a public note on QUOTE through the annotator's dialog and presses Save. */
async function writePublicNote(page: Page, text: string) {
  await selectWithMouse(page, QUOTE);
  await page
    .getByRole("toolbar", { name: "Selected text" })
    .getByRole("button", { name: /^Annotate/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "New note" });
  await dialog.getByLabel(/^Note/).fill(text);
  await dialog.getByLabel("Public").check();
  await dialog.getByRole("button", { name: "Post publicly" }).click();
  return dialog;
}

/** The bodies of the annotations the page's viewer may see, from the app's own API. */
async function visibleBodies(page: Page): Promise<string[]> {
  return page.evaluate(async (slug) => {
    const response = await fetch(`/api/articles/${slug}/annotations`);
    return ((await response.json()) as { annotations: { body: string | null }[] }).annotations.map(
      (item) => item.body ?? "",
    );
  }, SLUG);
}

test("an admin bans a word; a reader's note with it is refused with a clear message and nothing is stored", async ({
  openContext,
}) => {
  test.slow();
  const word = `zorble${Date.now().toString(36)}`;
  const admin = await signInNewPage(openContext, ADMIN, "/admin/moderation");
  await expect(admin.getByRole("heading", { level: 1, name: "Moderation settings" })).toBeVisible();

  // A value out of bounds is refused next to its field, and nothing is saved.
  const flood = admin.getByLabel("Posts a minute");
  await flood.fill("0");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Posts a minute must be a whole number from 1 to 120.")).toBeVisible();
  await expect(flood).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(admin);

  await flood.fill("5");
  await admin.getByLabel("Banned words").fill(`${word}\n`);
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Moderation settings saved.")).toBeVisible();
  await admin.reload();
  await expect(admin.getByLabel("Banned words")).toHaveValue(word);

  const rae = await signInNewPage(openContext, RAE, ARTICLE_PATH);
  await waitForAnnotator(rae);
  const text = `This passage is ${word.toUpperCase()}, frankly`;
  const dialog = await writePublicNote(rae, text);
  // The author is told which word to change; the dialog keeps the text.
  await expect(dialog.getByRole("alert")).toContainText(
    `Not saved: This can't be posted: it contains “${word}”`,
  );
  await expect(dialog.getByLabel(/^Note/)).toHaveValue(text);
  await expectAccessible(rae);
  expect((await visibleBodies(rae)).some((body) => body.includes(text))).toBe(false);
});

test("a new account's first public note waits for review, then appears to others once a moderator approves it", async ({
  openContext,
}) => {
  test.slow();
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const text = `My first note here ${stamp}`;

  const newcomer = await (await openContext()).newPage();
  await newcomer.goto(`/signup?callbackUrl=${encodeURIComponent(ARTICLE_PATH)}`);
  await newcomer.getByLabel("Display name").fill("Nell Newcomer");
  await newcomer.getByLabel("Email").fill(`newcomer-${stamp}@example.test`);
  await newcomer.getByLabel("Password").fill("a long and unusual passphrase 42");
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await expect(newcomer).toHaveURL(ARTICLE_PATH);
  await waitForAnnotator(newcomer);

  await writePublicNote(newcomer, text);
  await expect(newcomer.getByTestId("annotator-status")).toContainText("Note saved");
  const card = newcomer.locator("section[data-annotation-id]").filter({ hasText: text });
  await expect(card).toContainText(/waiting for review/i);
  // Still there, still waiting, after a reload: it is stored, only withheld.
  await newcomer.reload();
  await waitForAnnotator(newcomer);
  await expect(newcomer.locator("section[data-annotation-id]").filter({ hasText: text })).toContainText(
    /waiting for review/i,
  );

  const rex = await signInNewPage(openContext, REX, ARTICLE_PATH);
  await waitForAnnotator(rex);
  await expect(rex.getByText(text)).toHaveCount(0);
  expect(await visibleBodies(rex)).not.toContain(text);

  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation?queue=pending");
  const item = moderator.getByRole("article").filter({ hasText: text });
  await expect(item).toBeVisible();
  await item.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(moderator.getByRole("article").filter({ hasText: text })).toHaveCount(0);

  await rex.reload();
  await waitForAnnotator(rex);
  await expect(rex.locator("section[data-annotation-id]").filter({ hasText: text })).toHaveCount(1);
  await newcomer.reload();
  await waitForAnnotator(newcomer);
  await expect(newcomer.locator("section[data-annotation-id]").filter({ hasText: text })).not.toContainText(
    /waiting for review/i,
  );
});
