// Issue 16, the article page: a one-tap highlight goes where the toolbar says (Only me by default, never
// where the last note went), a note can be written with the keyboard alone (focus in the Note field,
// Ctrl+Enter posts, Escape keeps the draft), the keyboard caret keeps itself on screen, and the phone's
// toolbar shows no key hints and does not cover the selection. Every state is checked with axe.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { selectWithMouse, signInNewPage, waitForAnnotator } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const PHONE = { width: 390, height: 844 };
// Demo accounts seeded for development and tests (lib/accounts/demo-users.ts).
const RAE = { email: "reader@marginalia.test", password: "demo-reader-password" };
const REX = { email: "reader2@marginalia.test", password: "demo-reader2-password" };

function cardsWith(page: Page, text: string) {
  return page.locator("section[data-annotation-id]").filter({ hasText: text });
}

test.describe("visibility you can see", () => {
  test("a one-tap highlight after a public note is private, and another reader does not see it", async ({
    openContext,
  }) => {
    const rae = await signInNewPage(openContext, RAE, ARTICLE_PATH);
    await waitForAnnotator(rae);
    await selectWithMouse(rae, "tight coordination between state-owned enterprises");
    await rae.keyboard.press("a");
    const dialog = rae.getByRole("dialog", { name: "New note" });
    await expect(dialog.getByRole("button", { name: "Save privately" })).toBeVisible();
    await dialog.getByLabel(/^Note/).fill("Shared with everyone on purpose");
    await dialog.getByLabel("Public").check();
    await expectAccessible(rae);
    await dialog.getByRole("button", { name: "Post publicly" }).click();
    await expect(rae.getByTestId("annotator-status")).toContainText("Note saved");

    const highlighted = "centralized rare earth strategy";
    await selectWithMouse(rae, highlighted);
    const toolbar = rae.getByRole("toolbar", { name: "Selected text" });
    // The toolbar names the destination; the public note did not change it.
    await expect(toolbar.getByTestId("highlight-destination")).toHaveText(/Only me/);
    await expectAccessible(rae);
    await toolbar.getByRole("button", { name: /^Highlight/ }).click();
    await expect(rae.getByTestId("annotator-status")).toContainText("Highlighted");
    await expect(cardsWith(rae, highlighted)).not.toHaveCount(0);

    const rex = await signInNewPage(openContext, REX, ARTICLE_PATH);
    await waitForAnnotator(rex);
    await expect(cardsWith(rex, "Shared with everyone on purpose")).not.toHaveCount(0);
    await expect(cardsWith(rex, highlighted)).toHaveCount(0);
  });
});

test.describe("writing with the keyboard", () => {
  test("select, a, type, Ctrl+Enter posts the note; Escape keeps a draft for the same passage", async ({
    openContext,
  }) => {
    const page = await signInNewPage(openContext, RAE, ARTICLE_PATH);
    await waitForAnnotator(page);
    const body = page.locator("[data-article-body]");
    await body.focus();
    for (let index = 0; index < 4; index++) await page.keyboard.press("Shift+Control+ArrowRight");
    await expect(page.getByRole("toolbar", { name: "Selected text" })).toBeVisible();
    await page.keyboard.press("a");
    const dialog = page.getByRole("dialog", { name: "New note" });
    // Focus is in the Note field: what the reader types goes into the note, not into Close.
    await expect(dialog.getByLabel(/^Note/)).toBeFocused();
    await page.keyboard.type("Key point, typed without a mouse");
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    // The same passage again: the draft is back.
    await body.focus();
    await page.keyboard.press("Home");
    for (let index = 0; index < 4; index++) await page.keyboard.press("Shift+Control+ArrowRight");
    await expect(page.getByRole("toolbar", { name: "Selected text" })).toBeVisible();
    await page.keyboard.press("a");
    await expect(dialog.getByLabel(/^Note/)).toHaveValue("Key point, typed without a mouse");
    await expect(dialog.getByLabel(/^Note/)).toBeFocused();
    await page.keyboard.press("Control+Enter");
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("annotator-status")).toContainText("Note saved");
    await expect(cardsWith(page, "Key point, typed without a mouse")).toHaveCount(1);
    await expectAccessible(page);
  });

  test("the caret stays in the window while selecting downwards through the article", async ({
    openContext,
  }) => {
    const page = await signInNewPage(openContext, RAE, ARTICLE_PATH, {
      viewport: { width: 1280, height: 720 },
    });
    await waitForAnnotator(page);
    await page.locator("[data-article-body]").focus();
    const caretTop = () =>
      page.evaluate(() => {
        const selection = document.getSelection()!;
        const range = document.createRange();
        range.setStart(selection.focusNode!, selection.focusOffset);
        const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, height: window.innerHeight, scrollY: window.scrollY };
      });
    for (let step = 0; step < 60; step++) {
      await page.keyboard.press("Shift+ArrowDown");
      const caret = await caretTop();
      expect(caret.bottom, `after ${step + 1} lines`).toBeLessThanOrEqual(caret.height);
      expect(caret.top, `after ${step + 1} lines`).toBeGreaterThanOrEqual(0);
    }
    // Sixty lines down, the page has followed the caret.
    expect((await caretTop()).scrollY).toBeGreaterThan(300);
  });
});

test.describe("on a phone", () => {
  test("the touch toolbar has no key hints and sits below the selection", async ({ openContext }) => {
    const page = await signInNewPage(openContext, RAE, ARTICLE_PATH, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    await waitForAnnotator(page);
    await selectWithMouse(page, "Strategic linkages to Baotou Rare Earth Research Institute");
    const toolbar = page.getByRole("toolbar", { name: "Selected text" });
    await expect(toolbar).toBeVisible();
    await expect(toolbar.locator("kbd")).not.toHaveCount(0);
    for (const hint of await toolbar.locator("kbd").all()) await expect(hint).toBeHidden();
    const selection = await page.evaluate(() => {
      const rects = [...document.getSelection()!.getRangeAt(0).getClientRects()];
      return {
        top: Math.min(...rects.map((rect) => rect.top)),
        bottom: Math.max(...rects.map((r) => r.bottom)),
      };
    });
    const box = (await toolbar.boundingBox())!;
    // Entirely below the selected lines: it covers neither them nor the line above.
    expect(box.y).toBeGreaterThanOrEqual(selection.bottom);
    await expectAccessible(page);
  });
});
