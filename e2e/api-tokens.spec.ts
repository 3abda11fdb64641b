// Issue 7: a reader creates a personal API token at /account/tokens (shown once), uses it from outside the
// browser to create an annotation through the W3C container, reads it back, revokes the token, and the
// same request then gets 401.
import { expect, test } from "./fixtures";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const QUOTE = "rare earth strategy presents a significant geopoli";

test("a token is created once, writes through the annotation API, and stops working when revoked", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  // A reader of its own, signed up for this test, so nothing depends on other tests' data.
  await page.goto(`/signup?callbackUrl=${encodeURIComponent("/account")}`);
  await page.getByLabel("Display name").fill("Token Tester");
  await page
    .getByLabel("Email")
    .fill(`tokens-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`);
  await page.getByLabel("Password").fill("a long and unusual passphrase 42");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/account");

  await page.getByRole("link", { name: "Manage API tokens" }).click();
  await expect(page).toHaveURL("/account/tokens");
  const name = `e2e ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Read and write").check();
  await page.getByLabel("Expires after").selectOption("7");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByLabel(/Your new token/);
  await expect(shown).toHaveValue(/^mgn_[\w-]{43}$/);
  const token = await shown.inputValue();

  // Shown once: after a reload only its prefix is left.
  await page.reload();
  await expect(page.getByLabel(/Your new token/)).toHaveCount(0);
  const row = page.getByRole("listitem").filter({ hasText: name });
  await expect(row).toContainText(`${token.slice(0, 12)}…`);
  await expect(row).toContainText("Read and write");
  expect(await page.content()).not.toContain(token.slice(12));

  const container = `${baseURL}/api/annotations/${SLUG}/`;
  const created = await request.post(container, {
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    },
    data: {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      body: { type: "TextualBody", value: "Posted through the API.", format: "text/markdown" },
      target: {
        source: `${baseURL}/articles/${SLUG}`,
        selector: { type: "TextQuoteSelector", exact: QUOTE },
      },
    },
  });
  expect(created.status()).toBe(201);
  const location = created.headers()["location"]!;
  expect(location.startsWith(container)).toBe(true);

  const read = await request.get(location, { headers: { Authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(200);
  expect(read.headers()["content-type"]).toBe(
    'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  );
  expect(await read.json()).toMatchObject({
    id: location,
    target: { selector: [{ type: "TextQuoteSelector", exact: QUOTE }, { type: "TextPositionSelector" }] },
  });
  // The token's last use is listed.
  await page.reload();
  await expect(row.locator("dd").nth(4)).not.toHaveText("never");

  await row.getByRole("button", { name: `Revoke token ${name}` }).click();
  await expect(row).toContainText("Revoked");
  const refused = await request.get(location, { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()) as unknown).toMatchObject({ error: { code: "unauthenticated" } });
});

test("the container serves its trailing-slash IRI without a redirect, and other paths keep losing the slash", async ({
  request,
  baseURL,
}) => {
  const container = await request.get(`${baseURL}/api/annotations/${SLUG}/`, { maxRedirects: 0 });
  expect(container.status()).toBe(200);
  expect(container.headers()["content-location"]).toBe(`${baseURL}/api/annotations/${SLUG}/?iris=0`);
  const preflight = await request.fetch(`${baseURL}/api/annotations/${SLUG}/`, {
    method: "OPTIONS",
    headers: {
      Origin: "http://tool.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, content-type",
    },
    maxRedirects: 0,
  });
  expect(preflight.status()).toBe(200);
  expect(preflight.headers()["access-control-allow-origin"]).toBe("http://tool.example");
  const page = await request.get(`${baseURL}/articles/${SLUG}/`, { maxRedirects: 0 });
  expect(page.status()).toBe(308);
  expect(page.headers()["location"]).toMatch(new RegExp(`/articles/${SLUG}$`));
});
