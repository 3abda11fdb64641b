// Migrations without Prisma's native engine: applying them as `prisma migrate deploy` would (same
// _prisma_migrations rows), refusing edited or failing ones, and the drift check between schema.prisma
// and prisma/migrations.
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyPendingMigrations,
  createMigration,
  MIGRATIONS_DIR,
  MigrationError,
  pendingSchemaChange,
  readMigrations,
  SCHEMA_PATH,
} from "@/lib/db/migrations";
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from "@/tests/helpers/db";

interface MigrationRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

async function query<T extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const migrationRows = (connectionString: string) =>
  query<MigrationRow>(connectionString, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);

const temporaryFolders: string[] = [];
async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "marginalia-migrations-"));
  temporaryFolders.push(folder);
  return folder;
}
afterAll(async () => {
  await Promise.all(temporaryFolders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe("applying migrations to an empty database", () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await scratch.drop();
  });

  it("applies every migration once and records it as prisma migrate deploy does", async () => {
    const names = (await readMigrations()).map((migration) => migration.name);
    expect(names.length).toBeGreaterThan(0);

    expect(await applyPendingMigrations(scratch.connectionString)).toEqual(names);

    const rows = await migrationRows(scratch.connectionString);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      // Prisma's checksum: the sha256 of migration.sql's bytes, in lower-case hex.
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    // The schema really is there.
    const tables = await query<{ table_name: string }>(
      scratch.connectionString,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('Article', 'ArticleRevision')`,
    );
    expect(tables).toHaveLength(2);

    expect(await applyPendingMigrations(scratch.connectionString)).toEqual([]);
    expect(await migrationRows(scratch.connectionString)).toHaveLength(names.length);
  });

  it("refuses a migration edited after it was applied", async () => {
    const dir = await temporaryFolder();
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await readMigrations(dir);
    if (!first) throw new Error("no migrations on disk");
    await writeFile(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);

    await expect(applyPendingMigrations(scratch.connectionString, dir)).rejects.toThrow(
      /edited after it was applied/,
    );
  });
});

describe("a failing migration", () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await scratch.drop();
  });

  it("leaves neither its changes nor a record, and keeps the migrations before it", async () => {
    const dir = await temporaryFolder();
    await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    for (const [name, sql] of [
      ["20000101000000_good", `CREATE TABLE "probe_good" ("id" INTEGER PRIMARY KEY);`],
      [
        "20000102000000_bad",
        `CREATE TABLE "probe_bad" ("id" INTEGER PRIMARY KEY);\nSELECT * FROM "no_such_table";`,
      ],
    ] as const) {
      await mkdir(path.join(dir, name));
      await cp(SCHEMA_PATH, path.join(dir, name, "schema.prisma"));
      await writeFile(path.join(dir, name, "migration.sql"), sql);
    }

    const failure = applyPendingMigrations(scratch.connectionString, dir);
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/20000102000000_bad failed/);

    expect((await migrationRows(scratch.connectionString)).map((row) => row.migration_name)).toEqual([
      "20000101000000_good",
    ]);
    const tables = await query<{ table_name: string }>(
      scratch.connectionString,
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'probe_%' ORDER BY table_name`,
    );
    expect(tables.map((table) => table.table_name)).toEqual(["probe_good"]);
  });
});

describe("drift between schema.prisma and prisma/migrations", () => {
  const DRIFT_MODEL = `\nmodel DriftProbe {\n  id    String @id\n  label String\n}\n`;

  it("finds none in the repository", async () => {
    expect(await pendingSchemaChange(testDatabaseUrl())).toBeNull();
  });

  it("reports the SQL a changed schema needs, and none once that migration exists", async () => {
    const dir = await temporaryFolder();
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const schemaPath = path.join(dir, "changed.prisma");
    await writeFile(schemaPath, (await readFile(SCHEMA_PATH, "utf8")) + DRIFT_MODEL);

    const drift = await pendingSchemaChange(testDatabaseUrl(), dir, schemaPath);
    expect(drift).toContain(`CREATE TABLE "DriftProbe"`);

    const created = await createMigration(testDatabaseUrl(), "add_drift_probe", {
      dir,
      schemaPath,
      now: new Date("2099-01-01T00:00:00Z"),
    });
    expect(created).toBe(path.join(dir, "20990101000000_add_drift_probe"));
    expect(
      await readFile(path.join(dir, "20990101000000_add_drift_probe", "migration.sql"), "utf8"),
    ).toContain(`CREATE TABLE "DriftProbe"`);
    expect(await pendingSchemaChange(testDatabaseUrl(), dir, schemaPath)).toBeNull();
    expect(await createMigration(testDatabaseUrl(), "nothing_new", { dir, schemaPath })).toBeNull();
  });

  it("refuses migration names Prisma would not accept", async () => {
    await expect(createMigration(testDatabaseUrl(), "Add Teams!")).rejects.toBeInstanceOf(MigrationError);
  });
});
