// Issue 16, point 8: the Pending queue says which rule held an item and its author reads why; Esc leaves
// the queue's reason field, so a shortcut key decides instead of typing into it; a moderator's Hide
// reaches a second reader's open page live (the card goes without a reload). Axe runs on every state
// visited; the moderator of the live test works at phone width.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { signInNewPage, waitForAnnotator } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const QUOTE = "state-driven, vertically integrated";
const ADMIN = { email: "admin@marginalia.test", password: "demo-admin-password" };
const MODERATOR = { email: "moderator@marginalia.test", password: "demo-moderator-password" };
const RAE = { email: "reader@marginalia.test", password: "demo-reader-password" };
const REX = { email: "reader2@marginalia.test", password: "demo-reader2-password" };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

function stamp(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Posts through the app's API as the signed-in page (writing through the annotator is covered elsewhere). */
async function post(page: Page, url: string, body: object): Promise<string> {
  return page.evaluate(
    async ({ url, body }) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      const json = (await response.json()) as { id?: string; annotation?: { id: string } };
      return json.annotation?.id ?? json.id ?? "";
    },
    { url, body },
  );
}

/** A public note on QUOTE by the page's reader (the page must be the article). */
async function publicNote(page: Page, body: string): Promise<string> {
  const { revisionId, start } = await page.evaluate((quote) => {
    const text = document.querySelector("[data-article-body]")!.textContent ?? "";
    return {
      revisionId: document.querySelector("[data-revision-id]")!.getAttribute("data-revision-id")!,
      start: text.indexOf(quote),
    };
  }, QUOTE);
  return post(page, `/api/articles/${SLUG}/annotations`, {
    revisionId,
    selector: { exact: QUOTE, prefix: "", suffix: "", start, end: start + QUOTE.length },
    body,
    visibility: "PUBLIC",
  });
}

const card = (page: Page, text: string) =>
  page.locator("section[data-annotation-id]").filter({ hasText: text });

test("the Pending queue shows why an item was held, its author reads why, and Esc leaves the reason field", async ({
  openContext,
}) => {
  test.slow();
  const id = stamp();
  const text = `Read the source at https://example.com/${id}`;

  const newcomer = await (await openContext()).newPage();
  await newcomer.goto(`/signup?callbackUrl=${encodeURIComponent(ARTICLE_PATH)}`);
  await newcomer.getByLabel("Display name").fill("Nell Newcomer");
  await newcomer.getByLabel("Email").fill(`newcomer-${id}@example.test`);
  await newcomer.getByLabel("Password").fill("a long and unusual passphrase 42");
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await expect(newcomer).toHaveURL(ARTICLE_PATH);
  await waitForAnnotator(newcomer);
  await publicNote(newcomer, text);
  await newcomer.reload();
  await waitForAnnotator(newcomer);
  await expect(card(newcomer, id).getByRole("note", { name: "Moderation notice" })).toContainText(
    "Waiting for review: held because the first posts of a new account are reviewed and it contains a link.",
  );
  await expectAccessible(newcomer);

  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation?queue=pending");
  const item = moderator.locator("[data-queue-item]").filter({ hasText: id });
  await expect(item).toContainText("Held by the automatic rules: New account, Link");
  // The article's title, not its slug; nobody reported it, so there are no reports to dismiss.
  await expect(item.getByRole("link", { name: SLUG })).toHaveCount(0);
  await expect(item.getByRole("button", { name: "Dismiss reports" })).toHaveCount(0);
  await expect(item.getByRole("button", { name: "Approve", exact: true })).toBeVisible();
  // The note's Markdown is rendered: its link is a link.
  await expect(item.getByRole("link", { name: `https://example.com/${id}` })).toBeVisible();
  await expectAccessible(moderator);

  // Type a reason, leave the field with Esc, and `h` hides the item instead of landing in the field.
  const reason = item.getByLabel("Reason (optional, shown to the author)");
  await reason.fill("Link to an unknown site");
  await reason.press("Escape");
  await expect(reason).not.toBeFocused();
  await expect(item).toBeFocused();
  await moderator.keyboard.press("h");
  await expect(moderator.locator("[data-queue-item]").filter({ hasText: id })).toHaveCount(0);
  await expectAccessible(moderator);

  await newcomer.reload();
  await waitForAnnotator(newcomer);
  await expect(card(newcomer, id).getByRole("note", { name: "Moderation notice" })).toContainText(
    "Hidden by a moderator: Link to an unknown site",
  );
});

test("a moderator hides a note from the Reported queue and a second reader's open page drops it live", async ({
  openContext,
}) => {
  // Four browsers on a loaded two-core machine: more time than test.slow() gives.
  test.setTimeout(180_000);
  const text = `A note to be hidden ${stamp()}`;
  const rae = await signInNewPage(openContext, RAE, ARTICLE_PATH);
  await waitForAnnotator(rae);
  const annotationId = await publicNote(rae, text);

  const rex = await signInNewPage(openContext, REX, ARTICLE_PATH);
  await waitForAnnotator(rex);
  await expect(card(rex, text)).toHaveCount(1);

  const admin = await signInNewPage(openContext, ADMIN, ARTICLE_PATH);
  await post(admin, "/api/reports", { annotationId, reason: "SPAM", note: "Off-topic advertising" });

  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation?queue=reported", PHONE);
  const item = moderator.locator("[data-queue-item]").filter({ hasText: text });
  await expect(item).toContainText("1 open report: Spam × 1");
  await expectAccessible(moderator);
  await item.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(moderator.locator("[data-queue-item]").filter({ hasText: text })).toHaveCount(0);

  // No reload: the live event of the decision takes the card off Rex's page.
  await expect(card(rex, text)).toHaveCount(0, { timeout: 15_000 });
  await expectAccessible(rex);
});
