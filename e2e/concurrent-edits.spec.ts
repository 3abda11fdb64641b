// Issue 13, concurrent edits: one reader edits the same comment in two tabs. The first save wins; the
// second tab is told its edit was not saved, keeps the text typed there, and saves it on a second try.
// At phone width for the refused tab, keyboard only; every page is checked with axe (fixtures.ts).
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { openComments, signIn } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const PHONE = { width: 390, height: 844 };
// A demo account seeded for development and tests (lib/accounts/demo-users.ts).
const RAE = { email: "reader@marginalia.test", password: "demo-reader-password" };

async function openSignedIn(
  openContext: (options?: object) => Promise<BrowserContext>,
  options: object = {},
) {
  const context = await openContext(options);
  const page = await context.newPage();
  await signIn(page, RAE, ARTICLE_PATH);
  return { page, section: await openComments(page) };
}

function myComment(page: Page, text: string) {
  return page
    .locator("[data-comment-section]")
    .getByRole("article", { name: "Comment by Rae Reader" })
    .filter({ hasText: text });
}

test("a comment saved in another tab meanwhile: the stale save is refused and the typed text kept", async ({
  openContext,
}) => {
  const first = await openSignedIn(openContext, { viewport: PHONE });
  const original = `Two-tab comment ${Date.now()}`;
  await first.section.getByLabel("Leave a reply").fill(original);
  await first.section.getByRole("button", { name: "Post comment" }).click();
  await expect(myComment(first.page, original)).toBeVisible();

  // Tab one opens the editor (keyboard) and types, but does not save yet.
  const editButton = myComment(first.page, original).getByRole("button", { name: "Edit", exact: true });
  await editButton.focus();
  await first.page.keyboard.press("Enter");
  const firstEditor = first.section.getByLabel("Edit your comment");
  await firstEditor.fill("Typed in the first tab");

  // Tab two edits the same comment and saves.
  const second = await openSignedIn(openContext);
  await myComment(second.page, original).getByRole("button", { name: "Edit", exact: true }).click();
  await second.section.getByLabel("Edit your comment").fill("Saved in the second tab");
  await second.section.getByRole("button", { name: "Save" }).click();
  await expect(myComment(second.page, "Saved in the second tab")).toBeVisible();

  // Tab one saves: refused, told why, and its text is still in the editor.
  await firstEditor.focus();
  await first.page.keyboard.press("Tab");
  await first.page.keyboard.press("Enter");
  const error = first.section.getByTestId("comment-form-error");
  await expect(error).toContainText("changed elsewhere");
  await expect(error).toContainText("Your text is kept");
  await expect(firstEditor).toHaveValue("Typed in the first tab");
  await expectAccessible(first.page);

  // Saving again (now against the version saved in tab two) goes through.
  await first.section.getByRole("button", { name: "Save" }).click();
  await expect(myComment(first.page, "Typed in the first tab")).toBeVisible();
  await expectAccessible(first.page);
});
