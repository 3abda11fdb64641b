// Issue 6: a reader reports another reader's public annotation, a moderator finds it in the Reported
// queue and hides it; the reporter no longer sees it, its author still does.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openQueueShortcutHelp, signIn } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const READER = { email: "reader@marginalia.test", password: "demo-reader-password" };
const READER2 = { email: "reader2@marginalia.test", password: "demo-reader2-password" };
const MODERATOR = { email: "moderator@marginalia.test", password: "demo-moderator-password" };
const QUOTE = "Official channels with central government agencies";

/** Creates a public annotation through the app's own API (the selection UI is covered by annotations.spec.ts). */
async function annotatePublicly(page: Page, body: string): Promise<string> {
  return page.evaluate(
    async ({ slug, quote, body }) => {
      const revisionId = document.querySelector("[data-revision-id]")!.getAttribute("data-revision-id")!;
      const text = document.querySelector("[data-article-body]")!.textContent ?? "";
      const start = text.indexOf(quote);
      const response = await fetch(`/api/articles/${slug}/annotations`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          revisionId,
          selector: { exact: quote, prefix: "", suffix: "", start, end: start + quote.length },
          body,
          visibility: "PUBLIC",
        }),
      });
      if (response.status !== 201)
        throw new Error(`create failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    { slug: SLUG, quote: QUOTE, body },
  );
}

async function visibleAnnotationIds(page: Page): Promise<string[]> {
  return page.evaluate(async (slug) => {
    const response = await fetch(`/api/articles/${slug}/annotations`);
    return ((await response.json()) as { annotations: { id: string }[] }).annotations.map(
      (annotation) => annotation.id,
    );
  }, SLUG);
}

async function report(page: Page, annotationId: string): Promise<number> {
  return page.evaluate(async (annotationId) => {
    const response = await fetch("/api/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ annotationId, reason: "OFF_TOPIC" }),
    });
    return response.status;
  }, annotationId);
}

test("a reported annotation is hidden by a moderator: the reporter no longer sees it, its author does", async ({
  openContext,
}) => {
  test.slow();
  const body = `Buy rare earths cheap here ${Date.now()}`;
  const author = await (await openContext()).newPage();
  await signIn(author, READER, ARTICLE_PATH);
  await expect(author.locator("[data-annotator][data-ready]")).toHaveCount(1);
  const annotationId = await annotatePublicly(author, body);

  const reporter = await (await openContext()).newPage();
  await signIn(reporter, READER2, ARTICLE_PATH);
  expect(await visibleAnnotationIds(reporter)).toContain(annotationId);
  const report = await reporter.evaluate(async (annotationId) => {
    const response = await fetch("/api/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ annotationId, reason: "SPAM", note: "Advertising" }),
    });
    return { status: response.status, body: (await response.json()) as { message?: string } };
  }, annotationId);
  expect(report.status).toBe(201);
  expect(report.body.message).toMatch(/report was received/);

  const moderator = await (await openContext()).newPage();
  await signIn(moderator, MODERATOR, "/moderation");
  const item = moderator.getByRole("article").filter({ hasText: body });
  await expect(item).toContainText("1 open report: Spam × 1");
  await expect(item).toContainText("Advertising");
  await expect(item).toContainText(QUOTE);
  await item.getByLabel("Reason (optional, shown to the author)").fill("Advertising is not allowed");
  await item.getByRole("button", { name: "Hide" }).click();
  await expect(moderator.getByRole("article").filter({ hasText: body })).toHaveCount(0);

  expect(await visibleAnnotationIds(reporter)).not.toContain(annotationId);
  expect(await visibleAnnotationIds(author)).toContain(annotationId);

  await moderator.goto("/moderation/log");
  await expect(moderator.getByRole("table")).toContainText("moderation.hide");
});

test("a moderator works the Reported queue with the keyboard only, at phone width", async ({
  openContext,
}) => {
  test.slow();
  const body = `Nothing to do with the article ${Date.now()}`;
  const author = await (await openContext()).newPage();
  await signIn(author, READER, ARTICLE_PATH);
  await expect(author.locator("[data-annotator][data-ready]")).toHaveCount(1);
  const annotationId = await annotatePublicly(author, body);
  const reporter = await (await openContext()).newPage();
  await signIn(reporter, READER2, ARTICLE_PATH);
  expect(await report(reporter, annotationId)).toBe(201);
  // Reporting twice is refused.
  expect(await report(reporter, annotationId)).toBe(409);

  const moderator = await (await openContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(moderator, MODERATOR, "/moderation");
  await openQueueShortcutHelp(moderator);
  const item = moderator.getByRole("article").filter({ hasText: body });
  // j moves through the queue until the reported item has the focus.
  for (
    let step = 0;
    step < 20 && !(await item.evaluate((element) => element === document.activeElement));
    step += 1
  ) {
    await moderator.keyboard.press("j");
  }
  await expect(item).toBeFocused();
  await moderator.keyboard.press("r");
  await expect(moderator.getByRole("article").filter({ hasText: body })).toHaveCount(0);
  expect(await visibleAnnotationIds(reporter)).not.toContain(annotationId);
  const overflow = await moderator.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
