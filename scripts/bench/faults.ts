// npm run bench:faults (issue 8): load with a database restart in the middle. A benchmark run on demand, not
// a test: it prints figures and records them in docs/benchmarks.md ("Faults").
//
//   1. A private PostgreSQL (initdb + pg_ctl from /usr/lib/postgresql/<version>/bin, its own port and data
//      folder under the temp dir, run as the `postgres` user when we are root) so restarting it disturbs
//      nobody. Without PostgreSQL binaries (or with --embedded) the embedded PGlite server of
//      lib/db/embedded.ts is stopped and started instead.
//   2. The production app (`npm start`'s code, scripts/start.ts: migrate, seed, build when stale) on it;
//      --no-build serves an existing build with `next start` instead.
//   3. Writers sign in through the real credentials flow (Auth.js CSRF + callback) and for --seconds post
//      annotations, replies and article comments through the app's HTTP API, each with an idempotency key,
//      retrying a failed request with the same key (after Retry-After on 503/429).
//   4. At --stop-at seconds PostgreSQL is stopped (fast shutdown: sessions are terminated) and started
//      again --outage seconds later. A page is loaded during the outage.
//   5. Afterwards: every key that got a 2xx is in the database exactly once with the id the app returned
//      (and no body is stored twice); during the outage answers were 503 with Retry-After within 2 s;
//      the app answered 2xx again within 5 s of the database coming back; the app process never exited.
//
// Options: --writers 50 --seconds 60 --stop-at 20 --outage 8 --embedded --no-build
// Environment: BENCH_FAULTS_PORT (3280), BENCH_FAULTS_PG_PORT (5488), BENCH_FAULTS_DIST_DIR (.next-bench-faults).
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { hashPassword } from "../../lib/auth/passwords";
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase, type EmbeddedDatabase } from "../../lib/db/embedded";
import { applyPendingMigrations } from "../../lib/db/migrations";
import { createPrismaClient } from "../../lib/db/prisma-factory";
import { runSeed } from "../db/seed";

const ROOT = path.resolve(import.meta.dirname, "../..");
const execFileAsync = promisify(execFile);
const APP_PORT = Number(process.env.BENCH_FAULTS_PORT ?? 3280);
const PG_PORT = Number(process.env.BENCH_FAULTS_PG_PORT ?? 5488);
const DIST_DIR = process.env.BENCH_FAULTS_DIST_DIR ?? ".next-bench-faults";
const ORIGIN = `http://127.0.0.1:${APP_PORT}`;
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const RESULTS_FILE = path.join(ROOT, "docs/benchmarks.md");
const MARKER_BEGIN = "<!-- bench:faults:begin -->";
const MARKER_END = "<!-- bench:faults:end -->";
const SERVER_READY_TIMEOUT_MS = 15 * 60_000;
/** A request still unanswered after this counts as hung (and is retried). */
const REQUEST_TIMEOUT_MS = 15_000;
/** Budgets from issue 8. */
const OUTAGE_ANSWER_BUDGET_MS = 2_000;
const RECOVERY_BUDGET_MS = 5_000;
/** How often the recovery probe asks once the database is back. */
const PROBE_INTERVAL_MS = 100;
/** Backoff after a network error or a 5xx without Retry-After. */
const RETRY_BACKOFF_MS = 250;
/** Longest a writer honours Retry-After (a rate limit could ask for a minute). */
const MAX_RETRY_WAIT_MS = 5_000;
const PASSWORD = "fault-bench-password-1";
const SESSION_COOKIE = "authjs.session-token";

const { values: options } = parseArgs({
  options: {
    writers: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    "stop-at": { type: "string", default: "20" },
    outage: { type: "string", default: "8" },
    embedded: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
  },
});
const writerCount = Number(options.writers);
const durationMs = Number(options.seconds) * 1000;
const stopAtMs = Number(options["stop-at"]) * 1000;
const outageMs = Number(options.outage) * 1000;
if (
  !(writerCount >= 1) ||
  !(durationMs > 0) ||
  !(stopAtMs > 0) ||
  !(outageMs > 0) ||
  stopAtMs + outageMs >= durationMs
) {
  console.error(
    "Usage: npm run bench:faults -- [--writers n] [--seconds s] [--stop-at s] [--outage s] [--embedded] [--no-build]",
  );
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// The database under test: a private PostgreSQL, or the embedded one.

interface FaultyDatabase {
  kind: string;
  /** The server's maintenance database URL (for CREATE DATABASE). */
  adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function postgresBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(base, version, "bin");
    if (existsSync(path.join(bin, "pg_ctl")) && existsSync(path.join(bin, "initdb"))) return bin;
  }
  return null;
}

function privatePostgres(bin: string): FaultyDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), "marginalia-faults-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  // PostgreSQL refuses to run as root: hand the folder to the postgres user and run its tools as that user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  // Asynchronous, so the writers keep running (and timing) while the server stops and starts.
  const run = async (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    await execFileAsync(command, fullArgs, { cwd: dir });
  };
  execFileSync(
    asRoot ? "runuser" : path.join(bin, "initdb"),
    [
      ...(asRoot ? ["-u", "postgres", "--", path.join(bin, "initdb")] : []),
      "-D",
      data,
      "-U",
      "root",
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-sync",
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
  );
  const serverOptions = `-p ${PG_PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200`;
  const start = () => run("pg_ctl", ["-D", data, "-l", log, "-o", serverOptions, "-w", "start"]);
  return {
    kind: `private PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${PG_PORT} (data in ${dir}, run as ${asRoot ? "user postgres" : "this user"})`,
    adminUrl: `postgresql://root@127.0.0.1:${PG_PORT}/postgres`,
    start,
    // Fast shutdown: PostgreSQL terminates every session (57P01) and stops accepting connections.
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    destroy: async () => {
      try {
        await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function embeddedServer(): FaultyDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), "marginalia-faults-pglite-"));
  let server: EmbeddedDatabase | null = null;
  return {
    kind: `embedded PGlite socket server on 127.0.0.1:${PG_PORT} (data in ${dir})`,
    adminUrl: `postgresql://postgres@127.0.0.1:${PG_PORT}/postgres`,
    start: async () => {
      server = await startEmbeddedDatabase({ dataDir: dir, port: PG_PORT });
    },
    stop: async () => {
      await server?.stop();
      server = null;
    },
    destroy: async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The app

let app = null as ChildProcess | null;
let appExits = 0;

function startApp(databaseUrl: string, dataDir: string, embedded: boolean): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(APP_PORT),
    SITE_URL: ORIGIN,
    NEXT_DIST_DIR: DIST_DIR,
    MARGINALIA_DATA_DIR: dataDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    // What `npm start` sets for the embedded database (see EMBEDDED_POOL_SIZE).
    ...(embedded ? { MARGINALIA_DB_POOL_SIZE: String(EMBEDDED_POOL_SIZE) } : {}),
  };
  const args = options["no-build"]
    ? [NEXT_BIN, "start", "-p", String(APP_PORT)]
    : ["--import", "tsx", path.join(ROOT, "scripts/start.ts")];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: options["no-build"] ? { ...env, NODE_ENV: "production" } : env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The app's log is kept to count what it said about the outage, and echoed only for errors.
  child.stdout.on("data", (chunk: Buffer) => appLog.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => appLog.push(chunk.toString()));
  child.once("exit", (code, signal) => {
    if (!stopping) {
      appExits += 1;
      console.error(`The app exited during the run (code ${code}, signal ${signal}).`);
    }
  });
  return child;
}
const appLog: string[] = [];
let stopping = false;

async function waitForOk(url: string, child: ChildProcess) {
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The app exited before serving ${url}:\n${appLog.join("").slice(-3000)}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time.`);
    await sleep(500);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs in through Auth.js's credentials flow (CSRF token, then the callback) and returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${ORIGIN}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  const response = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies, Origin: ORIGIN },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: `${ORIGIN}/` }),
  });
  await response.arrayBuffer();
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!session)
    throw new Error(
      `Signing in ${email} failed: HTTP ${response.status} ${response.headers.get("location") ?? ""}`,
    );
  return session.split(";")[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// The writers

type Operation = "annotation" | "reply" | "comment";

interface Attempt {
  op: Operation;
  key: string;
  startedAt: number;
  endedAt: number;
  /** 0 for a network error or a timeout. */
  status: number;
  retryAfter: string | null;
  timedOut: boolean;
}

interface Acknowledged {
  op: Operation;
  key: string;
  authorId: string;
  id: string;
  /** Every 2xx for this key returned the same id. */
  consistent: boolean;
}

const attempts: Attempt[] = [];
const acknowledged = new Map<string, Acknowledged>();
const rejected: { key: string; status: number; body: string }[] = [];
const unfinished = new Set<string>();
let clock0 = 0;
const now = () => performance.now() - clock0;

interface Context {
  slug: string;
  revisionId: string;
  text: string;
  words: { start: number; end: number }[];
  sharedAnnotationId: string;
}

async function writer(index: number, userId: string, cookie: string, context: Context, endAt: number) {
  const own: string[] = [];
  for (let seq = 0; now() < endAt; seq += 1) {
    const op: Operation = (["annotation", "reply", "comment"] as const)[(seq + index) % 3]!;
    const key = `faults-${index}-${seq}-${randomBytes(4).toString("hex")}`;
    const body = `Fault bench ${key}`;
    let url: string;
    let payload: Record<string, unknown>;
    if (op === "annotation") {
      const first = (index * 131 + seq * 17) % (context.words.length - 6);
      const start = context.words[first]!.start;
      const end = context.words[first + 1 + (seq % 4)]!.end;
      url = `${ORIGIN}/api/articles/${context.slug}/annotations`;
      payload = {
        revisionId: context.revisionId,
        selector: { exact: context.text.slice(start, end), prefix: "", suffix: "", start, end },
        body,
        visibility: seq % 2 ? "PUBLIC" : "PRIVATE",
        idempotencyKey: key,
      };
    } else if (op === "reply") {
      url = `${ORIGIN}/api/annotation-items/${own.at(-1) ?? context.sharedAnnotationId}/replies`;
      payload = { body, idempotencyKey: key };
    } else {
      url = `${ORIGIN}/api/articles/${context.slug}/comments`;
      payload = { body, idempotencyKey: key };
    }
    unfinished.add(key);
    // Retry with the same key until the app acknowledges it (2xx) or refuses it (4xx other than 429).
    for (;;) {
      const startedAt = now();
      let status = 0;
      let retryAfter: string | null = null;
      let timedOut = false;
      let text = "";
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: ORIGIN, Cookie: cookie },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        retryAfter = response.headers.get("retry-after");
        text = await response.text();
      } catch (error) {
        timedOut = (error as Error).name === "TimeoutError";
      }
      attempts.push({ op, key, startedAt, endedAt: now(), status, retryAfter, timedOut });
      if (status >= 200 && status < 300) {
        const id = (JSON.parse(text) as { id: string }).id;
        const earlier = acknowledged.get(key);
        if (earlier) earlier.consistent &&= earlier.id === id;
        else acknowledged.set(key, { op, key, authorId: userId, id, consistent: true });
        if (op === "annotation") own.push(id);
        unfinished.delete(key);
        break;
      }
      if (status >= 400 && status < 500 && status !== 429) {
        rejected.push({ key, status, body: text.slice(0, 200) });
        unfinished.delete(key);
        break;
      }
      // Past the end the writer stops; a key still unacknowledged is not counted as lost.
      if (now() >= endAt) break;
      const wait = retryAfter ? Math.min(Number(retryAfter) * 1000, MAX_RETRY_WAIT_MS) : RETRY_BACKOFF_MS;
      await sleep(wait);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

function recordResults(lines: string[], ok: boolean) {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  const block = [
    MARKER_BEGIN,
    `### bench:faults — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${commit} (plus uncommitted work), ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), load average ${loadBefore.toFixed(1)} before / ${os.loadavg()[0]!.toFixed(1)} after — ${ok ? "all checks passed" : "CHECKS FAILED"}`,
    "",
    "```",
    ...lines,
    "```",
    MARKER_END,
  ].join("\n");
  const current = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(MARKER_BEGIN);
  const end = current.indexOf(MARKER_END);
  const intro = [
    "## Faults (`npm run bench:faults`)",
    "",
    "Writers post annotations, replies and article comments with idempotency keys through the production app's",
    "HTTP API while its PostgreSQL is stopped (fast shutdown) and started again in the middle of the run; every",
    "failed request is retried with the same key. Budgets: every acknowledged write stored exactly once, answers",
    `during the outage within ${OUTAGE_ANSWER_BUDGET_MS / 1000} s (503 + Retry-After), 2xx again within ${RECOVERY_BUDGET_MS / 1000} s of the database being back, no crash.`,
    "",
  ].join("\n");
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + MARKER_END.length)
      : `${current.trimEnd()}\n\n${intro}\n${block}\n`;
  writeFileSync(RESULTS_FILE, next);
}

const loadBefore = os.loadavg()[0] ?? 0;
let database = null as FaultyDatabase | null;
const appDataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-faults-app-"));

async function main() {
  const bin = options.embedded ? null : postgresBinDir();
  if (!bin && !options.embedded)
    console.warn("No PostgreSQL binaries in /usr/lib/postgresql/*/bin: using the embedded PGlite server.");
  database = bin ? privatePostgres(bin) : embeddedServer();
  await database.start();
  console.log(`Database: ${database.kind}`);
  let databaseUrl = database.adminUrl;
  if (bin) {
    const url = new URL(database.adminUrl);
    url.pathname = "/marginalia";
    execFileSync("psql", ["-X", "-q", "-d", database.adminUrl, "-c", "CREATE DATABASE marginalia"], {
      stdio: "inherit",
    });
    databaseUrl = url.toString();
  }
  await applyPendingMigrations(databaseUrl);
  await runSeed(databaseUrl);

  // Writers, a shared annotation for the first replies, and the article's text for selectors.
  const db = createPrismaClient(databaseUrl, { poolSize: 4 });
  const passwordHash = await hashPassword(PASSWORD);
  const tag = randomBytes(3).toString("hex");
  const users = [];
  for (let i = 0; i < writerCount; i += 1) {
    users.push(
      await db.user.create({
        data: {
          email: `faults-${tag}-${i}@bench.test`,
          handle: `faults-${tag}-${i}`,
          name: `Writer ${i}`,
          passwordHash,
          createdAt: new Date("2025-01-01"),
        },
        select: { id: true, email: true },
      }),
    );
  }
  const article = await db.article.findFirstOrThrow({
    where: { status: "PUBLISHED" },
    select: { slug: true, currentRevision: { select: { id: true, plainText: true } } },
  });
  const text = article.currentRevision!.plainText;
  const words = [...text.matchAll(/\S+/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const shared = await db.annotation.create({
    data: {
      articleId: (await db.article.findUniqueOrThrow({ where: { slug: article.slug }, select: { id: true } }))
        .id,
      revisionId: article.currentRevision!.id,
      authorId: users[0]!.id,
      visibility: "PUBLIC",
      body: "Shared annotation for the fault bench",
      exact: text.slice(words[0]!.start, words[3]!.end),
      prefix: "",
      suffix: "",
      start: words[0]!.start,
      end: words[3]!.end,
      originalExact: text.slice(words[0]!.start, words[3]!.end),
    },
    select: { id: true },
  });
  await db.$disconnect();

  console.log(
    `Starting the app on ${ORIGIN} (${options["no-build"] ? `next start on ${DIST_DIR}` : `npm start's code, building into ${DIST_DIR} when stale`})…`,
  );
  app = startApp(databaseUrl, appDataDir, !bin);
  await waitForOk(`${ORIGIN}/articles/${article.slug}`, app);

  console.log(`Signing in ${writerCount} writers…`);
  const cookies: string[] = [];
  for (const user of users) cookies.push(await signIn(user.email));

  const context: Context = {
    slug: article.slug,
    revisionId: article.currentRevision!.id,
    text,
    words,
    sharedAnnotationId: shared.id,
  };
  clock0 = performance.now();
  console.log(
    `${writerCount} writers for ${durationMs / 1000} s; PostgreSQL stops at ${stopAtMs / 1000} s for ${outageMs / 1000} s…`,
  );
  const writers = users.map((user, index) => writer(index, user.id, cookies[index]!, context, durationMs));

  // The fault, and pages loaded while the database is down.
  const pages: { path: string; status: number; ms: number; kind: string }[] = [];
  const fault = (async () => {
    await sleep(stopAtMs);
    const stopIssuedAt = now();
    await database.stop();
    const downAt = now();
    console.log(
      `PostgreSQL stopped at ${(downAt / 1000).toFixed(1)} s (stop took ${(downAt - stopIssuedAt).toFixed(0)} ms).`,
    );
    await sleep(Math.min(1_000, outageMs / 4));
    for (const pagePath of [`/articles/${article.slug}`, "/notifications"]) {
      const started = now();
      try {
        const response = await fetch(`${ORIGIN}${pagePath}`, {
          headers: { Cookie: cookies[0]! },
          redirect: "manual",
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const html = await response.text();
        pages.push({
          path: pagePath,
          status: response.status,
          ms: now() - started,
          kind: /<html/i.test(html) ? "HTML page" : "no page",
        });
      } catch (error) {
        pages.push({ path: pagePath, status: 0, ms: now() - started, kind: (error as Error).name });
      }
    }
    await sleep(Math.max(0, downAt + outageMs - now()));
    await database.start();
    const upAt = now();
    console.log(`PostgreSQL accepting connections again at ${(upAt / 1000).toFixed(1)} s.`);
    // Recovery as the app sees it, apart from the writers' backoff: a signed-in read of the database every
    // PROBE_INTERVAL_MS until one succeeds.
    let probeOkAt = Number.POSITIVE_INFINITY;
    while (now() - upAt < RECOVERY_BUDGET_MS * 4) {
      try {
        const response = await fetch(`${ORIGIN}/api/articles/${article.slug}/comments`, {
          headers: { Cookie: cookies[0]! },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.ok) {
          probeOkAt = now();
          break;
        }
      } catch {
        // not yet
      }
      await sleep(PROBE_INTERVAL_MS);
    }
    return { stopIssuedAt, downAt, upAt, probeOkAt };
  })();
  const { stopIssuedAt, upAt, probeOkAt } = await fault;
  await Promise.all(writers);
  const endedAt = now();

  // Let the pool settle, then verify against the database.
  const check = createPrismaClient(databaseUrl, { poolSize: 2 });
  const storedAnnotations = await check.annotation.findMany({
    where: { idempotencyKey: { startsWith: "faults-" } },
    select: { id: true, idempotencyKey: true, authorId: true, body: true },
  });
  const storedComments = await check.comment.findMany({
    where: { idempotencyKey: { startsWith: "faults-" } },
    select: { id: true, idempotencyKey: true, authorId: true, body: true },
  });
  await check.$disconnect();
  const byKey = new Map<string, { id: string; authorId: string }[]>();
  for (const row of [...storedAnnotations, ...storedComments]) {
    const list = byKey.get(row.idempotencyKey!) ?? [];
    list.push(row);
    byKey.set(row.idempotencyKey!, list);
  }
  // Independent of the unique constraint: each body names its key, so a write stored twice shows twice.
  const bodies = new Map<string, number>();
  for (const row of [...storedAnnotations, ...storedComments])
    bodies.set(row.body ?? "", (bodies.get(row.body ?? "") ?? 0) + 1);
  const duplicateBodies = [...bodies.values()].filter((count) => count > 1).length;
  let missing = 0;
  let wrongId = 0;
  let duplicates = duplicateBodies;
  for (const ack of acknowledged.values()) {
    const rows = byKey.get(ack.key) ?? [];
    if (rows.length === 0) missing += 1;
    if (rows.length > 1) duplicates += 1;
    if (rows.length >= 1 && (rows[0]!.id !== ack.id || rows[0]!.authorId !== ack.authorId || !ack.consistent))
      wrongId += 1;
  }
  const storedUnacknowledged = [...byKey.keys()].filter((key) => !acknowledged.has(key)).length;

  // Figures.
  const ok2xx = attempts.filter((a) => a.status >= 200 && a.status < 300);
  const s503 = attempts.filter((a) => a.status === 503);
  const s503WithRetryAfter = s503.filter((a) => a.retryAfter !== null && Number(a.retryAfter) > 0);
  const s429 = attempts.filter((a) => a.status === 429);
  const s5xxOther = attempts.filter((a) => a.status >= 500 && a.status !== 503);
  const networkErrors = attempts.filter((a) => a.status === 0 && !a.timedOut);
  const hung = attempts.filter((a) => a.timedOut);
  const duringOutage = attempts.filter((a) => a.startedAt >= stopIssuedAt && a.startedAt < upAt);
  const outageLatencies = duringOutage.map((a) => a.endedAt - a.startedAt).sort((a, b) => a - b);
  const maxOutageLatency = outageLatencies.at(-1) ?? 0;
  const outageOverBudget = duringOutage.filter(
    (a) => a.endedAt - a.startedAt > OUTAGE_ANSWER_BUDGET_MS,
  ).length;
  const outageNot503 = duringOutage.filter(
    (a) => a.status !== 503 && !(a.status >= 200 && a.status < 300),
  ).length;
  const afterUp = attempts.filter((a) => a.startedAt >= upAt);
  const firstOkAfterUp = afterUp
    .filter((a) => a.status >= 200 && a.status < 300)
    .sort((a, b) => a.endedAt - b.endedAt)[0];
  const lastFailureAfterUp = afterUp
    .filter((a) => !(a.status >= 200 && a.status < 300) && a.status !== 429)
    .sort((a, b) => b.endedAt - a.endedAt)[0];
  const writersRecoveryMs = firstOkAfterUp ? firstOkAfterUp.endedAt - upAt : Number.POSITIVE_INFINITY;
  const recoveryMs = probeOkAt - upAt;
  const lastFailureMs = lastFailureAfterUp ? lastFailureAfterUp.endedAt - upAt : 0;
  const normalLatencies = attempts
    .filter((a) => a.endedAt < stopIssuedAt && a.status >= 200 && a.status < 300)
    .map((a) => a.endedAt - a.startedAt)
    .sort((a, b) => a - b);
  const byOp = (op: Operation) => [...acknowledged.values()].filter((ack) => ack.op === op).length;
  const loggedUnavailable = appLog
    .join("")
    .split("\n")
    .filter((line) => /Database unavailable/.test(line)).length;

  const checks = {
    "nothing missing": missing === 0,
    "no duplicates": duplicates === 0 && wrongId === 0,
    [`outage answers within ${OUTAGE_ANSWER_BUDGET_MS / 1000} s`]:
      outageOverBudget === 0 && hung.length === 0,
    "outage answers are 503 with Retry-After":
      outageNot503 === 0 && s503WithRetryAfter.length === s503.length && s503.length > 0,
    [`recovered within ${RECOVERY_BUDGET_MS / 1000} s`]:
      recoveryMs <= RECOVERY_BUDGET_MS &&
      writersRecoveryMs <= RECOVERY_BUDGET_MS &&
      lastFailureMs <= RECOVERY_BUDGET_MS,
    "no 500s": s5xxOther.length === 0,
    "no crash": appExits === 0,
    "no refused write": rejected.length === 0,
  };
  const ok = Object.values(checks).every(Boolean);
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "never");
  const lines = [
    `Database: ${database.kind}; app: ${options["no-build"] ? "next start" : "npm start"} on ${ORIGIN}`,
    `${writerCount} writers for ${(endedAt / 1000).toFixed(0)} s; PostgreSQL stopped at ${(stopIssuedAt / 1000).toFixed(1)} s, accepting connections again at ${(upAt / 1000).toFixed(1)} s (outage ${((upAt - stopIssuedAt) / 1000).toFixed(1)} s)`,
    `Requests: ${attempts.length} (2xx ${ok2xx.length}, 503 ${s503.length} of which with Retry-After ${s503WithRetryAfter.length}, 429 ${s429.length}, other 5xx ${s5xxOther.length}, network errors ${networkErrors.length}, hung > ${REQUEST_TIMEOUT_MS / 1000} s ${hung.length})`,
    `Acknowledged writes: ${acknowledged.size} (annotations ${byOp("annotation")}, replies ${byOp("reply")}, comments ${byOp("comment")}); refused (4xx) ${rejected.length}; still retrying at the end ${unfinished.size}`,
    `Verified in the database: missing 0 expected, found ${missing}; duplicates 0 expected, found ${duplicates}; id differs from the acknowledged one ${wrongId}; stored but never acknowledged (retry cut off by the end) ${storedUnacknowledged}`,
    `Latency before the outage (2xx): p50 ${ms(percentile(normalLatencies, 0.5))}, p95 ${ms(percentile(normalLatencies, 0.95))}`,
    `During the outage: ${duringOutage.length} requests, max latency ${ms(maxOutageLatency)}, p95 ${ms(percentile(outageLatencies, 0.95))}, over ${OUTAGE_ANSWER_BUDGET_MS / 1000} s ${outageOverBudget}, not 503 ${outageNot503}; the app logged ${loggedUnavailable} "Database unavailable" lines`,
    `Pages during the outage: ${pages.map((page) => `GET ${page.path} → ${page.status || "no answer"} (${page.kind}) in ${ms(page.ms)}`).join("; ")}`,
    `Recovery after the database was back: a probe (GET comments, every ${PROBE_INTERVAL_MS} ms) answered 2xx after ${ms(recoveryMs)}; the writers' first 2xx after ${ms(writersRecoveryMs)} (they wait Retry-After), their last failure ${ms(lastFailureMs)} after`,
    `App process exits during the run: ${appExits}`,
    `Checks: ${Object.entries(checks)
      .map(([name, passed]) => `${name} ${passed ? "OK" : "FAILED"}`)
      .join(", ")}`,
  ];
  for (const line of lines) console.log(line);
  if (rejected.length) console.log("Refused writes (first 5):", rejected.slice(0, 5));
  if (s5xxOther.length)
    console.log(
      "App log lines about errors:",
      appLog
        .join("")
        .split("\n")
        .filter((line) => /error/i.test(line))
        .slice(0, 10),
    );
  recordResults(lines, ok);
  if (!ok) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
} finally {
  stopping = true;
  if (app && app.exitCode === null && app.signalCode === null) {
    const exited = new Promise((resolve) => app!.once("exit", resolve));
    app.kill("SIGTERM");
    const timer = setTimeout(() => app!.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
  await database
    ?.destroy()
    .catch((error: unknown) => console.error("Could not remove the bench database:", error));
  rmSync(appDataDir, { recursive: true, force: true });
  // Route types written by a build would join everyone's type check (see scripts/bench/page.ts).
  rmSync(path.join(ROOT, DIST_DIR, "types"), { recursive: true, force: true });
}
process.exit();
