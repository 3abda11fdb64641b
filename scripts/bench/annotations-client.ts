// The browser half of `npm run bench:annotations` (issue 4): on a running app,
//   1. how long Chromium takes to anchor and paint N annotations on the article page (the
//      performance measure "annotator:anchor-paint" recorded by components/annotator/highlighter.ts), and
//   2. how much JavaScript the article page loads, gzipped.
// By default the annotation list is served to the page by Playwright: N annotations spread over the real
// article text (so the measure is the client's work alone, whatever the database holds). With --real the
// page gets the server's own list (e.g. after the server half of the benchmark seeded 10,000 annotations).
//
//   npx tsx scripts/bench/annotations-client.ts --base-url http://127.0.0.1:3000 [--slug s] [--count 1000] [--runs 10] [--real]
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "@playwright/test";
import { describeRange } from "../../lib/annotations/anchoring";
import { ANNOTATION_LABELS } from "../../lib/annotations/labels";
import type { AnnotationDto, AnnotationListDto } from "../../lib/annotations/schemas";

export const ANCHOR_PAINT_BUDGET_MS = 100;
export const CLIENT_JS_BUDGET_BYTES = 150 * 1024;
const DEFAULT_SLUG = "chinas-northern-rare-earths-mineral-superpower";
/** A demo account every `npm start` seeds (lib/accounts/demo-users.ts). */
export const DEMO_READER = { email: "reader@marginalia.test", password: "demo-reader-password" };
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const PAINT_TIMEOUT_MS = 30_000;
const SHORTEST_QUOTE = 8;
const QUOTE_SPREAD = 120;

export interface ClientBenchOptions {
  baseUrl: string;
  slug?: string;
  count?: number;
  runs?: number;
  /** Use the server's annotation list instead of a generated one. */
  real?: boolean;
  /** Also measure the page's JavaScript for this signed-in reader (signed in through /signin). */
  reader?: { email: string; password: string } | null;
}

export interface ScriptFigures {
  scripts: { url: string; bytes: number; gzipBytes: number }[];
  totalGzipBytes: number;
  totalBytes: number;
}

export interface ClientBenchResult {
  count: number;
  runs: number[];
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  scripts: { url: string; bytes: number; gzipBytes: number }[];
  totalGzipBytes: number;
  totalBytes: number;
  /** The same page for a signed-in reader (the header's account menu, the label picker, export). */
  signedIn: ScriptFigures | null;
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
}

/** N annotations over the article text: varied lengths and labels, overlapping, in document order. */
export function syntheticList(base: AnnotationListDto, text: string, count: number): AnnotationListDto {
  const annotations: AnnotationDto[] = [];
  const now = new Date().toISOString();
  for (let index = 0; index < count; index++) {
    const start = Math.floor((index / count) * (text.length - QUOTE_SPREAD));
    const end = Math.min(text.length, start + SHORTEST_QUOTE + ((index * 37) % QUOTE_SPREAD));
    const selector = describeRange(text, start, end);
    annotations.push({
      id: `bench-${index}`,
      articleId: base.article.id,
      revisionId: base.article.revisionId,
      kind: index % 3 === 0 ? "annotation" : "highlight",
      visibility: "PUBLIC",
      team: null,
      label: ANNOTATION_LABELS[index % ANNOTATION_LABELS.length]!.id,
      tags: [],
      body: null,
      bodyHtml: index % 3 === 0 ? "<p>Benchmark note</p>" : null,
      ...selector,
      originalExact: selector.exact,
      anchorStatus: "EXACT",
      anchorScore: null,
      status: "PUBLISHED",
      author: { id: `reader-${index % 50}`, name: `Reader ${index % 50}`, handle: `reader${index % 50}` },
      isMine: false,
      createdAt: now,
      updatedAt: now,
      editedAt: null,
      version: 0,
    });
  }
  return { ...base, annotations, orphans: [], popular: [] };
}

async function measurePaint(
  browser: Browser,
  options: Required<ClientBenchOptions>,
): Promise<{ count: number; durations: number[] }> {
  const articleUrl = `${options.baseUrl}/articles/${options.slug}`;
  const apiPath = `/api/articles/${options.slug}/annotations`;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let expected = options.count;
  if (!options.real) {
    await page.goto(articleUrl);
    const text = await page.locator("[data-article-body]").evaluate((element) => element.textContent ?? "");
    const response = await page.request.get(`${options.baseUrl}${apiPath}`);
    const list = syntheticList((await response.json()) as AnnotationListDto, text, options.count);
    const body = JSON.stringify(list);
    await page.route(`**${apiPath}`, (route) =>
      route.request().method() === "GET"
        ? route.fulfill({ status: 200, contentType: "application/json", body })
        : route.continue(),
    );
  } else {
    const response = await page.request.get(`${options.baseUrl}${apiPath}`);
    expected = ((await response.json()) as AnnotationListDto).annotations.filter(
      (annotation) => annotation.start !== null,
    ).length;
  }
  const durations: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    await page.goto(articleUrl);
    const duration = await page.waitForFunction(
      (count) => {
        const entries = performance.getEntriesByName("annotator:anchor-paint") as PerformanceMeasure[];
        const match = entries.find((entry) => (entry.detail as { count?: number } | null)?.count === count);
        return match ? match.duration : null;
      },
      expected,
      { timeout: PAINT_TIMEOUT_MS },
    );
    durations.push((await duration.jsonValue()) as number);
  }
  await context.close();
  return { count: expected, durations };
}

/**
 * Every script the article page loads until the network is idle: a first visit, the reader at the top of
 * the page, nothing clicked. With `reader`, signed in first (the sign-in page's own scripts not counted).
 */
async function measureScripts(
  browser: Browser,
  options: Required<ClientBenchOptions>,
  reader: { email: string; password: string } | null,
): Promise<ScriptFigures> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (reader) {
    const articlePath = `/articles/${options.slug}`;
    await page.goto(`${options.baseUrl}/signin?callbackUrl=${encodeURIComponent(articlePath)}`);
    await page.getByLabel("Email").fill(reader.email);
    await page.getByLabel("Password").fill(reader.password);
    await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${options.baseUrl}${articlePath}`);
  }
  // Nothing from the sign-in page's load is reused: every script is fetched and counted.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const scripts: ScriptFigures["scripts"] = [];
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response.body().then((body) => {
        scripts.push({
          url: new URL(response.url()).pathname,
          bytes: body.length,
          gzipBytes: gzipSync(body).length,
        });
      }),
    );
  });
  await page.goto(`${options.baseUrl}/articles/${options.slug}`, { waitUntil: "networkidle" });
  await Promise.all(pending);
  await context.close();
  scripts.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    scripts,
    totalGzipBytes: scripts.reduce((sum, script) => sum + script.gzipBytes, 0),
    totalBytes: scripts.reduce((sum, script) => sum + script.bytes, 0),
  };
}

export async function runClientBench(input: ClientBenchOptions): Promise<ClientBenchResult> {
  const options: Required<ClientBenchOptions> = {
    slug: DEFAULT_SLUG,
    count: 1000,
    runs: 10,
    real: false,
    reader: null,
    ...input,
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const { count, durations } = await measurePaint(browser, options);
    const anonymous = await measureScripts(browser, options, null);
    const signedIn = options.reader ? await measureScripts(browser, options, options.reader) : null;
    const sorted = [...durations].sort((a, b) => a - b);
    return {
      count,
      runs: durations,
      medianMs: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      maxMs: sorted[sorted.length - 1] ?? NaN,
      ...anonymous,
      signedIn,
    };
  } finally {
    await browser.close();
  }
}

export function formatClientBench(result: ClientBenchResult): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = [
    `Anchor + paint of ${result.count} annotations (Chromium, ${result.runs.length} loads): median ${result.medianMs.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms (budget ${ANCHOR_PAINT_BUDGET_MS} ms) ${result.p95Ms < ANCHOR_PAINT_BUDGET_MS ? "OK" : "OVER BUDGET"}`,
    `Article page JavaScript: ${result.scripts.length} files, ${kb(result.totalBytes)} raw, ${kb(result.totalGzipBytes)} gzipped (budget ${kb(CLIENT_JS_BUDGET_BYTES)}) ${result.totalGzipBytes <= CLIENT_JS_BUDGET_BYTES ? "OK" : "OVER BUDGET"}`,
    ...result.scripts.map(
      (script) =>
        `  ${kb(script.gzipBytes).padStart(9)} gz  ${kb(script.bytes).padStart(9)} raw  ${script.url}`,
    ),
  ];
  if (result.signedIn) {
    const { signedIn } = result;
    lines.push(
      `Article page JavaScript, signed in as a reader: ${signedIn.scripts.length} files, ${kb(signedIn.totalBytes)} raw, ${kb(signedIn.totalGzipBytes)} gzipped (budget ${kb(CLIENT_JS_BUDGET_BYTES)}) ${signedIn.totalGzipBytes <= CLIENT_JS_BUDGET_BYTES ? "OK" : "OVER BUDGET"}`,
      ...signedIn.scripts.map(
        (script) =>
          `  ${kb(script.gzipBytes).padStart(9)} gz  ${kb(script.bytes).padStart(9)} raw  ${script.url}`,
      ),
    );
  }
  return lines.join("\n");
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const baseUrl = argument("base-url") ?? process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3000";
  const result = await runClientBench({
    baseUrl,
    slug: argument("slug") ?? DEFAULT_SLUG,
    count: Number(argument("count") ?? 1000),
    runs: Number(argument("runs") ?? 10),
    real: process.argv.includes("--real"),
    reader: DEMO_READER,
  });
  console.log(formatClientBench(result));
  process.exit(
    result.p95Ms < ANCHOR_PAINT_BUDGET_MS && result.totalGzipBytes <= CLIENT_JS_BUDGET_BYTES ? 0 : 1,
  );
}
