// What the specs do as a reader, written once: sign in through the real form, wait for the annotator, and
// select a passage with the mouse the way a person does. (Each spec used to carry its own copy.)
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

export interface Credentials {
  email: string;
  password: string;
}

export type OpenContext = (options?: object) => Promise<BrowserContext>;

// Password hashing (argon2id) and a freshly started server make the first sign-in slow on two busy cores.
const SIGN_IN_TIMEOUT_MS = 30_000;

/** Signs in through /signin and waits to be sent back to `returnTo`. */
export async function signIn(page: Page, user: Credentials, returnTo: string): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(returnTo, { timeout: SIGN_IN_TIMEOUT_MS });
}

/** A new browser context (its own cookies) with a page signed in as `user`, at `returnTo`. */
export async function signInNewPage(
  openContext: OpenContext,
  user: Credentials,
  returnTo: string,
  options: object = {},
): Promise<Page> {
  const page = await (await openContext(options)).newPage();
  await signIn(page, user, returnTo);
  return page;
}

/** The annotator has loaded the annotations and painted them. */
export async function waitForAnnotator(page: Page): Promise<void> {
  await expect(page.locator("[data-annotator][data-ready]")).toHaveCount(1);
}

/**
 * Scrolls to the comment section and waits for its comments. The section loads when a reader comes near
 * it (components/discussion/deferred-comment-section.tsx), and only then follows the live stream.
 */
export async function openComments(page: Page): Promise<Locator> {
  const section = page.locator("[data-comment-section]");
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByRole("heading", { name: /^Comments \(\d+\)$/ })).toBeVisible();
  return section;
}

/**
 * Selects the first occurrence of `text` in the article body by dragging the mouse across it, then waits
 * for the selection toolbar (unless `toolbar: false`, for a test where it cannot appear).
 */
export async function selectWithMouse(page: Page, text: string, { toolbar = true } = {}): Promise<void> {
  const box = await page.evaluate((quote) => {
    const body = document.querySelector("[data-article-body]")!;
    const start = (body.textContent ?? "").indexOf(quote);
    if (start < 0) throw new Error(`"${quote}" is not in the article`);
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let offset = 0;
    const range = document.createRange();
    let startSet = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.nodeValue?.length ?? 0;
      if (!startSet && start < offset + length) {
        range.setStart(node, start - offset);
        startSet = true;
      }
      if (startSet && start + quote.length <= offset + length) {
        range.setEnd(node, start + quote.length - offset);
        break;
      }
      offset += length;
    }
    range.startContainer.parentElement!.scrollIntoView({ block: "center" });
    const rects = range.getClientRects();
    const first = rects[0]!;
    const last = rects[rects.length - 1]!;
    return {
      x1: first.left + 1,
      y1: first.top + first.height / 2,
      x2: last.right - 1,
      y2: last.top + last.height / 2,
    };
  }, text);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
  if (toolbar) await expect(page.getByRole("toolbar", { name: "Selected text" })).toBeVisible();
}

/**
 * Opens the moderation queue's shortcut help with "?". The shortcuts listen once the page is hydrated,
 * which can come after the URL does: "?" is pressed again until the help shows.
 */
export async function openQueueShortcutHelp(page: Page): Promise<void> {
  const help = page.getByText("Next / previous item");
  await expect(async () => {
    if (!(await help.isVisible())) await page.keyboard.press("?");
    await expect(help).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
