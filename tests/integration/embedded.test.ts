// The embedded PostgreSQL (PGlite behind its wire-protocol server): data survives a restart, one process
// at a time holds a folder, a lock left by a dead process is taken over, and the app's pool fits.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DatabaseFolderLockedError,
  EMBEDDED_MAX_CONNECTIONS,
  LOCK_FILE,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from "@/lib/db/embedded";
import { DB_POOL_SIZE } from "@/lib/db/prisma-factory";

const COLD_START_TIMEOUT_MS = 90_000;

async function withClient<T>(connectionString: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The PID of a process that has exited, as a crashed holder's lock file would contain. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("embedded database on a folder", () => {
  let folder: string;
  let running: EmbeddedDatabase | undefined;

  beforeAll(async () => {
    folder = path.join(await mkdtemp(path.join(tmpdir(), "marginalia-embedded-")), "pglite");
  });
  afterAll(async () => {
    await running?.stop();
    await rm(path.dirname(folder), { recursive: true, force: true });
  });

  // The first start creates the database (initdb in WebAssembly): seconds on a busy two-core machine.
  it("keeps what was written across a stop and a start", { timeout: COLD_START_TIMEOUT_MS }, async () => {
    running = await startEmbeddedDatabase({ dataDir: folder });
    expect(running.host).toBe("127.0.0.1");
    expect(running.connectionString).toBe(`postgresql://postgres@127.0.0.1:${running.port}/postgres`);
    await withClient(running.connectionString, async (client) => {
      await client.query(`CREATE TABLE "probe" ("id" INTEGER PRIMARY KEY, "note" TEXT NOT NULL)`);
      await client.query(`INSERT INTO "probe" VALUES (1, $1)`, ["kept across restarts"]);
    });
    await running.stop();
    expect(existsSync(path.join(folder, LOCK_FILE))).toBe(false);

    running = await startEmbeddedDatabase({ dataDir: folder });
    const rows = await withClient(
      running.connectionString,
      async (client) => (await client.query<{ id: number; note: string }>(`SELECT * FROM "probe"`)).rows,
    );
    expect(rows).toEqual([{ id: 1, note: "kept across restarts" }]);
  });

  it("refuses a second start on a folder that is in use, naming the folder and the holder", async () => {
    if (!running) throw new Error("the previous test leaves the database running");
    expect(readFileSync(path.join(folder, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));

    const second = startEmbeddedDatabase({ dataDir: folder });
    await expect(second).rejects.toBeInstanceOf(DatabaseFolderLockedError);
    await expect(second).rejects.toThrow(`${folder} is in use by process ${process.pid}`);

    // The first holder is untouched: still serving, still holding the lock, data intact.
    const count = await withClient(
      running.connectionString,
      async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "probe"`)).rows,
    );
    expect(count).toEqual([{ n: 1 }]);
    expect(readFileSync(path.join(folder, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
  });

  it("serves as many connections at once as the app's pool and more", async () => {
    if (!running) throw new Error("the previous test leaves the database running");
    expect(EMBEDDED_MAX_CONNECTIONS).toBeGreaterThan(DB_POOL_SIZE);
    const pool = new pg.Pool({ connectionString: running.connectionString, max: DB_POOL_SIZE + 2 });
    try {
      // Each query holds its connection until all have started, so the pool really opens them all.
      const clients = await Promise.all(Array.from({ length: DB_POOL_SIZE + 2 }, () => pool.connect()));
      const results = await Promise.all(
        clients.map((client, index) => client.query<{ n: number }>("SELECT $1::int AS n", [index])),
      );
      clients.forEach((client) => client.release());
      expect(results.map((result) => result.rows[0]?.n)).toEqual(clients.map((_, index) => index));
    } finally {
      await pool.end();
    }
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    await running?.stop();
    running = undefined;
    writeFileSync(path.join(folder, LOCK_FILE), `${deadPid()}\n`);

    running = await startEmbeddedDatabase({ dataDir: folder });
    expect(readFileSync(path.join(folder, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
    const count = await withClient(
      running.connectionString,
      async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "probe"`)).rows,
    );
    expect(count).toEqual([{ n: 1 }]);
  });
});
