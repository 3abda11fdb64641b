// Issue 4: an admin edits the article; annotations follow their passage to the new revision, and one whose
// passage was deleted shows under "Orphaned" for its author, with its original quote. The article's text
// is restored at the end so other specs see the seed text.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const EDIT_PATH = `${ARTICLE_PATH}/edit`;
const WIDE = { width: 1440, height: 900 };
const ADMIN = { email: "admin@marginalia.test", password: "demo-admin-password" };
const READER = { email: "reader@marginalia.test", password: "demo-reader-password" };
const MOVING_QUOTE = "Official channels with central government agencies";
const DELETED_LINE =
  "- Strategic linkages to Baotou Rare Earth Research Institute and “industrial internet platforms”\n";
const DELETED_QUOTE = "Strategic linkages to Baotou Rare Earth Research Institute";
const INSERTED_PARAGRAPH = "An editor’s note added for this test moves every later passage.\n\n";

/** Creates a highlight through the app's own API (the selection UI is covered by annotations.spec.ts). */
async function highlight(page: Page, quote: string): Promise<string> {
  return page.evaluate(
    async ({ slug, quote }) => {
      const revisionId = document.querySelector("[data-revision-id]")!.getAttribute("data-revision-id")!;
      const text = document.querySelector("[data-article-body]")!.textContent ?? "";
      const start = text.indexOf(quote);
      const response = await fetch(`/api/articles/${slug}/annotations`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          revisionId,
          selector: { exact: quote, prefix: "", suffix: "", start, end: start + quote.length },
          visibility: "PRIVATE",
        }),
      });
      if (response.status !== 201)
        throw new Error(`create failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    { slug: SLUG, quote },
  );
}

async function publish(page: Page, edit: (body: string) => string): Promise<void> {
  await page.goto(EDIT_PATH);
  const body = page.getByLabel("Text (Markdown)");
  const original = await body.inputValue();
  await body.fill(edit(original));
  await page.getByRole("button", { name: "Update preview" }).click();
  await expect(page.getByRole("region", { name: "Preview" }).locator(".article-body")).toBeVisible();
  await page.getByRole("button", { name: "Publish new revision" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published revision" })).toBeVisible();
}

test("an edit moves annotations with their passage, and a deleted passage leaves an orphan for its author", async ({
  openContext,
}) => {
  test.slow();
  const readerContext = await openContext({ viewport: WIDE });
  const reader = await readerContext.newPage();
  await signIn(reader, READER, ARTICLE_PATH);
  await expect(reader.locator("[data-annotator][data-ready]")).toHaveCount(1);
  await highlight(reader, MOVING_QUOTE);
  await highlight(reader, DELETED_QUOTE);

  const adminContext = await openContext({ viewport: WIDE });
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN, EDIT_PATH);
  let originalBody = "";
  await publish(admin, (body) => {
    originalBody = body;
    expect(body).toContain(DELETED_LINE);
    return INSERTED_PARAGRAPH + body.replace(DELETED_LINE, "");
  });
  await expect(admin.getByRole("status")).toContainText(/[1-9]\d* became orphans/);

  try {
    // The page is cached per revision: the first visit after publishing may still get the old copy while
    // the new one renders (stale-while-revalidate), so the reader reloads until the new text is there.
    await expect(async () => {
      await reader.reload();
      await expect(reader.locator("[data-article-body]")).toContainText(
        "An editor’s note added for this test",
        { timeout: 2_000 },
      );
      await expect(reader.locator("[data-annotator][data-ready]")).toHaveCount(1, { timeout: 5_000 });
    }).toPass({ timeout: 45_000 });
    // The moved passage is still highlighted, at its new place.
    await expect
      .poll(() =>
        reader.evaluate((quote) => {
          const texts: string[] = [];
          CSS.highlights.forEach((highlight, name) => {
            if (name.startsWith("mg-label-"))
              for (const range of highlight) texts.push(range instanceof Range ? range.toString() : "");
          });
          return texts.includes(quote);
        }, MOVING_QUOTE),
      )
      .toBe(true);
    // The deleted one waits under Orphaned, with its original quote.
    const orphanedTab = reader.getByRole("tab", { name: /Orphaned \(\d+\)/ });
    await orphanedTab.click();
    await expect(reader.getByRole("tabpanel")).toContainText(DELETED_QUOTE);
  } finally {
    // Put the seed text back for the specs that follow.
    await publish(admin, () => originalBody);
  }
});
