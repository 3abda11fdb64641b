// Guards the e2e fixtures themselves (fixtures.ts): if the accessibility checks stopped failing, every other
// spec would pass without checking anything; if tests shared a client address, per-IP rate limits would
// make them depend on each other.
import { expect, expectAccessible, test } from "./fixtures";

const ACCESSIBLE = `<!doctype html><html lang="en"><head><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Readable text.</p><button type="button">Save</button></main></body></html>`;
// A button with no accessible name: axe's "button-name" rule, impact critical.
const NAMELESS_BUTTON = ACCESSIBLE.replace(">Save<", "><");
// Readable in the light theme, unreadable in the dark one: the dark theme must be checked too.
const DARK_ONLY_CONTRAST = ACCESSIBLE.replace(
  "</head>",
  "<style>@media (prefers-color-scheme: dark) { body { background: #222; color: #2b2b2b; } }</style></head>",
);
const PROBE_PATH = "/__accessibility-harness-probe";

test.describe("the accessibility check", () => {
  test("passes an accessible page", async ({ page }) => {
    await page.setContent(ACCESSIBLE);
    await expectAccessible(page);
  });

  test("fails on a critical violation and names the rule", async ({ page }) => {
    await page.setContent(NAMELESS_BUTTON);
    await expect(expectAccessible(page)).rejects.toThrow(/button-name/);
  });

  test("checks the dark theme as well as the light one", async ({ page }) => {
    await page.setContent(DARK_ONLY_CONTRAST);
    await expect(expectAccessible(page)).rejects.toThrow(/dark theme:[\s\S]*color-contrast/);
  });

  test("can leave out a part of the page on request", async ({ page }) => {
    await page.setContent(NAMELESS_BUTTON);
    await expectAccessible(page, { exclude: ["button"] });
  });

  // Expected to fail: the test body passes, and the check at the end must catch the page it only passed through.
  test("checks, at the end of a test, a page the test visited and left", async ({ page, context }) => {
    test.fail();
    await context.route(`**${PROBE_PATH}`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: NAMELESS_BUTTON }),
    );
    await page.goto(PROBE_PATH);
    await page.goto("/");
  });
});

test.describe("client addresses", () => {
  test("each test and each extra context sends requests from an address of its own", async ({
    page,
    openContext,
  }) => {
    const sent = async (target: typeof page) => {
      const request = target.waitForRequest((candidate) => candidate.url().endsWith("/"));
      await target.goto("/");
      return (await (await request).allHeaders())["x-forwarded-for"];
    };
    const first = await sent(page);
    const other = await sent(await (await openContext()).newPage());
    expect(first).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(other).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(other).not.toBe(first);
  });
});
