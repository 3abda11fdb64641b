// npm run db:backup / db:restore, run as the commands people type: back up a database with data in every
// kind of table, wipe it, restore, and find every row again (row count and checksum per table). Also:
// restoring over a database with tables is refused without --force, and a backup of the other kind is refused.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { applyPendingMigrations } from "@/lib/db/migrations";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { createReply } from "@/lib/discussion/commands";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "@/tests/helpers/fixtures";
import { runSeed } from "@/scripts/db/seed";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);
/** Each command starts Node with tsx, and the embedded path opens PGlite: slow on a busy two-core machine. */
const COMMAND_TIMEOUT_MS = 180_000;

type TableSums = Record<string, { rows: number; checksum: string }>;

/** Every table of the public schema: its row count and an md5 of all its rows in a stable order. */
async function tableSums(connectionString: string): Promise<TableSums> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const sums: TableSums = {};
    for (const { tablename } of tables.rows) {
      const { rows } = await client.query<{ rows: number; checksum: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum FROM "${tablename}" t`,
      );
      sums[tablename] = rows[0]!;
    }
    return sums;
  } finally {
    await client.end();
  }
}

/** Migrates and fills a database: seeded articles and demo accounts, a team, an annotation with a reply. */
async function fill(connectionString: string): Promise<void> {
  await applyPendingMigrations(connectionString);
  await runSeed(connectionString);
  const db = createPrismaClient(connectionString, { poolSize: 2 });
  try {
    const author = await createUser(db);
    const other = await createUser(db);
    await createTeam(db, [author, other]);
    const article = await createArticle(db);
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, article.revision.plainText.slice(0, 12)),
      body: "A note with **markdown** and “quotes”.",
      visibility: "PUBLIC",
    });
    await createReply(db, other, annotation.id, { body: "A reply." });
  } finally {
    await db.$disconnect();
  }
}

async function command(script: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts/db", script), ...args],
      {
        cwd: ROOT,
        env,
        timeout: COMMAND_TIMEOUT_MS,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** The environment without DATABASE_URL (the embedded path) or with it set to a server. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!("DATABASE_URL" in extra)) delete env.DATABASE_URL;
  return env;
}

describe.skipIf(inject("databaseKind") !== "server")(
  "db:backup and db:restore on a PostgreSQL server",
  () => {
    let scratch: ScratchDatabase;
    let folder: string;
    beforeAll(async () => {
      scratch = await createScratchDatabase();
      folder = await mkdtemp(path.join(tmpdir(), "marginalia-backup-test-"));
    });
    afterAll(async () => {
      await scratch?.drop();
      await rm(folder, { recursive: true, force: true });
    });

    it(
      "restores every row of every table after the database is wiped",
      { timeout: COMMAND_TIMEOUT_MS * 3 },
      async () => {
        await fill(scratch.connectionString);
        const before = await tableSums(scratch.connectionString);
        // Every table the app writes in this scenario has rows, so a restore that lost a table would show.
        for (const table of [
          "User",
          "Article",
          "ArticleRevision",
          "Annotation",
          "Comment",
          "Team",
          "_prisma_migrations",
        ]) {
          expect(before[table]?.rows, table).toBeGreaterThan(0);
        }

        const file = path.join(folder, "server.dump");
        const env = envWith({ DATABASE_URL: scratch.connectionString });
        const backup = await command("backup.ts", [file], env);
        expect(backup.stderr).toBe("");
        expect(backup.code).toBe(0);

        // Refused over a database that has tables, and nothing is changed.
        const refused = await command("restore.ts", [file], env);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr.trim()).toMatch(/^The database already has \d+ table\(s\); .* --force/);
        expect(refused.stderr.trim().split("\n")).toHaveLength(1);

        const admin = new pg.Client({ connectionString: scratch.connectionString });
        await admin.connect();
        await admin.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        await admin.end();
        expect(await tableSums(scratch.connectionString)).toEqual({});

        const restore = await command("restore.ts", [file], env);
        expect(restore.stderr).toBe("");
        expect(restore.code).toBe(0);
        expect(await tableSums(scratch.connectionString)).toEqual(before);

        // --force replaces a database that has tables (here: changed since the backup) with the backup.
        const changer = new pg.Client({ connectionString: scratch.connectionString });
        await changer.connect();
        await changer.query(`DELETE FROM "Comment"`);
        await changer.query(`CREATE TABLE "Extra" (id int)`);
        await changer.end();
        const forced = await command("restore.ts", [file, "--force"], env);
        expect(forced.code).toBe(0);
        expect(await tableSums(scratch.connectionString)).toEqual(before);
      },
    );

    it("refuses a file that is not a server backup, in one line", async () => {
      const env = envWith({ DATABASE_URL: scratch.connectionString });
      const missing = await command("restore.ts", [path.join(folder, "missing.dump"), "--force"], env);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr.trim()).toMatch(/^No backup file at .*missing\.dump\.$/);
      const notABackup = await command("restore.ts", [path.join(ROOT, "package.json"), "--force"], env);
      expect(notABackup.code).not.toBe(0);
      expect(notABackup.stderr.trim()).toMatch(/is not a Marginalia backup/);
    });
  },
);

describe("db:backup and db:restore on the embedded database", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "marginalia-backup-embedded-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    "restores every row of every table after the folder is deleted",
    { timeout: COMMAND_TIMEOUT_MS * 4 },
    async () => {
      const databaseDir = path.join(dataDir, "pglite");
      let embedded = await startEmbeddedDatabase({ dataDir: databaseDir });
      let before: TableSums;
      try {
        await fill(embedded.connectionString);
        before = await tableSums(embedded.connectionString);
        expect(before.Annotation?.rows).toBeGreaterThan(0);
        expect(before.Comment?.rows).toBeGreaterThan(0);
      } finally {
        await embedded.stop();
      }

      const env = envWith({ MARGINALIA_DATA_DIR: dataDir });
      const file = path.join(dataDir, "embedded.tar.gz");
      const backup = await command("backup.ts", [file], env);
      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);

      const refused = await command("restore.ts", [file], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr.trim()).toMatch(/already has \d+ table\(s\); .* --force/);

      await rm(databaseDir, { recursive: true, force: true });
      const restore = await command("restore.ts", [file], env);
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);

      embedded = await startEmbeddedDatabase({ dataDir: databaseDir });
      try {
        expect(await tableSums(embedded.connectionString)).toEqual(before);
      } finally {
        await embedded.stop();
      }

      // A server backup is not restored into the embedded database (nor the other way round).
      const wrongKind = await command("restore.ts", [file], envWith({ DATABASE_URL: inject("databaseUrl") }));
      expect(wrongKind.code).not.toBe(0);
      expect(wrongKind.stderr.trim()).toMatch(
        /is an embedded-database backup; restore it without DATABASE_URL/,
      );
    },
  );
});
