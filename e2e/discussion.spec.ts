// Issue 5, article comments: visitors read and see a sign-in prompt; a reader posts (Markdown), another
// reader gets the comment live behind "1 new — show", answers it and reacts; errors are announced; the
// section works at phone width. Every page is checked with axe (fixtures.ts).
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { openComments, signIn } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const PHONE = { width: 390, height: 844 };
// Demo accounts seeded for development and tests (lib/accounts/demo-users.ts).
const RAE = { email: "reader@marginalia.test", password: "demo-reader-password" };
const REX = { email: "reader2@marginalia.test", password: "demo-reader2-password" };

function commentSection(page: Page) {
  return page.locator("[data-comment-section]");
}

async function openSignedIn(
  openContext: (options?: object) => Promise<BrowserContext>,
  user: { email: string; password: string },
  options: object = {},
) {
  const context = await openContext(options);
  const page = await context.newPage();
  await signIn(page, user, ARTICLE_PATH);
  await openComments(page);
  return page;
}

test("a visitor reads the comments and is asked to sign in to write", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto(ARTICLE_PATH);
  // Below the article, the section waits for the reader to come near before loading its comments.
  await expect(page.locator("[data-comments-deferred]")).toHaveCount(1);
  const section = await openComments(page);
  await expect(section.getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    /\/signin\?callbackUrl=/,
  );
  await expect(section.getByRole("textbox")).toHaveCount(0);
  // Nothing sticks out sideways at phone width.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a comment appears live for another reader, who answers and reacts", async ({ openContext }) => {
  const rae = await openSignedIn(openContext, RAE);
  const rex = await openSignedIn(openContext, REX, { viewport: PHONE });
  const text = `Live comment ${Date.now()}`;

  // An empty comment is refused with an announced message.
  const raeSection = commentSection(rae);
  await raeSection.getByRole("button", { name: "Post comment" }).click();
  await expect(raeSection.getByTestId("comment-form-error")).toHaveText("Write something first.");
  await expectAccessible(rae);

  await raeSection.getByLabel("Leave a reply").fill(`**${text}**`);
  await raeSection.getByRole("button", { name: "Post comment" }).click();
  // One's own comment appears at once, rendered from Markdown.
  await expect(raeSection.locator("strong", { hasText: text })).toBeVisible();

  // The other reader is not interrupted: a prompt, then the comment on request.
  const rexSection = commentSection(rex);
  const prompt = rexSection.getByTestId("new-comments");
  await expect(prompt).toHaveText("1 new — show");
  await expect(rexSection.getByText(text)).toHaveCount(0);
  await prompt.click();
  const comment = rexSection
    .getByRole("article", { name: "Comment by Rae Reader" })
    .filter({ hasText: text });
  await expect(comment).toBeVisible();
  await expectAccessible(rex);

  // Rex answers and agrees.
  await comment.getByRole("button", { name: "Reply" }).click();
  await rexSection.getByLabel(/^Reply to /).fill("A considered answer");
  await rexSection.getByRole("button", { name: "Post reply" }).click();
  await expect(rexSection.getByText("A considered answer")).toBeVisible();
  await comment.getByRole("button", { name: "Agree 0", exact: true }).click();
  await expect(comment.getByRole("button", { name: "Agree 1", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  // Rae sees the answer arrive under her comment, and the agreement, without reloading.
  await expect(raeSection.getByTestId("new-comments")).toHaveText("1 new — show");
  await raeSection.getByTestId("new-comments").click();
  await expect(raeSection.getByText("A considered answer")).toBeVisible();
  await expect(
    raeSection
      .getByRole("article", { name: "Comment by Rae Reader" })
      .filter({ hasText: text })
      .getByRole("button", { name: "Agree 1", exact: true }),
  ).toBeVisible();

  // Rae follows the reply's notification: the article opens at the reply (#comment-<id>), although the
  // comments load after the page.
  await rae.goto("/notifications");
  await rae
    .getByRole("list", { name: "Notifications" })
    .getByRole("link")
    .filter({ hasText: "replied to you" })
    .first()
    .click();
  await expect(rae).toHaveURL(/#comment-[\w-]+$/);
  await expect(commentSection(rae).getByText("A considered answer")).toBeInViewport();
});
