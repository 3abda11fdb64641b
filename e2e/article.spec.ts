// Issue 2: the article read from the home page, its structure, sharing, metadata, the 404 page, reading
// without JavaScript and on a phone. Every page visited is also checked with axe (see fixtures.ts).
import { expect, test } from "./fixtures";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const TITLE = "China’s Northern Rare Earths Mineral Superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const IMPLICATIONS = "Implications for the U.S. and Allies";
// A sentence from the body and the article's categories, as in content/articles/<slug>.md.
const BODY_SENTENCE =
  "Northern Rare Earths is not just a supplier. It is the vanguard of a mineral superpower.";
const CATEGORIES = ["Critical Minerals", "China", "Supply Chains"];
const PHONE = { width: 390, height: 844 };

function canonicalUrl(baseURL: string | undefined): string {
  if (!baseURL) throw new Error("playwright.config.ts must set use.baseURL");
  return new URL(ARTICLE_PATH, baseURL).toString();
}

test.describe("the article page", () => {
  test("is reached from the home page and shows the article's structure", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: TITLE }).click();
    await expect(page).toHaveURL(ARTICLE_PATH);

    const article = page.getByRole("article");
    await expect(article.getByRole("heading", { level: 1 })).toHaveText(TITLE);

    const highlights = article.getByRole("complementary", { name: "Highlights" });
    await expect(highlights).toBeVisible();
    await expect(highlights.getByRole("listitem")).toHaveCount(3);
    await expect(highlights.getByRole("listitem").first()).toContainText(
      "state-driven, vertically integrated",
    );

    await expect(article.getByRole("heading", { level: 2, name: IMPLICATIONS })).toBeVisible();
    await expect(article).toContainText(BODY_SENTENCE);
    // The source's bulleted list of the company's infrastructure, inside the body (not the Highlights box).
    await expect(
      article.getByRole("listitem").filter({ hasText: "Sales and Securities Divisions" }),
    ).toHaveCount(1);

    await expect(article.locator("time").first()).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}/);
    await expect(article).toContainText(/\d+ min read/);
    await expect(page).toHaveTitle(new RegExp(`^${TITLE}`));
  });

  test("lists its categories", async ({ page }) => {
    await page.goto(ARTICLE_PATH);
    const categories = page.getByRole("article").getByRole("list", { name: "Categories" });
    await expect(categories.getByRole("listitem")).toHaveText(CATEGORIES);
  });

  test("offers share links that carry the canonical URL", async ({ page, baseURL, context }) => {
    const url = canonicalUrl(baseURL);
    const encoded = encodeURIComponent(url);
    await page.goto(ARTICLE_PATH);
    const article = page.getByRole("article");

    const email = article.getByRole("link", { name: "Email" });
    await expect(email).toHaveAttribute("href", /^mailto:/);
    expect(decodeURIComponent((await email.getAttribute("href")) ?? "")).toContain(url);

    const x = article.getByRole("link", { name: /Share on X/ });
    const xHref = new URL((await x.getAttribute("href")) ?? "");
    expect(xHref.hostname).toBe("x.com");
    expect(xHref.searchParams.get("url")).toBe(url);
    expect(await x.getAttribute("href")).toContain(encoded);

    const linkedIn = article.getByRole("link", { name: /Share on LinkedIn/ });
    const linkedInHref = new URL((await linkedIn.getAttribute("href")) ?? "");
    expect(linkedInHref.hostname).toBe("www.linkedin.com");
    expect(linkedInHref.searchParams.get("url")).toBe(url);

    // Links that open a new tab must not hand the article's window to the other site.
    for (const link of [x, linkedIn]) await expect(link).toHaveAttribute("rel", /noopener/);

    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await article.getByRole("button", { name: "Copy link" }).click();
    await expect(article.getByRole("button", { name: "Link copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  });

  test("describes itself to search engines and link previews", async ({ page, baseURL }) => {
    const url = canonicalUrl(baseURL);
    await page.goto(ARTICLE_PATH);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", url);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /corporate bulletin/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", TITLE);
    await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", url);
    await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");

    const jsonLd = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}",
    ) as {
      "@type"?: string;
      headline?: string;
      url?: string;
    };
    expect(jsonLd).toMatchObject({ "@type": "Article", headline: TITLE, url });
  });

  test("can be read with JavaScript disabled", async ({ openContext }) => {
    const context = await openContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(ARTICLE_PATH);
    expect(response?.status()).toBe(200);
    const article = page.getByRole("article");
    await expect(article.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await expect(
      article.getByRole("complementary", { name: "Highlights" }).getByRole("listitem"),
    ).toHaveCount(3);
    await expect(article.getByRole("heading", { level: 2, name: IMPLICATIONS })).toBeVisible();
    await expect(article).toContainText(BODY_SENTENCE);
    // The share links are plain links: they work without JavaScript too.
    await expect(article.getByRole("link", { name: "Email" })).toHaveAttribute("href", /^mailto:/);
  });

  test("fits a phone screen without scrolling sideways", async ({ openContext }) => {
    const context = await openContext({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
    });
    const page = await context.newPage();
    await page.goto(ARTICLE_PATH);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.document, "the page is wider than the screen").toBeLessThanOrEqual(widths.viewport);
    expect(widths.body, "the body is wider than the screen").toBeLessThanOrEqual(widths.viewport);
  });
});

test.describe("an unknown article", () => {
  test("gets the 404 page with status 404", async ({ page }) => {
    const response = await page.goto("/articles/does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page).toHaveTitle(/not found/i);
    // The way back is offered.
    await page.getByRole("link", { name: "Browse all articles" }).click();
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
  });
});
