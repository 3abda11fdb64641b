// Issue 5, live updates, with one browser per person: Ada posts a team annotation and Ben, a member of the
// team, gets "1 new" and then the card; Cy, who is not a member, never hears of it (no prompt, no count,
// nothing on his event stream); Ben replies mentioning Ada and her bell counts it; Ada resolves the thread
// and Ben sees it resolved; Rae's article comment reaches Ben (and Cy) live; Ben's network drops, Ada posts, and when
// Ben is back his stream resumes and the annotation posted meanwhile arrives exactly once. Every page is
// also checked with axe (fixtures.ts).
import net from "node:net";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { openComments, selectWithMouse } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const PASSWORD = "a long and unusual passphrase 42";

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/**
 * A TCP relay for one page's event streams, so the test can cut them the way a network drop does: the
 * open connections die mid-stream and new ones fail until it is restored. (Emulating "offline" alone
 * leaves an established stream running.)
 */
async function streamRelay(page: Page) {
  const target = new URL(page.url() === "about:blank" ? test.info().project.use.baseURL! : page.url());
  const sockets = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", close);
      socket.on("close", close);
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, target.hostname, () => resolve((server.address() as net.AddressInfo).port)),
  );
  await page.route(/\/api\/articles\/[^/]+\/events\?/, (route) => {
    const url = new URL(route.request().url());
    url.port = String(port);
    return route.continue({ url: url.toString() });
  });
  return {
    async drop() {
      up = false;
      for (const socket of sockets) socket.destroy();
      await page.context().setOffline(true);
    },
    async restore() {
      up = true;
      await page.context().setOffline(false);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A fresh reader in a browser of their own (each test has its own people, so counts start at zero). */
async function newReader(
  openContext: (options?: object) => Promise<BrowserContext>,
  name: string,
  returnTo: string,
) {
  const context = await openContext();
  const page = await context.newPage();
  await page.goto(`/signup?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(uniqueEmail(name.split(" ")[0]!.toLowerCase()));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // Hashing a new password takes a while on a busy machine.
  await expect(page).toHaveURL(returnTo, { timeout: 15_000 });
  return page;
}

async function openArticle(page: Page) {
  await page.goto(ARTICLE_PATH);
  await expect(page.locator("[data-annotator][data-ready]")).toHaveCount(1);
  // The page's live stream is open (it starts from the cursor the list was read at).
  await expect(page.locator("[data-annotator]")).toHaveAttribute("data-live", "connected");
}

async function postNote(page: Page, quote: string, text: string, visibility: string) {
  await selectWithMouse(page, quote);
  await page
    .getByRole("toolbar", { name: "Selected text" })
    .getByRole("button", { name: /^Annotate/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "New note" });
  await dialog.getByLabel(/^Note/).fill(text);
  await dialog.getByLabel(visibility).check();
  await dialog.getByRole("button", { name: /^(Post |Save privately)/ }).click();
  await expect(page.getByTestId("annotator-status")).toContainText("Note saved");
}

/** Records every event the page's own stream (opened from the page's current cursor) delivers to this viewer. */
async function recordStream(page: Page) {
  await page.evaluate(async (slug) => {
    const response = await fetch(`/api/articles/${slug}/annotations`);
    const { liveCursor } = (await response.json()) as { liveCursor: string };
    const seen: unknown[] = [];
    (window as unknown as { __liveSeen: unknown[] }).__liveSeen = seen;
    const source = new EventSource(`/api/articles/${slug}/events?after=${liveCursor}`);
    source.addEventListener("live", (event) => seen.push(JSON.parse((event as MessageEvent<string>).data)));
    await new Promise((resolve) => source.addEventListener("open", resolve, { once: true }));
  }, SLUG);
}

async function recorded(
  page: Page,
): Promise<{ type: string; payload: { id: string; annotationId?: string | null } }[]> {
  return page.evaluate(() => (window as unknown as { __liveSeen: never[] }).__liveSeen);
}

test("live updates reach the team and nobody else, and resume after a network drop", async ({
  openContext,
}) => {
  // Three people signing up, a fourth signing in, a team, and five live round trips on two shared cores.
  test.setTimeout(180_000);
  const suffix = Math.random().toString(36).slice(2, 8);
  const teamName = `Live desk ${suffix}`;
  const stamp = Date.now().toString(36);

  // Ada creates a team and invites Ben by link; Cy stays outside it.
  const ada = await newReader(openContext, "Ada Author", "/teams");
  await ada.getByLabel("Team name").fill(teamName);
  await ada.getByRole("button", { name: "Create team" }).click();
  await expect(ada.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  await ada.getByLabel("Can be used by").fill("1");
  await ada.getByRole("button", { name: "Create invitation link" }).click();
  const invitationUrl = await ada.getByLabel(/Invitation link: copy it now/).inputValue();
  const ben = await newReader(openContext, "Ben Member", "/teams");
  await ben.goto(invitationUrl);
  await ben.getByRole("button", { name: "Accept invitation" }).click();
  await expect(ben.getByRole("list", { name: "Members" })).toContainText("Ada Author");
  const cy = await newReader(openContext, "Cy Outsider", "/");

  const relay = await streamRelay(ben);
  for (const page of [ada, ben, cy]) await openArticle(page);
  await recordStream(cy);

  // Ada's team note: hers at once; Ben's behind the prompt, announced; Cy's nowhere.
  const teamNote = `Team note ${stamp}`;
  await postNote(
    ada,
    "imposed severe constraints on certain rare earth elements",
    teamNote,
    `Team: ${teamName}`,
  );
  await expect(ada.locator("[data-annotation-id]", { hasText: teamNote })).toHaveCount(1);
  const prompt = ben.getByTestId("new-annotations");
  await expect(prompt).toHaveText("1 new annotation — show");
  await expect(ben.getByTestId("annotator-status")).toContainText("1 new annotation");
  await expect(ben.getByText(teamNote)).toHaveCount(0);
  await expectAccessible(ben);
  await prompt.click();
  const benCard = ben.locator("[data-annotation-id]", { hasText: teamNote });
  await expect(benCard).toHaveCount(1);
  await expect(benCard).toContainText(`Team: ${teamName}`);
  await expect(prompt).toHaveCount(0);
  const annotationId = await benCard.getAttribute("data-annotation-id");
  expect(annotationId).toBeTruthy();

  // Ben answers in the thread, mentioning Ada; her bell counts it.
  const adaHandle = await ada.evaluate(async (slug) => {
    const response = await fetch(`/api/articles/${slug}/annotations`);
    return ((await response.json()) as { viewer: { handle: string } }).viewer.handle;
  }, SLUG);
  await expect(ada.getByRole("link", { name: "Notifications, 0 unread" })).toBeVisible();
  await benCard.getByRole("button", { name: "Discussion" }).click();
  const benThread = ben.locator(`[data-thread="${annotationId}"]`);
  await benThread.getByLabel("Reply", { exact: true }).fill(`@${adaHandle} worth a second look`);
  await benThread.getByRole("button", { name: "Post reply" }).click();
  await expect(benThread.getByText("1 reply", { exact: true })).toBeVisible();
  await expect(benThread.getByRole("article").filter({ hasText: "worth a second look" })).toHaveCount(1);
  // Ada's bell counts it as soon as the reply's live event reaches her page (no reload, no poll): one
  // notification, the mention, although the reply also answers her note.
  await expect(ada.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();
  await ada.goto("/notifications");
  await expect(ada.getByRole("list", { name: "Notifications" })).toContainText("Ben Member mentioned you");
  await openArticle(ada);

  // Ada resolves the thread; Ben, with the thread open, sees it resolved without reloading.
  const adaCard = ada.locator(`[data-annotation-id="${annotationId}"]`);
  await adaCard.getByRole("button", { name: "Discussion" }).click();
  const adaThread = ada.locator(`[data-thread="${annotationId}"]`);
  await expect(adaThread.getByText("worth a second look")).toBeVisible();
  await adaThread.getByRole("button", { name: "Resolve thread" }).click();
  await expect(adaThread.getByText(`Resolved by @${adaHandle}`)).toBeVisible();
  await expect(benThread.getByText(`Resolved by @${adaHandle}`)).toBeVisible();

  // A comment on the article (public) reaches Ben live, behind the comment section's own prompt. Rae, an
  // established reader, writes it: a brand-new account's first public posts wait for a moderator.
  const rae = await (await openContext()).newPage();
  await rae.goto(`/signin?callbackUrl=${encodeURIComponent(ARTICLE_PATH)}`);
  await rae.getByLabel("Email").fill("reader@marginalia.test");
  await rae.getByLabel("Password").fill("demo-reader-password");
  await rae.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(rae).toHaveURL(ARTICLE_PATH);
  const comment = `Outside view ${stamp}`;
  // Ben comes to the comments first: the section follows the stream once it has loaded.
  const benSection = await openComments(ben);
  const raeSection = await openComments(rae);
  await raeSection.getByLabel("Leave a reply").fill(comment);
  await raeSection.getByRole("button", { name: "Post comment" }).click();
  await expect(raeSection.getByText(comment)).toBeVisible();
  await expect(benSection.getByTestId("new-comments")).toHaveText("1 new — show");
  await benSection.getByTestId("new-comments").click();
  await expect(benSection.getByText(comment)).toBeVisible();

  // Cy, outside the team, saw nothing of it: no prompt, no card, not one team event on his stream
  // (while the public comment did reach it, so the stream was working).
  await expect
    .poll(async () => (await recorded(cy)).some((event) => event.type === "comment.created"))
    .toBe(true);
  const cyEvents = await recorded(cy);
  expect(
    cyEvents.filter(
      (event) => event.payload.id === annotationId || event.payload.annotationId === annotationId,
    ),
  ).toEqual([]);
  await expect(cy.getByTestId("new-annotations")).toHaveCount(0);
  await expect(cy.getByText(teamNote)).toHaveCount(0);

  // Ben's network drops; Ada posts meanwhile; Ben comes back and gets it once, through the resumed stream.
  await relay.drop();
  await expect(ben.locator("[data-annotator]")).toHaveAttribute("data-live", "reconnecting");
  const whileAway = `Posted while Ben was away ${stamp}`;
  await postNote(ada, "Baotou Iron & Steel", whileAway, `Team: ${teamName}`);
  await relay.restore();
  await expect(ben.locator("[data-annotator]")).toHaveAttribute("data-live", "connected", {
    timeout: 15_000,
  });
  await expect(prompt).toHaveText("1 new annotation — show");
  await prompt.click();
  await expect(ben.locator("[data-annotation-id]", { hasText: whileAway })).toHaveCount(1);
  await expect(
    ben
      .getByRole("navigation", { name: "Highlights and notes" })
      .getByRole("button", { name: /by Ada Author: “Baotou Iron & Steel”/ }),
  ).toHaveCount(1);
  // Nothing arrives twice later either (a replayed event would show a prompt again).
  await ben.waitForTimeout(1_500);
  await expect(prompt).toHaveCount(0);
  await relay.close();
});
