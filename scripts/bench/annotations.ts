// npm run bench:annotations (issue 4). A benchmark, not a test: it prints figures and records them in
// docs/benchmarks.md.
//   1. Server: 10,000 annotations on the article, 1,000 visible to the viewer; the viewer's annotation
//      list timed in-process against PostgreSQL (budget p95 < 50 ms).
//   2. Browser: the production app started on that database; Chromium anchors and paints 1,000
//      annotations (performance marks; budget < 100 ms) and the article page's JavaScript is weighed
//      (budget 150 KB gzipped).
// --server-only: step 1 alone (no build, no browser), for quick before/after comparisons.
// --use-build: serve the build already in BENCH_NEXT_DIST_DIR as it is (no staleness check, no rebuild).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { DEMO_READER, formatClientBench, runClientBench } from "./annotations-client";
import {
  BENCH_SLUG,
  compareRowLoading,
  dropBenchDatabase,
  formatRowsComparison,
  formatServerFigures,
  measureServerList,
  prepareBenchDatabase,
} from "./annotations-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_PORT ?? 3260);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SERVER_READY_TIMEOUT_MS = 10 * 60_000;
const RESULTS_FILE = path.join(ROOT, "docs/benchmarks.md");
const MARKER_BEGIN = "<!-- bench:annotations:begin -->";
const MARKER_END = "<!-- bench:annotations:end -->";

async function waitForPage(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not serve ${url} in time.`);
}

function recordFigures(lines: string[]) {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout
  }
  const block = [
    MARKER_BEGIN,
    `### bench:annotations — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${commit}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
    "",
    "```",
    ...lines,
    "```",
    MARKER_END,
  ].join("\n");
  const current = readFileSync(RESULTS_FILE, "utf8");
  const start = current.indexOf(MARKER_BEGIN);
  const end = current.indexOf(MARKER_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + MARKER_END.length)
      : `${current.trimEnd()}\n\n## Annotations\n\n${block}\n`;
  writeFileSync(RESULTS_FILE, next);
}

const serverOnly = process.argv.includes("--server-only");
const useBuild = process.argv.includes("--use-build");
const distDir = process.env.BENCH_NEXT_DIST_DIR ?? ".next-bench";
const serverUrl = process.env.DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const bench = await prepareBenchDatabase(serverUrl);
const lines: string[] = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-"));
let exitCode = 0;
try {
  const server = await measureServerList(bench);
  lines.push(formatServerFigures(server));
  console.log(lines.at(-1));
  lines.push(formatRowsComparison(await compareRowLoading(bench)));
  console.log(lines.at(-1));
  await bench.db.$disconnect();
  if (server.p95 >= 50) exitCode = 1;

  if (!serverOnly) {
    const args = useBuild
      ? [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)]
      : ["--import", "tsx", path.join(ROOT, "scripts/start.ts")];
    const app = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        ...(useBuild
          ? {
              NODE_ENV: "production",
              AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-only-secret-bench-only-secret-0123",
              AUTH_TRUST_HOST: "true",
            }
          : {}),
        DATABASE_URL: bench.connectionString,
        PORT: String(PORT),
        NEXT_DIST_DIR: distDir,
        MARGINALIA_DATA_DIR: dataDir,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    try {
      await waitForPage(`${ORIGIN}/articles/${BENCH_SLUG}`, Date.now() + SERVER_READY_TIMEOUT_MS);
      const client = await runClientBench({ baseUrl: ORIGIN, slug: BENCH_SLUG, reader: DEMO_READER });
      lines.push(formatClientBench(client));
      console.log(lines.at(-1));
      if (client.p95Ms >= 100 || client.totalGzipBytes > 150 * 1024) exitCode = 1;
    } finally {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
    }
  }
  recordFigures(lines);
} finally {
  await dropBenchDatabase(serverUrl, bench.name);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
