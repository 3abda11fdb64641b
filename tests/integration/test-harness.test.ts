// Guards the integration harness itself: the database the tests get is migrated, helpers hand out
// unique ids, and a scratch database really starts empty.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/db/migrations";
import { createScratchDatabase, testDatabaseUrl, testDb, uniqueId } from "@/tests/helpers/db";

async function appliedMigrations(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    return rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

describe("integration harness", () => {
  it("gives tests a database with every migration applied", async () => {
    const onDisk = (await readMigrations()).map((migration) => migration.name);
    expect(onDisk.length).toBeGreaterThan(0);
    expect(await appliedMigrations(testDatabaseUrl())).toEqual(onDisk);
  });

  it("exposes the database to code under test through DATABASE_URL", () => {
    expect(process.env.DATABASE_URL).toBe(testDatabaseUrl());
  });

  it("gives a Prisma client that reads and writes the test database", async () => {
    const db = testDb();
    const slug = uniqueId("harness");
    const counted = await db.article.count({ where: { slug } });
    expect(counted).toBe(0);
  });

  it("hands out ids that never repeat", () => {
    const ids = Array.from({ length: 1000 }, () => uniqueId("x"));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^x-[0-9a-f]{10}-\d+$/);
  });

  it("creates scratch databases that start empty and are separate from the test database", async () => {
    const scratch = await createScratchDatabase();
    try {
      expect(scratch.connectionString).not.toBe(testDatabaseUrl());
      const client = new pg.Client({ connectionString: scratch.connectionString });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          `SELECT count(*) AS count FROM information_schema.tables WHERE table_schema = 'public'`,
        );
        expect(Number(rows[0]?.count)).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
    }
  });
});
