// npm run bench:page: how fast the production server serves the article page, next to a static HTML copy
// of the same page served by the same server. A benchmark, not a test: it prints requests/s, p50 and p99
// for both and their ratio, and appends the figures to docs/benchmarks.md. Budget: the article page at
// >= 80 % of the static file's throughput (the page is rendered once per revision, not per request).
//
//   1. a database: DATABASE_URL when set, otherwise a throwaway embedded PostgreSQL in memory;
//   2. `npm start`'s own code (scripts/start.ts) migrates, seeds, builds into .next-bench when that build
//      is missing or stale, and serves; the article's HTML is fetched, then that server is stopped;
//   3. the HTML is written to public/bench-static-article.html (Next serves public/ files that exist
//      when it starts), `next start` runs again on the same build, and autocannon loads both URLs;
//   4. the static copy is deleted and public/'s timestamps restored, so no build looks stale because of us.
//
// Options: --slug <slug> (default: the first content file), --duration <s>, --connections <n>,
// --use-build (serve the build already in BENCH_NEXT_DIST_DIR as it is, even when the sources are newer, on
// a DATABASE_URL that is already migrated and seeded: how a baseline build is compared with a change).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../lib/db/embedded";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_PORT ?? 3250);
const ORIGIN = `http://127.0.0.1:${PORT}`;
// BENCH_NEXT_DIST_DIR: keep two builds side by side (a baseline and a change) and run them back to back.
const DIST_DIR = process.env.BENCH_NEXT_DIST_DIR ?? ".next-bench";
const STATIC_FILE = "bench-static-article.html";
const PUBLIC_DIR = path.join(ROOT, "public");
const STATIC_PATH = path.join(PUBLIC_DIR, STATIC_FILE);
const RESULTS_FILE = path.join(ROOT, "docs/benchmarks.md");
const CONTENT_DIR = path.join(ROOT, "content/articles");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

const DEFAULT_DURATION_S = 10;
const DEFAULT_CONNECTIONS = 20;
const WARMUP_S = 3;
/** The article page must reach this share of the static file's throughput. */
const BUDGET_RATIO = 0.8;
// A cold build on two cores takes a minute or two; seeding and migrating add seconds.
const SERVER_READY_TIMEOUT_MS = 10 * 60_000;
const POLL_INTERVAL_MS = 500;
const STOP_TIMEOUT_MS = 15_000;
const MARKER_BEGIN = "<!-- bench:page:begin -->";
const MARKER_END = "<!-- bench:page:end -->";

interface Figures {
  /** CPU time the server process (and its children) spent per request, from /proc; null elsewhere. */
  cpuMsPerRequest: number | null;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
}

const { values: options } = parseArgs({
  options: {
    slug: { type: "string" },
    duration: { type: "string", default: String(DEFAULT_DURATION_S) },
    connections: { type: "string", default: String(DEFAULT_CONNECTIONS) },
    "use-build": { type: "boolean", default: false },
  },
});
const durationSeconds = Number(options.duration);
const connections = Number(options.connections);
if (!(durationSeconds > 0) || !(connections > 0)) {
  console.error("--duration and --connections must be positive numbers.");
  process.exit(2);
}

function defaultSlug(): string {
  const first = readdirSync(CONTENT_DIR)
    .filter((name) => name.endsWith(".md"))
    .sort()[0];
  if (!first) throw new Error(`No content file in ${CONTENT_DIR}.`);
  return first.replace(/\.md$/, "");
}

const slug = options.slug ?? defaultSlug();
const articlePath = `/articles/${slug}`;

// Everything to undo, whatever happens.
let server: ChildProcess | undefined;
let embedded: EmbeddedDatabase | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-"));
// A fresh clone may have no public/ folder (git keeps no empty folder): make one for the copy, and remove
// it again afterwards.
const publicExisted = existsSync(PUBLIC_DIR);
if (!publicExisted) mkdirSync(PUBLIC_DIR);
const publicTimes = statSync(PUBLIC_DIR);

async function stopServer(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
  running.kill("SIGTERM");
  const timer = setTimeout(() => running.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function removeStaticCopy(): void {
  if (!publicExisted) {
    rmSync(PUBLIC_DIR, { recursive: true, force: true });
    return;
  }
  if (!existsSync(STATIC_PATH)) return;
  rmSync(STATIC_PATH);
  // Adding and removing the file touched public/; scripts/start.ts would take that for a change and rebuild.
  utimesSync(PUBLIC_DIR, publicTimes.atime, publicTimes.mtime);
}

async function cleanUp(): Promise<void> {
  await stopServer();
  removeStaticCopy();
  // Next writes route types into the build folder, and tsconfig.json includes every .next*/types folder:
  // once the routes change, ours would break everyone's type check. The server does not need them.
  rmSync(path.join(ROOT, DIST_DIR, "types"), { recursive: true, force: true });
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

function spawnServer(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  child.once("exit", (code, signal) => {
    if (server === child) {
      console.error(`The server stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
      server = undefined;
    }
  });
  return child;
}

async function waitForOk(url: string): Promise<void> {
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  for (;;) {
    if (!server) throw new Error("The server exited before it was ready; see its output above.");
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer 200 within ${SERVER_READY_TIMEOUT_MS / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

const CLOCK_TICKS_PER_SECOND = 100; // Linux's USER_HZ

/**
 * CPU time (ms) used so far by the server and every process under it (next start may run workers), read
 * from /proc: unlike requests/s, CPU per request hardly depends on what else the machine is doing.
 */
function serverCpuMs(): number | null {
  const root = server?.pid;
  if (!root || !existsSync("/proc/self/stat")) return null;
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may contain spaces) start at ") ": state, ppid, …
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  let ticks = 0;
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, stat] of stats)
      if (!tree.has(pid) && tree.has(stat.parent)) {
        tree.add(pid);
        grew = true;
      }
  }
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function load(url: string, seconds: number): Promise<Figures> {
  const cpuBefore = serverCpuMs();
  const result = await autocannon({ url, connections, duration: seconds });
  const cpuAfter = serverCpuMs();
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `${url}: ${result.errors} connection errors and ${result.non2xx} non-2xx responses under load.`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

function commitDescription(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    // --no-optional-locks: reading the status must not rewrite the index while others work in the tree.
    const dirty = execFileSync(
      "git",
      ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    ).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function machineDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  return `${cpus.length} cores (${model}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`;
}

const round = (value: number) => Math.round(value).toLocaleString("en-US");

function recordResults(
  article: Figures,
  staticCopy: Figures,
  ratio: number,
  database: string,
  load: string,
): void {
  const date = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const verdict = ratio >= BUDGET_RATIO ? "within budget" : "OVER BUDGET";
  const row =
    `| ${date} | ${commitDescription()} | ${round(article.requestsPerSecond)} | ${article.p50} | ${article.p99} ` +
    `| ${round(staticCopy.requestsPerSecond)} | ${staticCopy.p50} | ${staticCopy.p99} | ${(ratio * 100).toFixed(0)} % | ${verdict} |`;
  const header = [
    MARKER_BEGIN,
    `Machine of the latest run: ${machineDescription()}; load average before it: ${load}; database: ${database}.`,
    `Each run: \`next start\` (production build), ${connections} connections, ${WARMUP_S} s warm-up then ` +
      `${durationSeconds} s per URL, no compression requested. Latencies in ms. Budget: article ≥ ${BUDGET_RATIO * 100} % of static.`,
    "",
    "| date | commit | article req/s | article p50 | article p99 | static req/s | static p50 | static p99 | ratio | budget |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "# Benchmarks\n";
  const begin = existing.indexOf(MARKER_BEGIN);
  const end = existing.indexOf(MARKER_END);
  let section: string[];
  if (begin !== -1 && end > begin) {
    // Keep earlier runs (the table's data rows); the text above them describes the latest run.
    const previousRows = existing
      .slice(begin, end)
      .split("\n")
      .filter((line) => /^\| \d{4}-/.test(line));
    section = [...header, ...previousRows, row, MARKER_END];
    writeFileSync(
      RESULTS_FILE,
      existing.slice(0, begin) + section.join("\n") + existing.slice(end + MARKER_END.length),
    );
  } else {
    section = [
      "",
      "## Article page vs a static copy (`npm run bench:page`)",
      "",
      "The article page is rendered once per revision and then served from Next's cache, so it should be",
      "nearly as cheap as a static file served by the same server. `scripts/bench/page.ts` measures both.",
      "",
      ...header,
      row,
      MARKER_END,
      "",
    ];
    writeFileSync(RESULTS_FILE, existing.replace(/\n*$/, "\n") + section.join("\n"));
  }
}

async function main(): Promise<void> {
  const configured = process.env.DATABASE_URL?.trim();
  let databaseUrl: string;
  let database: string;
  if (configured) {
    databaseUrl = configured;
    database = `PostgreSQL at ${new URL(configured).host}`;
  } else {
    embedded = await startEmbeddedDatabase({ dataDir: null });
    databaseUrl = embedded.connectionString;
    database = "embedded PostgreSQL (PGlite, in memory)";
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(PORT),
    SITE_URL: ORIGIN,
    NEXT_DIST_DIR: DIST_DIR,
    MARGINALIA_DATA_DIR: dataDir,
    AUTH_SECRET: process.env.AUTH_SECRET || randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };

  if (options["use-build"]) {
    if (!configured)
      throw new Error("--use-build needs DATABASE_URL (a database already migrated and seeded).");
    console.log(`Serving the existing build in ${DIST_DIR} as it is…`);
    server = spawnServer([NEXT_BIN, "start", "-p", String(PORT)], { ...env, NODE_ENV: "production" });
  } else {
    console.log(`Preparing: migrate, seed and build into ${DIST_DIR} when needed (scripts/start.ts)…`);
    server = spawnServer(["--import", "tsx", "scripts/start.ts"], env);
  }
  await waitForOk(`${ORIGIN}${articlePath}`);
  const html = await (await fetch(`${ORIGIN}${articlePath}`)).text();
  await stopServer();

  writeFileSync(STATIC_PATH, html);
  server = spawnServer([NEXT_BIN, "start", "-p", String(PORT)], { ...env, NODE_ENV: "production" });
  await waitForOk(`${ORIGIN}/${STATIC_FILE}`);
  const served = await (await fetch(`${ORIGIN}/${STATIC_FILE}`)).text();
  if (served !== html) throw new Error("The static copy served differs from the page it was saved from.");

  // Figures from a busy machine say little; say so rather than record them silently.
  const loadBefore = os.loadavg()[0] ?? 0;
  if (loadBefore > os.cpus().length / 2) {
    console.warn(
      `Warning: load average ${loadBefore.toFixed(1)} on ${os.cpus().length} cores; other work will skew the figures.`,
    );
  }
  const articleUrl = `${ORIGIN}${articlePath}`;
  const staticUrl = `${ORIGIN}/${STATIC_FILE}`;
  console.log(`Warming up (${WARMUP_S} s each)…`);
  await load(articleUrl, WARMUP_S);
  await load(staticUrl, WARMUP_S);
  console.log(`Measuring ${connections} connections for ${durationSeconds} s each…`);
  const article = await load(articleUrl, durationSeconds);
  const staticCopy = await load(staticUrl, durationSeconds);
  const ratio = article.requestsPerSecond / staticCopy.requestsPerSecond;

  const line = (name: string, figures: Figures) =>
    `${name.padEnd(14)} ${round(figures.requestsPerSecond).padStart(8)} req/s   p50 ${String(figures.p50).padStart(4)} ms   p99 ${String(figures.p99).padStart(4)} ms   (${round(figures.requests)} requests)` +
    (figures.cpuMsPerRequest === null
      ? ""
      : `   server CPU ${figures.cpuMsPerRequest.toFixed(2)} ms/request`);
  console.log(`\n${line("article page", article)}\n${line("static copy", staticCopy)}`);
  console.log(
    `ratio ${(ratio * 100).toFixed(1)} % of static throughput: ` +
      (ratio >= BUDGET_RATIO
        ? `within the ${BUDGET_RATIO * 100} % budget`
        : `BELOW the ${BUDGET_RATIO * 100} % budget`),
  );
  if (article.cpuMsPerRequest && staticCopy.cpuMsPerRequest) {
    // On a busy machine requests/s mostly measure the other work; the server's CPU per request does not,
    // and on a machine with nothing else to do throughput is CPU-bound, so its ratio predicts the above.
    console.log(
      `server CPU per request: static / article = ${((staticCopy.cpuMsPerRequest / article.cpuMsPerRequest) * 100).toFixed(1)} % ` +
        `(the throughput ratio to expect on an otherwise idle machine)`,
    );
  }
  recordResults(article, staticCopy, ratio, database, loadBefore.toFixed(1));
  console.log(`Figures appended to ${path.relative(process.cwd(), RESULTS_FILE)}.`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// PGlite and autocannon may leave handles open; the benchmark is over.
process.exit();
