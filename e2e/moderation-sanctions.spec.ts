// Issue 6, decisions seen by authors, sanctions and appeals:
// - a reader reports an annotation, a moderator hides it from the Reported queue; its author sees it with
//   the notice and an Appeal link, another reader no longer sees it; the moderator restores it from
//   "Recently decided" and the other reader sees it again;
// - the author of a hidden comment appeals it from the notice; the appeal lands in the Appeals queue and
//   the moderator reverses it; a second appeal is not offered;
// - a moderator warns a new account from its record; the account cannot post until it acknowledges the
//   warning on its standing page, then can.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openComments, openQueueShortcutHelp, signInNewPage, waitForAnnotator } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const READER = { email: "reader@marginalia.test", password: "demo-reader-password" };
const READER2 = { email: "reader2@marginalia.test", password: "demo-reader2-password" };
const MODERATOR = { email: "moderator@marginalia.test", password: "demo-moderator-password" };
const QUOTE = "Official channels with central government agencies";

/** Creates an annotation through the app's own API (the selection UI is covered by annotations.spec.ts). */
async function annotate(
  page: Page,
  body: string,
  visibility: "PUBLIC" | "PRIVATE" = "PUBLIC",
): Promise<{ status: number; id?: string; itemStatus?: string; message?: string }> {
  return page.evaluate(
    async ({ slug, quote, body, visibility }) => {
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
          visibility,
        }),
      });
      const json = (await response.json()) as {
        id?: string;
        status?: string;
        message?: string;
        error?: { message?: string };
      };
      return {
        status: response.status,
        id: json.id,
        itemStatus: json.status,
        message: json.message ?? json.error?.message,
      };
    },
    { slug: SLUG, quote: QUOTE, body, visibility },
  );
}

async function comment(
  page: Page,
  body: string,
): Promise<{ status: number; id?: string; itemStatus?: string }> {
  return page.evaluate(
    async ({ slug, body }) => {
      const response = await fetch(`/api/articles/${slug}/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ body }),
      });
      const json = (await response.json()) as { id?: string; status?: string; comment?: { id: string } };
      return { status: response.status, id: json.comment?.id ?? json.id };
    },
    { slug: SLUG, body },
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

/** A new account's first public items wait in Pending (automatic rules): the moderator approves them there. */
async function approveIfPending(moderator: Page, text: string) {
  await moderator.goto("/moderation?queue=pending");
  const item = moderator.getByRole("article").filter({ hasText: text });
  if ((await item.count()) === 0) return;
  await item.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(moderator.getByRole("article").filter({ hasText: text })).toHaveCount(0);
}

test("a hidden annotation: its author reads the notice, another reader loses it, the moderator restores it", async ({
  openContext,
}) => {
  test.slow();
  const body = `A note that wanders far from the passage ${Date.now()}`;
  const author = await signInNewPage(openContext, READER, ARTICLE_PATH);
  await waitForAnnotator(author);
  const created = await annotate(author, body);
  expect(created.status, created.message).toBe(201);
  const annotationId = created.id!;

  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation");
  await approveIfPending(moderator, body);

  const reporter = await signInNewPage(openContext, READER2, ARTICLE_PATH);
  expect(await visibleAnnotationIds(reporter)).toContain(annotationId);
  const reported = await reporter.evaluate(async (annotationId) => {
    const response = await fetch("/api/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ annotationId, reason: "SPAM", note: "Stock tips" }),
    });
    return response.status;
  }, annotationId);
  expect(reported).toBe(201);

  // The moderator narrows Reported to spam reports on this article, and hides the item with a reason.
  await moderator.goto("/moderation");
  await moderator.getByLabel("Report reason").selectOption("SPAM");
  await moderator.getByLabel("Kind of item").selectOption("annotation");
  await moderator.getByRole("button", { name: "Apply filters" }).click();
  await expect(moderator).toHaveURL(/reason=SPAM/);
  const item = moderator.getByRole("article").filter({ hasText: body });
  await expect(item).toContainText("Spam × 1");
  await expect(item).toContainText(QUOTE);
  await expect(item).toContainText(/Author joined .* items · \d+ removed · \d+ sanctions?/);
  await item.getByLabel("Reason (optional, shown to the author)").fill("No stock tips here");
  await item.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(moderator.getByRole("article").filter({ hasText: body })).toHaveCount(0);

  // The author still sees it in the margin, with the notice and a way to appeal.
  await author.reload();
  await waitForAnnotator(author);
  const card = author.locator(`[data-annotation-id="${annotationId}"]`).first();
  await card.scrollIntoViewIfNeeded();
  const notice = card.getByRole("note", { name: "Moderation notice" });
  await expect(notice).toContainText("Hidden by a moderator: No stock tips here");
  await expect(notice.getByRole("link", { name: "Appeal" })).toBeVisible();
  // The other reader does not.
  expect(await visibleAnnotationIds(reporter)).not.toContain(annotationId);
  await reporter.reload();
  await waitForAnnotator(reporter);
  await expect(reporter.locator(`[data-annotation-id="${annotationId}"]`)).toHaveCount(0);

  // The moderator restores it from Recently decided; the reader sees it again.
  await moderator.goto("/moderation?queue=decided");
  const decided = moderator.getByRole("listitem").filter({ hasText: "No stock tips here" }).first();
  await decided.getByRole("button", { name: "Restore" }).click();
  // The list refreshes: the restore is logged and the item, published again, offers no more Restore.
  await expect(
    moderator.getByRole("listitem").filter({ hasText: "restore annotation" }).first(),
  ).toContainText("hidden → published");
  await expect(decided.getByRole("button", { name: "Restore" })).toHaveCount(0);
  await expect.poll(() => visibleAnnotationIds(reporter)).toContain(annotationId);
});

test("the author of a hidden comment appeals once; the moderator reverses it from the Appeals queue", async ({
  openContext,
}) => {
  test.slow();
  const body = `An off-topic aside about football ${Date.now()}`;
  const author = await signInNewPage(openContext, READER2, ARTICLE_PATH);
  const created = await comment(author, body);
  expect(created.status).toBe(201);
  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation");
  await approveIfPending(moderator, body);
  const reader = await signInNewPage(openContext, READER, ARTICLE_PATH);
  const reported = await reader.evaluate(async (commentId) => {
    const response = await fetch("/api/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ commentId, reason: "OFF_TOPIC" }),
    });
    return response.status;
  }, created.id);
  expect(reported).toBe(201);

  await moderator.goto("/moderation?kind=comment");
  const item = moderator.getByRole("article").filter({ hasText: body });
  await item.getByLabel("Reason (optional, shown to the author)").fill("Stay on the article");
  await item.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(moderator.getByRole("article").filter({ hasText: body })).toHaveCount(0);

  // From the notice on the comment to the appeal form, keyboard and all.
  await author.goto(ARTICLE_PATH);
  await openComments(author);
  const mine = author.locator(`[data-comment-id="${created.id}"]`).first();
  await mine.scrollIntoViewIfNeeded();
  await expect(mine.getByRole("note", { name: "Moderation notice" })).toContainText(
    "Hidden by a moderator: Stay on the article",
  );
  await mine.getByRole("link", { name: "Appeal" }).click();
  await expect(author).toHaveURL(/\/account\/standing#decision-/);
  const decision = author.getByRole("article").filter({ hasText: body });
  await decision.getByLabel(/Why should this be reversed/).fill("It answers a question about the article");
  await decision.getByRole("button", { name: "Send the appeal" }).click();
  // The page refreshes with the appeal recorded: the form gives way to its status.
  await expect(decision).toContainText("Your appeal is waiting for a moderator.");
  await author.reload();
  await expect(author.getByRole("article").filter({ hasText: body })).toContainText(
    "Your appeal is waiting for a moderator.",
  );
  await expect(
    author.getByRole("article").filter({ hasText: body }).getByRole("button", { name: "Send the appeal" }),
  ).toHaveCount(0);

  await moderator.goto("/moderation?queue=appeals");
  const appeal = moderator
    .getByRole("article")
    .filter({ hasText: "It answers a question about the article" });
  await expect(appeal).toContainText(body);
  await appeal.getByRole("button", { name: "Reverse the decision" }).click();
  await expect(
    moderator.getByRole("article").filter({ hasText: "It answers a question about the article" }),
  ).toHaveCount(0);

  await reader.goto(ARTICLE_PATH);
  await openComments(reader);
  await expect(reader.locator(`[data-comment-id="${created.id}"]`).first()).toContainText(body);
});

test("a warned account cannot post until it acknowledges the warning", async ({ openContext }) => {
  test.slow();
  const stamp = Date.now();
  const name = `Warned Reader ${stamp}`;
  const user = await (await openContext()).newPage();
  await user.goto("/signup");
  await user.getByLabel("Display name").fill(name);
  await user.getByLabel("Email").fill(`warned-${stamp}@example.test`);
  await user.getByLabel("Password").fill("a-long-enough-password-42");
  await user.getByRole("button", { name: "Create account" }).click();
  await expect(user).toHaveURL("/");
  await user.goto(ARTICLE_PATH);
  const body = `First words of a new account ${stamp}`;
  expect((await comment(user, body)).status).toBe(201);

  // The moderator finds the account through its item in a queue, and warns it from its record.
  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation?queue=pending");
  let item = moderator.getByRole("article").filter({ hasText: body });
  if ((await item.count()) === 0) {
    // Published at once (no pre-moderation): report it so it shows in Reported.
    const reader = await signInNewPage(openContext, READER, ARTICLE_PATH);
    const commentId = await reader.evaluate(
      async ({ slug, body }) => {
        const response = await fetch(`/api/articles/${slug}/comments?sort=newest&pageSize=50`);
        const page = (await response.json()) as { comments: { id: string; bodyHtml: string }[] };
        return page.comments.find((entry) => entry.bodyHtml.includes(body))?.id;
      },
      { slug: SLUG, body },
    );
    await reader.evaluate(async (commentId) => {
      await fetch("/api/reports", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ commentId, reason: "OFF_TOPIC" }),
      });
    }, commentId);
    await moderator.goto("/moderation");
    item = moderator.getByRole("article").filter({ hasText: body });
  }
  await item.getByRole("link", { name: `Record and sanctions of ${name}` }).click();
  await expect(moderator.getByRole("heading", { level: 1 })).toContainText(name);
  await moderator.getByRole("radio", { name: /^Warn/ }).check();
  await moderator.getByLabel("Reason (the user sees it)").fill("Please keep to the article's subject");
  await moderator.getByRole("button", { name: "Apply the sanction" }).click();
  await expect(moderator.getByText(`${name} is warned`)).toBeVisible();

  // Posting is refused, with where to go.
  const refused = await annotate(user, "A private note", "PRIVATE");
  expect(refused.status).toBe(403);
  expect(refused.message).toContain("/account/standing");

  await user.goto("/account/standing");
  const warning = user
    .getByRole("article")
    .filter({ hasText: "Please keep to the article's subject" })
    .first();
  await expect(warning).toBeVisible();
  await warning.getByRole("button", { name: "I understand" }).click();
  // The page refreshes with the warning acknowledged.
  await expect(user.getByText("Acknowledged.")).toBeVisible();
  await expect(user.getByRole("button", { name: "I understand" })).toHaveCount(0);

  await user.goto(ARTICLE_PATH);
  await waitForAnnotator(user);
  expect((await annotate(user, "A private note", "PRIVATE")).status).toBe(201);
});

test("a moderator works the queue with the keyboard only: help, next and previous, hide, approve", async ({
  openContext,
}) => {
  test.slow();
  const stamp = Date.now();
  const first = `Keyboard item one ${stamp}`;
  const second = `Keyboard item two ${stamp}`;
  const author = await signInNewPage(openContext, READER, ARTICLE_PATH);
  await waitForAnnotator(author);
  const ids = [(await annotate(author, first)).id!, (await annotate(author, second)).id!];
  const moderator = await signInNewPage(openContext, MODERATOR, "/moderation");
  await approveIfPending(moderator, first);
  await approveIfPending(moderator, second);
  const reporter = await signInNewPage(openContext, READER2, ARTICLE_PATH);
  for (const annotationId of ids) {
    const status = await reporter.evaluate(async (annotationId) => {
      const response = await fetch("/api/reports", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ annotationId, reason: "OFF_TOPIC" }),
      });
      return response.status;
    }, annotationId);
    expect(status).toBe(201);
  }

  // Only this article's annotations: the two items are next to each other (oldest first).
  await moderator.goto(`/moderation?queue=reported&kind=annotation&article=${SLUG}&reason=OFF_TOPIC`);
  await openQueueShortcutHelp(moderator);
  const one = moderator.getByRole("article").filter({ hasText: first });
  const two = moderator.getByRole("article").filter({ hasText: second });
  const isFocused = (locator: typeof one) =>
    locator.evaluate((element) => element === document.activeElement);
  for (let step = 0; step < 60 && !(await isFocused(one)); step += 1) await moderator.keyboard.press("j");
  await expect(one).toBeFocused();
  await moderator.keyboard.press("j");
  await expect(two).toBeFocused();
  await moderator.keyboard.press("k");
  await expect(one).toBeFocused();
  // h hides the focused item; the next one takes its place and the focus.
  await moderator.keyboard.press("h");
  await expect(moderator.getByRole("article").filter({ hasText: first })).toHaveCount(0);
  await expect(two).toBeFocused();
  await moderator.keyboard.press("a");
  await expect(moderator.getByRole("article").filter({ hasText: second })).toHaveCount(0);

  const seen = await visibleAnnotationIds(reporter);
  expect(seen).not.toContain(ids[0]);
  expect(seen).toContain(ids[1]);
});
