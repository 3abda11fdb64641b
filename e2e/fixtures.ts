// Every e2e spec imports `test` and `expect` from here, never from @playwright/test (ESLint enforces it),
// so that accessibility is checked without anyone having to remember it:
//   - every page of the app that a test's browser context loads is checked with axe at the end of the test
//     (the page as the test left it, and every other page visited, loaded again), in light and dark themes;
//   - `expectAccessible(page)` checks the page right now, for states a reload would lose (an open menu, a
//     dialog, a form showing errors);
//   - extra browsers (a second user, JavaScript disabled) come from the `openContext` fixture, which
//     gets the same checks; `browser.newContext()` in a spec is a lint error.
// Any serious or critical violation fails the test.
//
// Each test (and each extra context) is also a client of its own: its requests carry an X-Forwarded-For
// address made for it, so per-IP rate limits count each test separately, as they would separate people,
// instead of the whole suite adding up on 127.0.0.1.
import { createHash } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type TestInfo,
} from "@playwright/test";
import type { Result } from "axe-core";

export { expect };

const BLOCKING_IMPACTS: ReadonlySet<string> = new Set(["serious", "critical"]);
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const COLOR_SCHEMES = ["light", "dark"] as const;
// Loading a page again after the test must not repeat an action: route handlers (sign-out, callbacks) are
// never revisited, only pages.
const NEVER_REVISIT = [/^\/api\//];

export interface AccessibilityOptions {
  /** CSS selectors to leave out (e.g. third-party widgets), each with a comment saying why. */
  exclude?: string[];
  /** axe rule ids to skip, each with a comment saying why. */
  disableRules?: string[];
}

interface PageRecord {
  /** Pages (URLs without the fragment) this browser page loaded from the app, in order. */
  visited: string[];
  /** Pages already checked by expectAccessible. */
  checked: Set<string>;
  /** Documents that were not HTML. */
  notHtml: Set<string>;
}

const records = new WeakMap<Page, PageRecord>();
/** Contexts opened with JavaScript disabled, with the options they were opened with. */
const scriptlessContexts = new WeakMap<BrowserContext, BrowserContextOptions>();

function withoutFragment(url: string): string {
  const parsed = new URL(url);
  parsed.hash = "";
  return parsed.toString();
}

function describeViolation(violation: Result): string {
  const targets = violation.nodes
    .slice(0, 5)
    .map((node) => node.target.join(" "))
    .join(" | ");
  return `  ${violation.id} (${violation.impact ?? "unknown"}): ${violation.help}\n    at ${targets}\n    ${violation.helpUrl}`;
}

async function prefersDark(page: Page): Promise<boolean> {
  return page.evaluate(() => window.matchMedia("(prefers-color-scheme: dark)").matches);
}

/**
 * Runs axe on the page as it is now, in the light and the dark theme, and fails on any serious or critical
 * violation of WCAG 2.2 A/AA rules.
 */
export async function expectAccessible(page: Page, options: AccessibilityOptions = {}): Promise<void> {
  if (scriptlessContexts.has(page.context())) {
    throw new Error(
      "expectAccessible needs JavaScript in the page; pages of a context without JavaScript are checked " +
        "automatically at the end of the test.",
    );
  }
  const url = page.url();
  const wasDark = await prefersDark(page);
  const found: string[] = [];
  try {
    for (const colorScheme of COLOR_SCHEMES) {
      await page.emulateMedia({ colorScheme });
      let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
      for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
      if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
      const results = await builder.analyze();
      const blocking = results.violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""));
      if (blocking.length > 0)
        found.push(`${colorScheme} theme:\n${blocking.map(describeViolation).join("\n")}`);
    }
  } finally {
    await page.emulateMedia({ colorScheme: wasDark ? "dark" : "light" });
  }
  records.get(page)?.checked.add(withoutFragment(url));
  expect(found, `Accessibility violations (serious or critical) on ${url}:\n${found.join("\n")}`).toEqual([]);
}

/** A private-range address (10.x.y.z) derived from the seed: stable across a test's steps, new for each test. */
function clientAddress(seed: string): string {
  const [a = 0, b = 0, c = 0] = createHash("sha256").update(seed).digest();
  return `10.${a}.${b}.${c}`;
}

function appOrigin(testInfo: TestInfo): string | null {
  const baseURL = testInfo.project.use.baseURL;
  return baseURL ? new URL(baseURL).origin : null;
}

/**
 * Records every app page a browser page of this context shows: full loads and client-side (soft)
 * navigations alike, since Next's <Link> changes pages without a document request.
 */
function trackContext(context: BrowserContext, origin: string | null): void {
  const trackPage = (page: Page) => {
    const record: PageRecord = { visited: [], checked: new Set(), notHtml: new Set() };
    records.set(page, record);
    page.on("framenavigated", (frame) => {
      if (frame !== page.mainFrame() || !frame.url().startsWith("http")) return;
      const url = new URL(frame.url());
      if (url.origin !== origin || NEVER_REVISIT.some((pattern) => pattern.test(url.pathname))) return;
      const key = withoutFragment(url.toString());
      if (!record.visited.includes(key)) record.visited.push(key);
    });
    // A JSON or CSV document opened in the browser is not a page to check.
    page.on("response", (response) => {
      const request = response.request();
      if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) return;
      if (!(response.headers()["content-type"] ?? "").includes("text/html")) {
        record.notHtml.add(withoutFragment(response.url()));
      }
    });
  };
  context.pages().forEach(trackPage);
  context.on("page", trackPage);
}

/**
 * axe runs inside the page, so a page without JavaScript cannot run it. Such a context's pages are checked
 * in a twin context (same options and cookies) where JavaScript runs but every script file of the app is
 * blocked, so axe sees the page as a reader without JavaScript gets it.
 */
async function openScriptlessTwin(
  context: BrowserContext,
  options: BrowserContextOptions,
): Promise<BrowserContext> {
  const browser = context.browser();
  if (!browser)
    throw new Error("Cannot check pages without JavaScript outside a browser context of the test's browser.");
  const twin = await browser.newContext({
    ...options,
    javaScriptEnabled: true,
    storageState: await context.storageState(),
  });
  await twin.route("**/*", (route) =>
    route.request().resourceType() === "script" ? route.abort() : route.continue(),
  );
  return twin;
}

/** The end-of-test check: the pages as left, then every other app page visited, loaded again. */
async function checkVisitedPages(context: BrowserContext, options: AccessibilityOptions, revisit: boolean) {
  const withoutScripts = scriptlessContexts.get(context);
  const open = context.pages().filter((page) => !page.isClosed() && records.has(page));
  const checked = new Set(open.flatMap((page) => [...(records.get(page)?.checked ?? [])]));
  const pending = new Set<string>();
  for (const page of open) {
    const record = records.get(page);
    if (!record) continue;
    const unchecked = record.visited.filter((url) => !checked.has(url) && !record.notHtml.has(url));
    const current = page.url().startsWith("http") ? withoutFragment(page.url()) : null;
    if (current && unchecked.includes(current) && !withoutScripts) {
      await expectAccessible(page, options);
      checked.add(current);
    }
    for (const url of unchecked) if (url !== current || withoutScripts) pending.add(url);
  }
  if (pending.size === 0 || !(revisit || withoutScripts)) return;
  const target = withoutScripts ? await openScriptlessTwin(context, withoutScripts) : context;
  try {
    for (const url of pending) {
      if (checked.has(url)) continue;
      const page = await target.newPage();
      try {
        await page.goto(url);
        await expectAccessible(page, options);
      } finally {
        await page.close();
      }
    }
  } finally {
    if (target !== context) await target.close();
  }
}

interface Fixtures {
  /** Options for the automatic accessibility check of this test's pages (test.use({ accessibility })). */
  accessibility: AccessibilityOptions;
  /**
   * Whether pages visited earlier in a test are loaded again at its end to be checked. Turn it off (with a
   * comment saying why) only for tests whose pages cannot be loaded twice; the current page is still checked.
   */
  revisitVisitedPages: boolean;
  /** A new browser context (another user, other settings) whose pages are checked like `page`'s. */
  openContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

export const test = base.extend<Fixtures>({
  accessibility: [{}, { option: true }],
  revisitVisitedPages: [true, { option: true }],

  extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
    await use({
      "x-forwarded-for": clientAddress(`${testInfo.testId}:${testInfo.retry}`),
      ...extraHTTPHeaders,
    });
  },

  context: async ({ context, accessibility, revisitVisitedPages }, use, testInfo) => {
    trackContext(context, appOrigin(testInfo));
    await use(context);
    // A test that already failed keeps its own error; the accessibility check would only add noise.
    if (testInfo.status === "passed") {
      await checkVisitedPages(context, accessibility, revisitVisitedPages);
    }
  },

  openContext: async ({ browser, accessibility, revisitVisitedPages }, use, testInfo) => {
    const opened: BrowserContext[] = [];
    await use(async (options = {}) => {
      const address = clientAddress(`${testInfo.testId}:${testInfo.retry}:${opened.length + 1}`);
      const contextOptions: BrowserContextOptions = {
        baseURL: testInfo.project.use.baseURL,
        ...options,
        extraHTTPHeaders: { "x-forwarded-for": address, ...options.extraHTTPHeaders },
      };
      const context = await browser.newContext(contextOptions);
      trackContext(context, appOrigin(testInfo));
      if (options.javaScriptEnabled === false) scriptlessContexts.set(context, contextOptions);
      opened.push(context);
      return context;
    });
    try {
      if (testInfo.status === "passed") {
        for (const context of opened) await checkVisitedPages(context, accessibility, revisitVisitedPages);
      }
    } finally {
      for (const context of opened) await context.close();
    }
  },
});
