// npm start (and npm run dev, which passes --dev): one command from a fresh clone to a running app.
// Generates the Prisma client if needed, picks the database (DATABASE_URL, or the embedded PostgreSQL),
// migrates and seeds it, builds when the build is missing or stale, then runs Next.js and, when Next
// exits, stops the embedded database. Modules that need the generated client are imported after generation.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EMBEDDED_POOL_SIZE, REPO_ROOT, localDataDir } from "../lib/db/embedded";
import { applyPendingMigrations } from "../lib/db/migrations";
import { parseEnv } from "../lib/env";
import { openDatabase, reportError, type OpenDatabase } from "./lib/database";

const dev = process.argv.includes("--dev");
const NEXT_BIN = path.join(REPO_ROOT, "node_modules/next/dist/bin/next");
// What a production build is made from; a change to any of these makes the build stale.
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "content",
  "public",
  "next.config.js",
  // Root modules compiled into the server: the proxy and Auth.js's configuration.
  "proxy.ts",
  "auth.ts",
  "auth.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
// Production builds use webpack: on the article page its output is about 2 KB gzipped smaller than
// Turbopack's (measured: 149.4 KB against 151.3 KB of JavaScript, budget 150 KB, docs/benchmarks.md).
// `next dev` keeps Turbopack, which only changes how fast a change shows up.
const PRODUCTION_BUILD_ARGS = ["build", "--webpack"];
const AUTH_SECRET_FILE = "auth-secret";
const AUTH_SECRET_BYTES = 32;
const SIGNAL_EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

let database: OpenDatabase | undefined;
// Set while the database is being opened, so a Ctrl-C then waits for it and closes it properly rather
// than leaving PGlite half-initialised.
let opening: Promise<OpenDatabase> | undefined;
let child: ChildProcess | undefined;
let stopRequested = false;

async function stopAndExit(code: number): Promise<never> {
  const open = database ?? (await opening?.catch(() => undefined));
  try {
    await open?.stop();
  } catch (error) {
    reportError(error);
    code ||= 1;
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopRequested = true;
    // While Next (or a build) runs, it shuts down first and its exit stops the database; otherwise we are
    // between steps (migrating, seeding) and stop right away.
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    else void stopAndExit(SIGNAL_EXIT_CODES[signal] ?? 1);
  });
}

function childEnv(connectionString: string, port: number, embedded: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: connectionString,
    ...(embedded ? { MARGINALIA_DB_POOL_SIZE: String(EMBEDDED_POOL_SIZE) } : {}),
    PORT: String(port),
    AUTH_SECRET: process.env.AUTH_SECRET || localAuthSecret(),
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
  };
}

/** A random AUTH_SECRET made once and kept in the data folder, so sessions survive restarts. */
function localAuthSecret(): string {
  const dataDir = localDataDir();
  const file = path.join(dataDir, AUTH_SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(AUTH_SECRET_BYTES).toString("base64url")}\n`, {
      flag: "wx",
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}

function newestModification(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry.startsWith(".") || entry === "node_modules") continue;
    newest = Math.max(newest, newestModification(path.join(target, entry)));
  }
  return newest;
}

/** Why a build is needed, or null when the production build is newer than everything it is made from. */
function buildNeeded(distDir: string): string | null {
  const buildId = path.join(REPO_ROOT, distDir, "BUILD_ID");
  if (!existsSync(buildId)) return `no production build in ${distDir}/`;
  const builtAt = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestModification(path.join(REPO_ROOT, input)) > builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

function runNext(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return runNode([NEXT_BIN, ...args], env);
}

function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    // Node runs the entry directly (no npx or shell in between), so signals reach the server itself.
    child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

/** After Ctrl-C between steps: the signal handler is already stopping the database and will exit. */
function interrupted(): Promise<never> {
  return new Promise<never>(() => {});
}

async function main(): Promise<never> {
  // Nothing phones home, in this process or any it starts (prisma generate, next build, next start).
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.CHECKPOINT_DISABLE = "1";
  let port: number;
  try {
    port = parseEnv().PORT;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }

  // First, so that a refusal (server down, folder in use) comes at once.
  try {
    opening = openDatabase();
    database = await opening;
  } catch (error) {
    reportError(error);
    process.exit(1);
  }
  if (stopRequested) return interrupted();
  console.log(`Database: ${database.description}`);

  try {
    // Generates lib/generated/prisma when schema.prisma changed (a no-op otherwise).
    await import("./prisma-generate");
    const { runSeed, describeSeedReport } = await import("./db/seed");
    const applied = await applyPendingMigrations(database.connectionString);
    if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
    if (stopRequested) return interrupted();
    console.log(describeSeedReport(await runSeed(database.connectionString)));
  } catch (error) {
    // A query cut short by the shutdown is not worth reporting.
    if (stopRequested) return interrupted();
    reportError(error);
    return stopAndExit(1);
  }

  const env = childEnv(database.connectionString, port, database.embedded !== null);
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  const reason = dev ? null : buildNeeded(distDir);
  if (stopRequested) return interrupted();
  if (reason) {
    console.log(`Building the app (${reason})…`);
    const build = await runNext(PRODUCTION_BUILD_ARGS, env);
    if (build.code !== 0) {
      if (!stopRequested) console.error("The build failed; see the output above.");
      return stopAndExit(stopRequested ? 0 : 1);
    }
  }
  if (stopRequested) return stopAndExit(0);
  // Production runs our own server around Next's handler (scripts/server.ts: body limits before reading,
  // request timeouts, the client address); development keeps `next dev` for its hot reload.
  const server = dev
    ? await runNext(["dev", "-p", String(port)], env)
    : await runNode(["--import", "tsx", path.join(REPO_ROOT, "scripts/server.ts")], {
        ...env,
        NODE_ENV: "production",
      });
  // Stopped by us (Ctrl-C, SIGTERM): a normal end. Otherwise Next's own exit code (port in use, a crash…).
  return stopAndExit(stopRequested ? 0 : (server.code ?? 1));
}

await main();
