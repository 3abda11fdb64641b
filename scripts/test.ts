// npm test: every check the project has, in order, stopping at the first failure.
//   npm test                       all steps
//   npm test -- unit integration   only the named steps (names as listed below)
// The database: DATABASE_URL when set (it must be on this machine: tests write data), otherwise each step
// that needs one starts an embedded PostgreSQL of its own in a temporary place (the integration global
// setup, the drift check, the Playwright web server), so a developer's `npm start` data is never touched.
import { spawn } from "node:child_process";
import path from "node:path";
import { assertLocalDatabase } from "../tests/setup/local-database";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const tsx = bin("tsx");

interface Step {
  name: string;
  command: string;
  args: string[];
}

const STEPS: Step[] = [
  { name: "prisma-generate", command: tsx, args: ["scripts/prisma-generate.ts"] },
  // Formatting is checked before lint so a style-only diff fails fast with Prettier's own message.
  { name: "format", command: bin("prettier"), args: ["--check", "."] },
  { name: "lint", command: bin("eslint"), args: [".", "--max-warnings", "0"] },
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
  { name: "drift", command: tsx, args: ["scripts/db/check-drift.ts"] },
  { name: "unit", command: bin("vitest"), args: ["run", "--project", "unit"] },
  { name: "integration", command: bin("vitest"), args: ["run", "--project", "integration"] },
  { name: "e2e", command: bin("playwright"), args: ["test"] },
];

type Outcome = "passed" | "failed" | "not run";
interface Result {
  step: Step;
  outcome: Outcome;
  seconds: number;
}

const SIGNAL_EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
let interruptedBy: NodeJS.Signals | null = null;

function formatSeconds(seconds: number): string {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
    : `${seconds.toFixed(1)} s`;
}

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" },
    });
    // Ctrl-C reaches the child through the terminal; SIGTERM sent to us alone is passed on.
    const forward = (signal: NodeJS.Signals) => {
      interruptedBy = signal;
      child.kill(signal);
    };
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.once("error", (error) => {
      console.error(`Could not run ${step.command}: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? (SIGNAL_EXIT_CODES[signal] ?? 1) : 1));
    });
  });
}

function selectSteps(names: string[]): Step[] {
  if (names.length === 0) return STEPS;
  const unknown = names.filter((name) => !STEPS.some((step) => step.name === name));
  if (unknown.length > 0) {
    console.error(
      `Unknown step(s): ${unknown.join(", ")}. Steps: ${STEPS.map((step) => step.name).join(", ")}.`,
    );
    process.exit(2);
  }
  return STEPS.filter((step) => names.includes(step.name));
}

function printSummary(results: Result[], totalSeconds: number): void {
  const width = Math.max(...results.map((result) => result.step.name.length));
  console.log("\nSummary");
  for (const { step, outcome, seconds } of results) {
    const mark = outcome === "passed" ? "✔" : outcome === "failed" ? "✘" : "·";
    const time = outcome === "not run" ? "" : formatSeconds(seconds);
    console.log(`  ${mark} ${step.name.padEnd(width)}  ${outcome.padEnd(7)}  ${time}`);
  }
  const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length;
  const notRun = count("not run");
  console.log(`Total ${formatSeconds(totalSeconds)}`);
  console.log(`${count("passed")} passed, ${count("failed")} failed${notRun ? `, ${notRun} not run` : ""}`);
}

async function main(): Promise<void> {
  const steps = selectSteps(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (databaseUrl) {
    try {
      assertLocalDatabase(databaseUrl);
    } catch (error) {
      console.error((error as Error).message);
      process.exit(1);
    }
    const { hostname, port, pathname } = new URL(databaseUrl);
    console.log(
      `Database: DATABASE_URL (PostgreSQL at ${hostname || "local socket"}${port ? `:${port}` : ""}${pathname})`,
    );
  } else {
    console.log("Database: embedded PostgreSQL (PGlite), a fresh one for each step that needs it");
  }

  const results: Result[] = steps.map((step) => ({ step, outcome: "not run", seconds: 0 }));
  const started = performance.now();
  for (const result of results) {
    console.log(
      `\n▶ ${result.step.name}: ${path.basename(result.step.command)} ${result.step.args.join(" ")}`,
    );
    const stepStarted = performance.now();
    const code = await run(result.step);
    result.seconds = (performance.now() - stepStarted) / 1000;
    result.outcome = code === 0 ? "passed" : "failed";
    console.log(
      `${code === 0 ? "✔" : "✘"} ${result.step.name} ${result.outcome} in ${formatSeconds(result.seconds)}`,
    );
    if (code !== 0 || interruptedBy) break;
  }
  printSummary(results, (performance.now() - started) / 1000);
  const failed = results.some((result) => result.outcome === "failed");
  process.exitCode = interruptedBy ? (SIGNAL_EXIT_CODES[interruptedBy] ?? 1) : failed ? 1 : 0;
}

await main();
