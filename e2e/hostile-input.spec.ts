// Issue 8, part 2: the hostile input corpus (tests/fixtures/hostile-corpus.ts) is posted into every
// user-writable field through the app's own API and forms, then every page that shows it is rendered in a
// browser, which must prove that nothing executed: no dialog, no CSP violation, and no element or attribute
// the sanitiser (lib/annotations/markdown.ts) should have removed.
//
// Posting: each API field gets every payload. The flood limit allows a few posts a minute per account, so
// payloads that can be stored are packed several to a post (each post is a list of payloads separated by
// blank lines, within the field's length limit), and payloads that must be refused (NUL, 1 MB lines) go
// one per request and must get a clean 4xx with a message. The short form fields (display name, team
// name and description, token name) get a packed sample through their forms; every payload reaches
// them through the same domain code in tests/integration/limits/hostile-input.test.ts.
import type { Page } from "@playwright/test";
import {
  HOSTILE_CORPUS,
  INVALID_UTF8_BODIES,
  packPayloads,
  type HostilePayload,
} from "../tests/fixtures/hostile-corpus";
import { expect, test } from "./fixtures";
import { openComments, signIn } from "./reader-actions";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const ARTICLE_PATH = `/articles/${SLUG}`;
const QUOTE = "Official channels with central government agencies";
const ADMIN = { email: "admin@marginalia.test", password: "demo-admin-password" };
const MODERATOR = { email: "moderator@marginalia.test", password: "demo-moderator-password" };
const READER = { email: "reader@marginalia.test", password: "demo-reader-password" };
const READER2 = { email: "reader2@marginalia.test", password: "demo-reader2-password" };
const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

// Field limits (lib/annotations/limits.ts, lib/discussion/limits.ts, lib/moderation/schemas.ts, …).
const ANNOTATION_BODY_MAX = 10_000;
const COMMENT_MAX = 5_000;
const REPORT_NOTE_MAX = 1_000;
const DISPLAY_NAME_MAX = 60;
const TEAM_NAME_MAX = 80;
const TEAM_DESCRIPTION_MAX = 500;
const TOKEN_NAME_MAX = 60;

/** Payloads the API must refuse whatever the field: NUL (422) and the 1 MB lines (413 or 422). */
function mustBeRefused(payload: HostilePayload): boolean {
  return payload.text.includes("\u0000") || payload.text.length > COMMENT_MAX;
}
const STORABLE = HOSTILE_CORPUS.filter((payload) => !mustBeRefused(payload));
const REFUSED = HOSTILE_CORPUS.filter(mustBeRefused);
// Form fields refuse control and invisible characters outright; the sample sent there is what they keep.
const FORM_SAFE = STORABLE.filter(
  (payload) =>
    !/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/.test(payload.text),
);

/** Packs with a marker first, so a test can see that each pack was stored and is on the page. */
function markedPacks(prefix: string, maxLength: number): { marker: string; text: string }[] {
  const room = maxLength - 40;
  return packPayloads(STORABLE, room, "\n\n").map((text, index) => {
    const marker = `${prefix}${index}MARK`;
    return { marker, text: `${marker}\n\n${text}` };
  });
}

interface Sent {
  status: number;
  json: { id?: string; error?: { message?: string } } | null;
}

/** A same-origin request from the page (the session cookie and Origin, as the app's own scripts send). */
async function send(
  page: Page,
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Sent> {
  return page.evaluate(
    async ({ method, url, body, headers }) => {
      const response = await fetch(url, {
        method,
        headers: { "Content-Type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json().catch(() => null)) as Sent["json"] };
    },
    { method, url, body, headers },
  );
}

/** Raw bytes (invalid UTF-8) as a request body. */
async function sendBytes(page: Page, url: string, bytes: Uint8Array): Promise<Sent> {
  return page.evaluate(
    async ({ url, bytes }) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: new Uint8Array(bytes),
      });
      return { status: response.status, json: (await response.json().catch(() => null)) as Sent["json"] };
    },
    { url, bytes: [...bytes] },
  );
}

function expectStored(sent: Sent, what: string) {
  expect(sent.status, `${what}: ${JSON.stringify(sent.json)?.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
  expect(sent.status, `${what}: ${JSON.stringify(sent.json)?.slice(0, 300)}`).toBeLessThan(300);
}

function expectCleanRefusal(sent: Sent, what: string) {
  expect([400, 413, 422], `${what}: ${sent.status} ${JSON.stringify(sent.json)?.slice(0, 200)}`).toContain(
    sent.status,
  );
  expect(sent.json?.error?.message, `${what}: a refusal says why`).toBeTruthy();
}

async function selector(page: Page) {
  return page.evaluate(
    async ({ quote, slug }) => {
      // The current revision from the API, not the page: a cached page may predate a re-seeded database.
      const list = (await (await fetch(`/api/articles/${slug}/annotations`)).json()) as {
        article: { revisionId: string };
      };
      const text = document.querySelector("[data-article-body]")!.textContent ?? "";
      const start = text.indexOf(quote);
      return {
        revisionId: list.article.revisionId,
        selector: { exact: quote, prefix: "", suffix: "", start, end: start + quote.length },
      };
    },
    { quote: QUOTE, slug: SLUG },
  );
}

/** Records dialogs, CSP violations (event and console) and page errors for one page. */
async function watch(page: Page) {
  const seen: string[] = [];
  page.on("dialog", (dialog) => {
    seen.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text()))
      seen.push(`console: ${message.text().slice(0, 300)}`);
  });
  page.on("pageerror", (error) => seen.push(`pageerror: ${error.message.slice(0, 300)}`));
  await page.addInitScript(() => {
    const found: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = found;
    document.addEventListener("securitypolicyviolation", (event) => {
      found.push(
        `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`,
      );
    });
  });
  return seen;
}

/**
 * Everything the sanitiser must have removed, looked for in the whole document (user content can only be
 * inside the page's own markup) and inside the user-content containers in particular.
 */
async function forbiddenElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (element: Element) => element.outerHTML.slice(0, 160);
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name))
          problems.push(`event handler ${attribute.name}: ${describe(element)}`);
        if (
          /^(href|src|action|formaction|xlink:href|data)$/i.test(attribute.name) &&
          /^\s*(javascript|vbscript|data):/i.test(attribute.value.replace(/[\u0000-\u0020]/g, ""))
        ) {
          problems.push(`unsafe URL: ${describe(element)}`);
        }
      }
    }
    for (const element of document.querySelectorAll(
      "iframe, object, embed, frame, frameset, applet, base, form[action^='javascript' i], meta[http-equiv]",
    )) {
      problems.push(`element: ${describe(element)}`);
    }
    for (const script of document.querySelectorAll("script")) {
      const src = script.getAttribute("src");
      if (src && !src.startsWith("/_next/")) problems.push(`script src: ${describe(script)}`);
      // Next's own payload scripts (self.__next_f) carry the page's data, user text included, as JSON strings.
      const text = script.textContent ?? "";
      if (!text.startsWith("self.__next_f") && /alert\(|evil\.example/.test(text))
        problems.push(`script text: ${describe(script)}`);
    }
    // The elements holding server-rendered user HTML: an annotation's note, a reply's or comment's body.
    const containers = document.querySelectorAll(".annotation-body, [data-comment-id] .break-words");
    if (document.querySelector("[data-annotation-id], [data-comment-id]") && containers.length === 0)
      problems.push("no user-content container found");
    for (const container of containers) {
      for (const element of container.querySelectorAll(
        "script, style, link, img, svg, math, iframe, object, embed, video, audio, source, input, textarea, select, details, marquee, template, noscript, form",
      )) {
        problems.push(`in user content: ${describe(element)}`);
      }
      for (const element of container.querySelectorAll("[style]"))
        problems.push(`style attribute in user content: ${describe(element)}`);
      for (const link of container.querySelectorAll("a[href]")) {
        const href = link.getAttribute("href") ?? "";
        if (!/^(https?:\/\/|mailto:|\/)/i.test(href))
          problems.push(`link in user content: ${describe(link)}`);
      }
    }
    const csp = (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [];
    for (const violation of csp) problems.push(`CSP violation: ${violation}`);
    return problems;
  });
}

async function expectInert(page: Page, seen: string[], what: string) {
  // Give any payload that could run a moment to do so (timers, animations, lazy images).
  await page.waitForTimeout(300);
  const problems = await forbiddenElements(page);
  expect([...seen, ...problems], `${what} must render the hostile input inert`).toEqual([]);
}

test.describe.configure({ mode: "serial" });

test("the hostile corpus is refused or stored, and every page showing it renders it inert", async ({
  openContext,
}) => {
  test.setTimeout(180_000);

  // ── Posting ──
  const admin = await (await openContext()).newPage();
  const adminSeen = await watch(admin);
  await signIn(admin, ADMIN, ARTICLE_PATH);
  await expect(admin.locator("[data-annotator][data-ready]")).toHaveCount(1);
  const { revisionId, selector: anchor } = await selector(admin);
  const annotationsUrl = `/api/articles/${SLUG}/annotations`;

  const annotationPacks = markedPacks("HOSTILEANNO", ANNOTATION_BODY_MAX);
  const annotationIds: string[] = [];
  for (const { text, marker } of annotationPacks) {
    const sent = await send(admin, "POST", annotationsUrl, {
      revisionId,
      selector: anchor,
      body: text,
      visibility: "PUBLIC",
    });
    expectStored(sent, `annotation ${marker}`);
    annotationIds.push(sent.json!.id!);
  }
  for (const payload of REFUSED) {
    expectCleanRefusal(
      await send(admin, "POST", annotationsUrl, {
        revisionId,
        selector: anchor,
        body: payload.text,
        visibility: "PUBLIC",
      }),
      `annotation ${payload.id}`,
    );
  }
  for (const { id, bytes } of INVALID_UTF8_BODIES)
    expectCleanRefusal(await sendBytes(admin, annotationsUrl, bytes("body")), `annotation ${id}`);
  // Tags allow letters, digits, spaces, - and _: the corpus as tags is refused, in one request per ten.
  for (let index = 0; index < HOSTILE_CORPUS.length; index += 10) {
    const tags = HOSTILE_CORPUS.slice(index, index + 10).map((payload) => payload.text);
    const sent = await send(admin, "PATCH", `/api/annotation-items/${annotationIds[0]}`, { tags });
    expectCleanRefusal(sent, `tags ${index}`);
  }

  // The W3C API (same-origin session), with the rest of the packs.
  const articleIri = `${new URL(admin.url()).origin}/articles/${SLUG}`;
  const w3cPacks = markedPacks("HOSTILEW3C", ANNOTATION_BODY_MAX);
  for (const { text, marker } of w3cPacks) {
    const sent = await send(
      admin,
      "POST",
      `/api/annotations/${SLUG}/`,
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        bodyValue: text,
        target: { source: articleIri, selector: { type: "TextQuoteSelector", exact: QUOTE } },
      },
      { "Content-Type": ANNO_TYPE, Accept: ANNO_TYPE },
    );
    expect(sent.status, `W3C ${marker}: ${JSON.stringify(sent.json)?.slice(0, 300)}`).toBe(201);
  }
  for (const payload of REFUSED) {
    const sent = await send(
      admin,
      "POST",
      `/api/annotations/${SLUG}/`,
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        bodyValue: payload.text,
        target: { source: articleIri, selector: { type: "TextQuoteSelector", exact: QUOTE } },
      },
      { "Content-Type": ANNO_TYPE, Accept: ANNO_TYPE },
    );
    expectCleanRefusal(sent, `W3C ${payload.id}`);
  }

  // Replies on the first annotation (moderator), comments (reader 2), reports (reader and moderator).
  const moderator = await (await openContext()).newPage();
  const moderatorSeen = await watch(moderator);
  await signIn(moderator, MODERATOR, ARTICLE_PATH);
  const repliesUrl = `/api/annotation-items/${annotationIds[0]}/replies`;
  const replyIds: string[] = [];
  for (const { text, marker } of markedPacks("HOSTILEREPLY", COMMENT_MAX)) {
    const sent = await send(moderator, "POST", repliesUrl, { body: text });
    expectStored(sent, `reply ${marker}`);
    replyIds.push(sent.json!.id!);
  }
  for (const payload of REFUSED)
    expectCleanRefusal(
      await send(moderator, "POST", repliesUrl, { body: payload.text }),
      `reply ${payload.id}`,
    );
  for (const { id, bytes } of INVALID_UTF8_BODIES)
    expectCleanRefusal(await sendBytes(moderator, repliesUrl, bytes("body")), `reply ${id}`);

  const commenter = await (await openContext()).newPage();
  const commenterSeen = await watch(commenter);
  await signIn(commenter, READER2, ARTICLE_PATH);
  const commentsUrl = `/api/articles/${SLUG}/comments`;
  const commentIds: string[] = [];
  for (const { text, marker } of markedPacks("HOSTILECOMMENT", COMMENT_MAX)) {
    const sent = await send(commenter, "POST", commentsUrl, { body: text });
    expectStored(sent, `comment ${marker}`);
    commentIds.push(sent.json!.id!);
  }
  for (const payload of REFUSED)
    expectCleanRefusal(
      await send(commenter, "POST", commentsUrl, { body: payload.text }),
      `comment ${payload.id}`,
    );
  for (const { id, bytes } of INVALID_UTF8_BODIES)
    expectCleanRefusal(await sendBytes(commenter, commentsUrl, bytes("body")), `comment ${id}`);

  const reader = await (await openContext()).newPage();
  const readerSeen = await watch(reader);
  await signIn(reader, READER, ARTICLE_PATH);
  // Report notes: one report per reader per item, so the packs go over the items and two reporters.
  const notePacks = markedPacks("HOSTILENOTE", REPORT_NOTE_MAX);
  const targets = [
    ...annotationIds.map((id) => ({ annotationId: id })),
    ...replyIds.map((id) => ({ commentId: id })),
    ...commentIds.map((id) => ({ commentId: id })),
  ];
  const reporters = [
    { page: reader, items: targets },
    {
      page: moderator,
      items: [
        ...annotationIds.map((id) => ({ annotationId: id })),
        ...commentIds.map((id) => ({ commentId: id })),
      ],
    },
  ];
  let pack = 0;
  for (const { page, items } of reporters) {
    for (const item of items) {
      if (pack >= notePacks.length) break;
      const sent = await send(page, "POST", "/api/reports", {
        ...item,
        reason: "OTHER",
        note: notePacks[pack]!.text,
      });
      expectStored(sent, `report ${notePacks[pack]!.marker}`);
      pack += 1;
    }
  }
  expect(pack, "every report-note pack was filed").toBe(notePacks.length);
  for (const payload of REFUSED)
    expectCleanRefusal(
      await send(reader, "POST", "/api/reports", {
        commentId: commentIds[0],
        reason: "OTHER",
        note: payload.text,
      }),
      `report ${payload.id}`,
    );
  for (const { id, bytes } of INVALID_UTF8_BODIES)
    expectCleanRefusal(await sendBytes(reader, "/api/reports", bytes("note")), `report ${id}`);

  // Forms: display name (reader 2, shown on their comments), a team and an API token (reader).
  const [displayName] = packPayloads(FORM_SAFE, DISPLAY_NAME_MAX - 2);
  await commenter.goto("/account");
  // Reader 2's own name is put back at the end: later specs know them by it.
  const originalName = await commenter.getByLabel("Display name").inputValue();
  await commenter.getByLabel("Display name").fill(displayName!);
  await commenter.getByRole("button", { name: "Save display name" }).click();
  await expect(commenter.getByText("Display name saved.")).toBeVisible();

  const [teamName] = packPayloads(FORM_SAFE.slice(20), TEAM_NAME_MAX - 2);
  const [teamDescription] = packPayloads(FORM_SAFE.slice(40), TEAM_DESCRIPTION_MAX, "\n");
  await reader.goto("/teams");
  await reader.getByLabel("Team name").fill(teamName!);
  await reader.getByLabel("Address").fill(`hostile-${Date.now().toString(36)}`);
  await reader.getByLabel(/Description/).fill(teamDescription!);
  await reader.getByRole("button", { name: "Create team" }).click();
  await expect(reader).toHaveURL(/\/teams\/hostile-/);
  const teamPath = new URL(reader.url()).pathname;

  const [tokenName] = packPayloads(FORM_SAFE.slice(60), TOKEN_NAME_MAX - 2);
  await reader.goto("/account/tokens");
  await reader.getByLabel("Name").fill(tokenName!);
  await reader.getByLabel("Expires after").selectOption("7");
  await reader.getByRole("button", { name: "Create token" }).click();
  await expect(reader.getByLabel(/Your new token/)).toBeVisible();

  // ── Rendering ──
  // The article as another reader sees it: margin cards, the first thread open, the comment section.
  await reader.goto(ARTICLE_PATH);
  await expect(reader.locator("[data-annotator][data-ready]")).toHaveCount(1);
  for (const { marker } of annotationPacks) await expect(reader.getByText(marker).first()).toBeAttached();
  await reader
    .locator(`[data-annotation-id="${annotationIds[0]}"]`)
    .getByRole("button", { name: "Discussion" })
    .click();
  await expect(reader.getByText("HOSTILEREPLY0MARK").first()).toBeAttached();
  await openComments(reader);
  await expect(reader.getByText("HOSTILECOMMENT0MARK").first()).toBeAttached({ timeout: 15_000 });
  await expectInert(reader, readerSeen, "the article page (annotations, thread, comments)");

  await reader.goto(teamPath);
  await expect(reader.getByRole("heading", { level: 1 })).toBeVisible();
  await expectInert(reader, readerSeen, "/teams/[slug]");
  await reader.goto("/teams");
  await expectInert(reader, readerSeen, "/teams");
  await reader.goto("/account/tokens");
  await expectInert(reader, readerSeen, "/account/tokens");

  await commenter.goto("/account");
  await expect(commenter.getByLabel("Display name")).toHaveValue(displayName!);
  await expectInert(commenter, commenterSeen, "/account");
  await commenter.getByLabel("Display name").fill(originalName);
  await commenter.getByRole("button", { name: "Save display name" }).click();
  await expect(commenter.getByText("Display name saved.")).toBeVisible();

  await moderator.goto("/moderation");
  await expect(moderator.getByText(/HOSTILENOTE0MARK/).first()).toBeAttached();
  await expectInert(moderator, moderatorSeen, "/moderation");

  // The admin's notifications: replies to their annotation, by the moderator.
  await admin.goto("/notifications");
  await expectInert(admin, adminSeen, "/notifications");
  await admin.goto(ARTICLE_PATH);
  await expect(admin.locator("[data-annotator][data-ready]")).toHaveCount(1);
  await expectInert(admin, adminSeen, "the article page, as the annotations' author");
});
