// Applying and creating migrations without Prisma's native engine.
//
// Layout, as Prisma expects it: prisma/migrations/<timestamp>_<name>/migration.sql plus
// migration_lock.toml. Beside each migration.sql we keep schema.prisma, the schema the migration was
// generated from: the next migration is the engine's diff from the latest snapshot to the current schema,
// and drift is a non-empty diff (no shadow database needed).
//
// Applying mirrors `prisma migrate deploy`: each migration runs in its own transaction and is recorded in
// _prisma_migrations with the same columns and checksum (sha256 of migration.sql), so a machine with the
// native engine sees the same history in `prisma migrate status`.
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { diffSchemas } from "./schema-engine";

export const PRISMA_DIR = path.resolve(import.meta.dirname, "../../prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
const SNAPSHOT_FILE = "schema.prisma";
// Same key Prisma uses, so our runner and the native one exclude each other.
const MIGRATION_ADVISORY_LOCK = 72707369;

export interface MigrationOnDisk {
  name: string;
  sql: string;
  checksum: string;
  snapshotPath: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationOnDisk[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return {
        name,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
        snapshotPath: path.join(dir, name, SNAPSHOT_FILE),
      };
    }),
  );
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

/** Applies every migration not yet recorded as finished. Returns the names applied, in order. */
export async function applyPendingMigrations(
  connectionString: string,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_ADVISORY_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was never marked rolled back; fix the database by hand first.`,
      );
    }
    const applied = new Map(
      rows.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row.checksum]),
    );
    const done: string[] = [];
    for (const migration of migrations) {
      const appliedChecksum = applied.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was edited after it was applied (checksum differs).`,
          );
        }
        continue;
      }
      const id = randomUUID();
      // One transaction per migration: a failing migration leaves neither its changes nor a record.
      await client.query("BEGIN");
      try {
        // Simple query protocol: the whole script in one round trip, $$-quoted bodies intact.
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [id, migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

async function latestSnapshot(dir: string): Promise<string | null> {
  const migrations = await readMigrations(dir);
  const last = migrations.at(-1);
  if (!last) return null;
  if (!existsSync(last.snapshotPath)) {
    throw new MigrationError(
      `${path.relative(process.cwd(), last.snapshotPath)} is missing: every migration keeps the schema it was made from.`,
    );
  }
  return readFile(last.snapshotPath, "utf8");
}

/** SQL that the current schema.prisma needs beyond the last migration, or null when they agree. */
export async function pendingSchemaChange(
  connectionString: string,
  dir = MIGRATIONS_DIR,
  schemaPath = SCHEMA_PATH,
) {
  const schema = await readFile(schemaPath, "utf8");
  return diffSchemas(connectionString, await latestSnapshot(dir), schema);
}

/** Writes the next migration (migration.sql + schema snapshot); null when schema.prisma has not changed. */
export async function createMigration(
  connectionString: string,
  name: string,
  { dir = MIGRATIONS_DIR, schemaPath = SCHEMA_PATH, now = new Date() } = {},
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new MigrationError(
      `Migration names use lower-case letters, digits and underscores ("${name}" does not).`,
    );
  }
  const sql = await pendingSchemaChange(connectionString, dir, schemaPath);
  if (sql === null) return null;
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = path.join(dir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), sql);
  await writeFile(path.join(folder, SNAPSHOT_FILE), await readFile(schemaPath, "utf8"));
  await writeFile(
    path.join(dir, "migration_lock.toml"),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return folder;
}
