// The database commands of README work on a fresh clone, before anything else was run: the tracked files
// of this checkout are copied to a temporary folder (no lib/generated, as after `git clone`), node_modules
// is linked in, and `npm run db:seed`, `user:create`, `db:backup` and `db:restore` run there as typed.
// Each must generate the Prisma client itself (issue 16: they failed with "Cannot find module
// lib/generated/prisma/client" unless `npm start` had run first).
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyPendingMigrations } from "@/lib/db/migrations";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/helpers/db";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);
/** Each command generates the client (first one only) and starts Node with tsx: slow on a busy machine. */
const COMMAND_TIMEOUT_MS = 240_000;

/** Runs `npm run <script> -- <args>` in the clone; resolves with its output, rejects on a non-zero exit. */
function npmRun(cwd: string, env: NodeJS.ProcessEnv, script: string, args: string[], stdin = "") {
  return new Promise<string>((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), COMMAND_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`npm run ${script} exited with ${code}:\n${output}`));
    });
    child.stdin.end(stdin);
  });
}

async function count(connectionString: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

// The embedded variant has no server URL to hand to the clone's commands.
describe.skipIf(inject("databaseKind") === "embedded")("database commands on a fresh clone", () => {
  let clone: string;
  let scratch: ScratchDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    clone = await mkdtemp(path.join(tmpdir(), "marginalia-clone-"));
    // The tracked files as they are in this checkout: what a clone of it would contain.
    await run("sh", ["-c", `git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "${clone}"`], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    await symlink(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
    scratch = await createScratchDatabase();
    await applyPendingMigrations(scratch.connectionString);
    env = {
      ...process.env,
      DATABASE_URL: scratch.connectionString,
      CHECKPOINT_DISABLE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    };
  }, COMMAND_TIMEOUT_MS);

  afterAll(async () => {
    await scratch?.drop();
    if (clone) await rm(clone, { recursive: true, force: true });
  });

  it(
    "db:seed, user:create, db:backup and db:restore run without a prior npm start",
    async () => {
      expect(existsSync(path.join(clone, "lib/generated"))).toBe(false);

      await npmRun(clone, env, "db:seed", []);
      expect(existsSync(path.join(clone, "lib/generated/prisma/client.ts"))).toBe(true);
      expect(await count(scratch.connectionString, "Article")).toBeGreaterThan(0);

      const usersBefore = await count(scratch.connectionString, "User");
      await npmRun(
        clone,
        env,
        "user:create",
        ["--email", "fresh-clone@example.com", "--role", "admin"],
        "a long enough password 123\n",
      );
      expect(await count(scratch.connectionString, "User")).toBe(usersBefore + 1);

      const backup = path.join(clone, "backup.dump");
      await npmRun(clone, env, "db:backup", [backup]);
      expect(existsSync(backup)).toBe(true);
      await npmRun(clone, env, "db:restore", [backup, "--force"]);
      expect(await count(scratch.connectionString, "User")).toBe(usersBefore + 1);
    },
    COMMAND_TIMEOUT_MS * 4,
  );
});
