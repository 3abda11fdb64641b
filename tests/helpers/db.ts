// Database helpers for integration tests. Tests share one migrated database and never clean it up, so
// each test creates its own rows under ids from uniqueId() and asserts only on those.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { createPrismaClient, type Db } from "@/lib/db/prisma-factory";

/** The migrated test database (a local server or the embedded one). */
export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

let shared: Db | undefined;

/** A Prisma client on the test database, shared by the file and disconnected after its tests. */
export function testDb(): Db {
  if (!shared) {
    const client = createPrismaClient(testDatabaseUrl(), { poolSize: 2 });
    shared = client;
    afterAll(async () => {
      await client.$disconnect();
      shared = undefined;
    });
  }
  return shared;
}

let counter = 0;

/**
 * A short id unique across files, runs and processes: "<prefix>-<random>-<n>". Use it for slugs, emails,
 * names, anything with a unique constraint, so tests never collide with each other or earlier runs.
 */
export function uniqueId(prefix = "t"): string {
  counter += 1;
  return `${prefix}-${randomBytes(5).toString("hex")}-${counter}`;
}

export interface ScratchDatabase {
  connectionString: string;
  drop(): Promise<void>;
}

/**
 * An empty database of its own (no migrations applied), for tests about migrating or seeding from
 * nothing. On a server: CREATE DATABASE beside the test database. Embedded: another in-memory PGlite.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  if (inject("databaseKind") === "embedded") {
    const embedded = await startEmbeddedDatabase({ dataDir: null });
    return { connectionString: embedded.connectionString, drop: () => embedded.stop() };
  }
  const name = `marginalia_scratch_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    // The name is ours (hex only), so interpolating it is safe; CREATE DATABASE takes no parameters.
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    connectionString: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
