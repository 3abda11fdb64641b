// Accounts end to end: sign-up and sign-in flows, the header menu, suspension, roles, keyboard use, and
// the security headers (CSP without 'unsafe-inline' scripts, checked in a real Chromium).
// Needs the demo accounts (lib/accounts/demo-users.ts), which the development seed creates.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { DEMO_USERS } from "@/lib/accounts/demo-users";
import { expect, expectAccessible, test } from "./fixtures";

function demo(role: "ADMIN" | "MODERATOR" | "READER") {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`No demo ${role}`);
  return user;
}

function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

const NEW_PASSWORD = "correct horse battery staple";

async function firstArticlePath(page: Page): Promise<string> {
  await page.goto("/");
  const href = await page.locator("main a[href^='/articles/']").first().getAttribute("href");
  if (!href) throw new Error("No article on the home page; run the seed.");
  return href;
}

/** The header's account area, once the client has loaded the session. */
function header(page: Page) {
  return page.getByRole("banner");
}

async function signIn(page: Page, email: string, password: string, callbackUrl = "/") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(callbackUrl);
}

async function signUp(page: Page, name: string, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/");
}

async function openAdminUser(page: Page, email: string) {
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await page.getByRole("row").filter({ hasText: email }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

test.describe("security headers", () => {
  test("static and dynamic pages hydrate with no CSP violation", async ({ page }) => {
    test.setTimeout(90_000);
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
        violations.push(message.text());
    });
    const article = await firstArticlePath(page);
    for (const path of ["/", article, article, "/signin", "/signup"]) {
      const response = await page.goto(path);
      const headers = response?.headers() ?? {};
      const csp = headers["content-security-policy"] ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBeTruthy();
      // The client session fetch renders the header's link only once React has hydrated the page.
      await expect(header(page).getByRole("link", { name: "Sign in" }), path).toBeVisible();
    }
    expect(violations).toEqual([]);
  });

  test("an injected inline script is refused on a cached article page", async ({ page }) => {
    const article = await firstArticlePath(page);
    await page.goto(article);
    const violation = page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener("securitypolicyviolation", (event) => resolve(event.violatedDirective), {
            once: true,
          });
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.body.append(script);
        }),
    );
    expect(await violation).toMatch(/^script-src/);
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  });
});

test("sign up from an article returns to it, signed in; sign out ends the session", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const article = await firstArticlePath(page);
  await page.goto(article);
  await header(page).getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  const name = "<b>New</b> Reader";
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(uniqueEmail("signup"));
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(article);
  // The display name is text: the tags show as typed, nothing is interpreted as HTML.
  const menuButton = header(page).getByRole("button", { name: `Account menu for ${name}` });
  await expect(menuButton).toBeVisible();
  const cookie = (await context.cookies()).find((candidate) =>
    candidate.name.endsWith("authjs.session-token"),
  );
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await menuButton.click();
  // The open menu lies over the margin's filter controls, which axe would then count as too small to tap;
  // the margin itself is checked, menu closed, when the test ends.
  await expectAccessible(page, { exclude: ["[data-annotator]"] });
  await header(page).getByRole("button", { name: "Sign out" }).click();
  await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page).toHaveURL(article);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
});

test("a wrong password gets only the generic message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(demo("READER").email);
  await page.getByLabel("Password").fill("not-the-right-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByLabel("Password").fill("not-the-right-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
});

test("a foreign callback URL is ignored after sign-in", async ({ page }) => {
  await page.goto("/signin?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal");
  await page.getByLabel("Email").fill(demo("READER").email);
  await page.getByLabel("Password").fill(demo("READER").password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/");
});

test("keyboard-only sign-in works", async ({ page }) => {
  const reader = demo("READER");
  await page.goto("/signin?callbackUrl=%2Faccount");
  const email = page.getByLabel("Email");
  // Tab from the top of the page until the email field has focus, as a keyboard user would.
  for (
    let presses = 0;
    presses < 20 && !(await email.evaluate((element) => element === document.activeElement));
    presses += 1
  ) {
    await page.keyboard.press("Tab");
  }
  await expect(email).toBeFocused();
  await page.keyboard.type(reader.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(reader.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
});

test("a suspended reader sees why and until when, and cannot write", async ({ page, openContext }) => {
  // Two signed-in browsers, and every page they visit is checked with axe at the end.
  test.setTimeout(120_000);
  // "Write" here is the display-name change, the only user-written content that exists so far.
  const email = uniqueEmail("suspended");
  await signUp(page, "Soon Suspended", email);

  const adminContext = await openContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo("ADMIN").email, demo("ADMIN").password);
  await openAdminUser(admin, email);
  const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await admin.getByLabel("Suspended until").fill(until);
  await admin.getByRole("form", { name: "Suspend" }).getByLabel("Reason").fill("Repeated spam in comments");
  await admin.getByRole("button", { name: "Suspend" }).click();
  await expect(admin.getByText(/is suspended until/)).toBeVisible();
  await expect(admin.getByText("Reason: Repeated spam in comments")).toBeVisible();

  // The reader's next request sees the suspension: no sign-out, no token expiry needed.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: /Your account is suspended until/ })).toBeVisible();
  await expect(page.getByText("Reason: Repeated spam in comments")).toBeVisible();
  await expect(header(page).getByRole("link", { name: /Suspended until/ })).toBeVisible();
  await page.getByLabel("Display name").fill("Trying to post anyway");
  await page.getByRole("button", { name: "Save display name" }).click();
  await expect(
    page.getByText("Your account is suspended or banned, so you cannot change your profile."),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue("Soon Suspended");
});

test("an admin makes a reader a moderator and the moderator's menu gains Moderation", async ({
  page,
  openContext,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("promoted");
  await signUp(page, "Soon Moderator", email);
  await header(page)
    .getByRole("button", { name: /Account menu/ })
    .click();
  await expect(header(page).getByRole("link", { name: "Account" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Moderation" })).toHaveCount(0);

  const adminContext = await openContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo("ADMIN").email, demo("ADMIN").password);
  await header(admin)
    .getByRole("button", { name: /Account menu/ })
    .click();
  await expect(header(admin).getByRole("link", { name: "Admin" })).toBeVisible();
  await openAdminUser(admin, email);
  await admin.getByLabel("Role", { exact: true }).selectOption("MODERATOR");
  await admin
    .getByRole("form", { name: "Change role" })
    .getByLabel("Reason")
    .fill("Trusted long-time reader");
  await admin.getByRole("button", { name: "Change role" }).click();
  await expect(admin.getByText("Soon Moderator is now a moderator.")).toBeVisible();
  await expect(admin.getByText("Reason: Trusted long-time reader")).toBeVisible();

  await page.reload();
  await header(page)
    .getByRole("button", { name: /Account menu/ })
    .click();
  await expect(header(page).getByRole("link", { name: "Moderation" })).toHaveAttribute("href", "/moderation");
});

test("an admin cannot change their own account", async ({ page }) => {
  await signIn(page, demo("ADMIN").email, demo("ADMIN").password);
  await openAdminUser(page, demo("ADMIN").email);
  await expect(page.getByText(/This is your own account/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Ban" })).toHaveCount(0);
});

test("a reader cannot open the admin pages", async ({ page }) => {
  await signIn(page, demo("READER").email, demo("READER").password);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
});
