// The app server for Playwright: the same `npm start` code (scripts/start.ts: database, migrations, seed,
// build when missing or stale, `next start`), with settings of its own so a test run never touches a
// developer's build (.next), data (.data) or database:
//   - DATABASE_URL set: a fresh database created for this run on that server (which must be on this
//     machine), dropped when the server stops. The integration tests' rows never show up in the pages.
//   - unset: the embedded PostgreSQL in a fresh temporary folder, deleted when the server stops.
// Playwright starts it (playwright.config.ts, webServer) and stops it with SIGTERM.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { assertLocalDatabase } from "./local-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
// PostgreSQL truncates identifiers longer than this.
const MAX_IDENTIFIER_LENGTH = 63;

async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface RunDatabase {
  url: string | undefined;
  drop(): Promise<void>;
}

/** A database of the run's own beside DATABASE_URL's, or DATABASE_URL itself when none can be created. */
async function createRunDatabase(configured: string): Promise<RunDatabase> {
  const base = new URL(configured);
  const baseName = decodeURIComponent(base.pathname.replace(/^\//, "")) || "marginalia";
  const suffix = `_e2e_${randomBytes(4).toString("hex")}`;
  // Letters, digits and underscores only, so the name can be quoted into SQL safely.
  const name = (
    baseName.replace(/\W/g, "_").slice(0, MAX_IDENTIFIER_LENGTH - suffix.length) + suffix
  ).toLowerCase();
  try {
    await adminQuery(configured, `CREATE DATABASE "${name}"`);
  } catch (error) {
    console.warn(
      `Could not create a database for the e2e run (${(error as Error).message}); using DATABASE_URL's.`,
    );
    return { url: configured, drop: async () => {} };
  }
  const url = new URL(configured);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(configured, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

const configured = process.env.DATABASE_URL?.trim();
if (configured) {
  try {
    assertLocalDatabase(configured);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

// Local state (the embedded database when DATABASE_URL is unset, a generated AUTH_SECRET) lives in a
// throwaway folder: every run starts from an empty database that the seed fills.
const dataDir = mkdtempSync(path.join(tmpdir(), "marginalia-e2e-"));
const database: RunDatabase = configured
  ? await createRunDatabase(configured)
  : { url: undefined, drop: async () => {} };

const env: NodeJS.ProcessEnv = { ...process.env, MARGINALIA_DATA_DIR: dataDir };
if (database.url) env.DATABASE_URL = database.url;
else delete env.DATABASE_URL;

const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  cwd: ROOT,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // Playwright signals the whole process group; passing it on covers a signal sent to this process alone.
  process.on(signal, () => server.kill(signal));
}
server.once("exit", (code, signal) => {
  void (async () => {
    try {
      await database.drop();
    } catch (error) {
      console.error(`Could not drop the e2e database: ${(error as Error).message}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
    // Next writes route types into the build folder, and tsconfig.json includes every .next*/types
    // folder: once the routes change, ours would break everyone's type check. The server does not need them.
    rmSync(path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next-e2e", "types"), {
      recursive: true,
      force: true,
    });
    process.exit(code ?? (signal ? 0 : 1));
  })();
});
