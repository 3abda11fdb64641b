// Backing up and restoring the database, for `npm run db:backup` and `npm run db:restore`.
//
// A PostgreSQL server (DATABASE_URL): pg_dump's custom format, restored with pg_restore. The embedded
// database (PGlite): its data folder as a gzipped tarball (PGlite's dumpDataDir), restored by creating the
// folder from it (loadDataDir). Each kind of file starts with its own signature, so restoring one into the
// other kind is refused with a line saying what to do instead.
//
// Messages of BackupError are one line, meant to be printed as is.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { acquireFolderLock, displayPath, LOCK_FILE, REPO_ROOT } from "./embedded";

export const BACKUPS_DIR = path.join(REPO_ROOT, "backups");
/** First bytes of a pg_dump custom-format archive. */
const PG_DUMP_SIGNATURE = "PGDMP";
/** First bytes of a gzip stream (PGlite's dumpDataDir("gzip")). */
const GZIP_SIGNATURE = Buffer.from([0x1f, 0x8b]);
/** Parameters Prisma or this app accept in DATABASE_URL that libpq (pg_dump, pg_restore) would reject. */
const NON_LIBPQ_PARAMS = [
  "schema",
  "connection_limit",
  "pool_timeout",
  "socket_timeout",
  "pgbouncer",
  "statement_cache_size",
];

export class BackupError extends Error {
  override name = "BackupError";
}

export type BackupKind = "server" | "embedded";

/** backups/marginalia-<kind>-<UTC timestamp>.<ext> */
export function defaultBackupPath(kind: BackupKind, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
  return path.join(BACKUPS_DIR, `marginalia-${kind}-${stamp}.${kind === "server" ? "dump" : "tar.gz"}`);
}

/** Which kind of backup a file holds, from its first bytes; null when it is neither. */
export async function backupKindOf(file: string): Promise<BackupKind | null> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new BackupError(`No backup file at ${displayPath(file)}.`);
    throw error;
  }
  try {
    const head = Buffer.alloc(PG_DUMP_SIGNATURE.length);
    await handle.read(head, 0, head.length, 0);
    if (head.toString("latin1") === PG_DUMP_SIGNATURE) return "server";
    if (head.subarray(0, 2).equals(GZIP_SIGNATURE)) return "embedded";
    return null;
  } finally {
    await handle.close();
  }
}

async function assertKind(file: string, wanted: BackupKind): Promise<void> {
  const kind = await backupKindOf(file);
  if (kind === wanted) return;
  if (kind === "server")
    throw new BackupError(
      `${displayPath(file)} is a PostgreSQL server backup (pg_dump); restore it with DATABASE_URL set to a server.`,
    );
  if (kind === "embedded")
    throw new BackupError(
      `${displayPath(file)} is an embedded-database backup; restore it without DATABASE_URL (into the embedded database).`,
    );
  throw new BackupError(
    `${displayPath(file)} is not a Marginalia backup (neither a pg_dump archive nor an embedded-database tarball).`,
  );
}

/** Writes through a temporary name and renames, so an interrupted backup never leaves a truncated file behind. */
function partialPath(file: string): string {
  return `${file}.partial`;
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL server

/** The URL for libpq tools, without the password (passed in PGPASSWORD so it never shows in `ps`). */
function libpqTarget(connectionString: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(connectionString);
  const password = decodeURIComponent(url.password);
  url.password = "";
  for (const name of NON_LIBPQ_PARAMS) url.searchParams.delete(name);
  return { url: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a PostgreSQL client tool; a failure becomes a BackupError with the tool's last line of output. */
function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new BackupError(
              `${tool} is not installed; install the PostgreSQL client tools of your server's version (e.g. apt-get install postgresql-client).`,
            )
          : error,
      );
    });
    child.once("exit", (code) => {
      if (code === 0) return resolve();
      const lines = stderr.trim().split("\n").filter(Boolean);
      // pg_dump's "server version mismatch" explains itself; otherwise the last line is the cause.
      const line =
        lines.find((text) => /version mismatch/i.test(text)) ?? lines.at(-1) ?? `exit code ${code}`;
      reject(new BackupError(`${tool} failed: ${line.replace(/^\S+: (error: )?/, "")}`));
    });
  });
}

/** Tables (with rows or not) in the public schema: the app's data, or anything else someone put there. */
async function publicTableCount(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
    );
    return Number(rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

export async function backupServer(connectionString: string, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = partialPath(file);
  const { url, env } = libpqTarget(connectionString);
  try {
    await runTool(
      "pg_dump",
      ["--format=custom", "--compress=6", `--file=${partial}`, `--dbname=${url}`],
      env,
    );
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

export interface RestoreOptions {
  /** Replace a database that already has tables (its contents are lost). */
  force?: boolean;
}

export async function restoreServer(
  connectionString: string,
  file: string,
  { force = false }: RestoreOptions = {},
): Promise<void> {
  await assertKind(file, "server");
  const tables = await publicTableCount(connectionString);
  if (tables > 0 && !force)
    throw new BackupError(
      `The database already has ${tables} table(s); restoring would replace them. Add --force to overwrite it.`,
    );
  if (tables > 0) {
    // Everything goes, not only what the backup holds: a table added since would otherwise survive.
    const client = new pg.Client({ connectionString });
    client.on("error", () => undefined);
    await client.connect();
    try {
      await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    } finally {
      await client.end();
    }
  }
  const { url, env } = libpqTarget(connectionString);
  // One transaction: a restore that fails half-way leaves the (empty) database as it was, not half-filled.
  await runTool(
    "pg_restore",
    ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${url}`, file],
    env,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Embedded database (PGlite)

function hasDatabase(folder: string): boolean {
  return existsSync(path.join(folder, "PG_VERSION"));
}

/**
 * Backs up the embedded database folder. Holds the folder's lock throughout, so it fails with one line
 * (DatabaseFolderLockedError) while `npm start` uses the folder rather than copy a database in use.
 */
export async function backupEmbedded(folder: string, file: string): Promise<void> {
  if (!hasDatabase(folder))
    throw new BackupError(`There is no embedded database in ${displayPath(folder)} to back up.`);
  const release = acquireFolderLock(folder);
  const partial = partialPath(file);
  try {
    const db = await PGlite.create(folder);
    try {
      const tarball = await db.dumpDataDir("gzip");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(partial, { force: true });
    release();
  }
}

export async function restoreEmbedded(
  folder: string,
  file: string,
  { force = false }: RestoreOptions = {},
): Promise<void> {
  await assertKind(file, "embedded");
  mkdirSync(folder, { recursive: true });
  const release = acquireFolderLock(folder);
  const aside = `${folder}.before-restore-${process.pid}`;
  let movedAside = false;
  try {
    if (hasDatabase(folder)) {
      const tables = await embeddedTableCount(folder);
      if (tables > 0 && !force)
        throw new BackupError(
          `The embedded database in ${displayPath(folder)} already has ${tables} table(s); restoring would replace them. Add --force to overwrite it.`,
        );
      // Kept until the restore has succeeded, and put back if it fails.
      mkdirSync(aside);
      for (const entry of readdirSync(folder))
        if (!isLockFile(entry)) renameSync(path.join(folder, entry), path.join(aside, entry));
      movedAside = true;
    }
    const tarball = new Blob([readFileSync(file)]);
    const db = await PGlite.create({ dataDir: folder, loadDataDir: tarball });
    await db.close();
    // The tarball holds the lock file of the process that made it; the folder is ours until release().
    writeFileSync(path.join(folder, LOCK_FILE), `${process.pid}\n`);
    if (movedAside) rmSync(aside, { recursive: true, force: true });
  } catch (error) {
    if (movedAside) {
      for (const entry of readdirSync(folder))
        if (!isLockFile(entry)) rmSync(path.join(folder, entry), { recursive: true, force: true });
      for (const entry of readdirSync(aside)) renameSync(path.join(aside, entry), path.join(folder, entry));
      rmSync(aside, { recursive: true, force: true });
    }
    throw error;
  } finally {
    release();
  }
}

function isLockFile(entry: string): boolean {
  return entry.startsWith(LOCK_FILE);
}

async function embeddedTableCount(folder: string): Promise<number> {
  const db = await PGlite.create(folder);
  try {
    const { rows } = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM pg_tables WHERE schemaname = 'public'",
    );
    return rows[0]?.count ?? 0;
  } finally {
    await db.close();
  }
}
