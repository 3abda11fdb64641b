// npm run bench:body-limit (issue 20): what oversized bodies cost the server. A benchmark run on demand,
// not a test: it prints figures for docs/benchmarks.md ("Body limit").
//
// Serves an existing production build (NEXT_DIST_DIR, default .next-e2e; build one with `npm start` or an
// e2e run first) twice on the same database: with `next start` (Next alone, as before issue 20) and with
// scripts/server.ts (the front gate). Against each it sends, unauthenticated and 20 at a time:
//   - 20 POSTs to a JSON route each declaring and sending 11 MB;
//   - 20 POSTs declaring 2,000,000,000 bytes and sending none;
// and samples the server's resident memory (VmRSS of the one process) every 50 ms, from before the first
// request to after the last answer. Reports the baseline, the peak and how long the answers took.
//
// Environment: DATABASE_URL (required), NEXT_DIST_DIR (.next-e2e), BENCH_BODY_PORT (3290).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_BODY_PORT ?? 3290);
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-e2e";
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const CONCURRENT = 20;
const BODY_BYTES = 11 * 1024 * 1024;
const DECLARED_HUGE = 2_000_000_000;
const SAMPLE_MS = 50;
/** A request that has not been answered by then is reported as hung. */
const ANSWER_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 120_000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function startServer(kind: "next-start" | "front-gate"): ChildProcess {
  const args =
    kind === "next-start"
      ? [NEXT_BIN, "start", "-p", String(PORT)]
      : ["--import", "tsx", path.join(ROOT, "scripts/server.ts")];
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), NEXT_DIST_DIR: DIST_DIR },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitReady(): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/signin`);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The server did not start");
}

/** One POST; resolves with the status (or "hung"/"reset") and how long the answer took. */
function post(declared: number, send: number): Promise<{ status: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: PORT,
        method: "POST",
        path: "/api/articles/any-article/comments",
        headers: { "Content-Type": "application/json", "Content-Length": String(declared) },
        timeout: ANSWER_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: String(response.statusCode), ms: Date.now() - started }));
      },
    );
    request.on("timeout", () => {
      request.destroy();
      resolve({ status: "hung", ms: Date.now() - started });
    });
    request.on("error", () => resolve({ status: "reset", ms: Date.now() - started }));
    // Node's client holds the headers back until the first write; an attacker's client does not.
    request.flushHeaders();
    if (send > 0) {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let left = send;
      const pump = () => {
        while (left > 0) {
          const size = Math.min(chunk.length, left);
          left -= size;
          if (!request.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
            request.once("drain", pump);
            return;
          }
        }
        request.end();
      };
      pump();
    }
  });
}

function summarise(results: { status: string; ms: number }[]): string {
  const statuses = new Map<string, number>();
  for (const result of results) statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
  const slowest = Math.max(...results.map((result) => result.ms));
  return `${[...statuses].map(([status, count]) => `${count}× ${status}`).join(", ")}; slowest ${slowest} ms`;
}

async function measure(kind: "next-start" | "front-gate"): Promise<void> {
  const server = startServer(kind);
  try {
    await waitReady();
    const pid = server.pid!;
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), SAMPLE_MS);
    const sent = await Promise.all(Array.from({ length: CONCURRENT }, () => post(BODY_BYTES, BODY_BYTES)));
    const silent = await Promise.all(Array.from({ length: CONCURRENT }, () => post(DECLARED_HUGE, 0)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    clearInterval(sampler);
    console.log(`${kind}:`);
    console.log(
      `  RSS baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - baseline).toFixed(0)} MB)`,
    );
    console.log(`  ${CONCURRENT} × 11 MB sent: ${summarise(sent)}`);
    console.log(`  ${CONCURRENT} × 2 GB declared, none sent: ${summarise(silent)}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL (a migrated database) first.");
const only = process.argv[2];
if (!only || only === "next-start") await measure("next-start");
if (!only || only === "front-gate") await measure("front-gate");
