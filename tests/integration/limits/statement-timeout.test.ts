// Every connection the app opens carries a statement_timeout, so a slow query fails instead of hanging a
// request (and a pooled connection) indefinitely.
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient, DB_STATEMENT_TIMEOUT_MS } from "@/lib/db/prisma-factory";
import { testDatabaseUrl, testDb } from "../../helpers/db";

// The embedded database (PGlite, one WASM process) ignores statement_timeout and cannot cancel a running
// statement; it is a development convenience, production runs on a PostgreSQL server.
const embedded = inject("databaseKind") === "embedded";

describe.skipIf(embedded)("database statement timeout", () => {
  it("the app's connections run with statement_timeout = DB_STATEMENT_TIMEOUT_MS", async () => {
    const rows = await testDb().$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
    expect(rows[0]?.statement_timeout).toBe(`${DB_STATEMENT_TIMEOUT_MS / 1000}s`);
  });

  it("a statement that runs longer than the timeout is cancelled with an error, promptly", async () => {
    const client = createPrismaClient(testDatabaseUrl(), { poolSize: 1, statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      await expect(client.$queryRaw`SELECT pg_sleep(5)`).rejects.toThrow(
        /statement timeout|canceling statement/i,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      // The connection is still usable afterwards.
      expect(await client.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await client.$disconnect();
    }
  });
});
