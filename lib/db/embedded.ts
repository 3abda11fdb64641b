// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) with its data in a local
// folder, served over the PostgreSQL wire protocol on 127.0.0.1, so the app reaches it through
// @prisma/adapter-pg exactly as it reaches a real server.
//
// PGlite takes no lock on its folder and two processes on one folder silently lose data, so we hold a
// lock file (our PID) for as long as the database is open. A lock left by a dead process is taken over.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
/** Folder for local state (the embedded database, a generated auth secret) unless MARGINALIA_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, ".data");
export const LOCK_FILE = "marginalia.lock";
const HOST = "127.0.0.1";
// The server refuses connections beyond this. The app's pool (DB_POOL_SIZE in prisma-factory.ts, not
// imported: that module needs the generated client, which may not exist yet when `npm start` begins), a
// script's pool and a psql session must fit; PGlite serialises queries anyway, so a connection costs a socket.
export const EMBEDDED_MAX_CONNECTIONS = 32;
/**
 * Pool size for an app on the embedded database. PGlite is one PostgreSQL session for all connections, and
 * the socket server queues each incoming packet, not each query: pg's extended-protocol messages (Parse,
 * Bind, Execute, Sync) from concurrent connections interleave and a query can get another's result or a
 * protocol error (found by npm run bench:faults). One pooled connection keeps every query whole; PGlite
 * runs one query at a time anyway. `npm start` passes it to the app as MARGINALIA_DB_POOL_SIZE.
 */
export const EMBEDDED_POOL_SIZE = 1;

/** The local state folder: MARGINALIA_DATA_DIR (relative to the repo) or .data/. */
export function localDataDir(source: Record<string, string | undefined> = process.env): string {
  const configured = source.MARGINALIA_DATA_DIR?.trim();
  return configured ? path.resolve(REPO_ROOT, configured) : DEFAULT_DATA_DIR;
}

/** Where the embedded database keeps its files inside the local state folder. */
export function embeddedDatabaseDir(dataDir = localDataDir()): string {
  return path.join(dataDir, "pglite");
}

/** Thrown when another live process holds the folder; its message is meant to be printed as is. */
export class DatabaseFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${displayPath(dataDir)} is in use by process ${holderPid}; ` +
        `stop that process first (or set DATABASE_URL, or MARGINALIA_DATA_DIR for another folder).`,
    );
    this.name = "DatabaseFolderLockedError";
  }
}

export interface EmbeddedDatabase {
  /** postgresql:// URL of the wire-protocol server, for pg / @prisma/adapter-pg / psql. */
  connectionString: string;
  /** null when in memory. */
  dataDir: string | null;
  host: string;
  port: number;
  /** Closes connections, flushes and closes PGlite, releases the lock. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /**
   * The database folder (created if missing). Default: .data/pglite (see embeddedDatabaseDir).
   * null: a throwaway database in memory, for work that needs a connection but keeps nothing.
   */
  dataDir?: string | null;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

export async function startEmbeddedDatabase({
  dataDir = embeddedDatabaseDir(),
  port = 0,
}: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const folder = dataDir === null ? null : path.resolve(dataDir);
  let releaseLock = () => {};
  if (folder !== null) {
    mkdirSync(folder, { recursive: true });
    releaseLock = acquireFolderLock(folder);
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(folder ?? "memory://");
    server = new PGLiteSocketServer({ db, host: HOST, port, maxConnections: EMBEDDED_MAX_CONNECTIONS });
    await server.start();
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
  const listening = server.getServerConn();
  const actualPort = Number(listening.slice(listening.lastIndexOf(":") + 1));

  let stopping: Promise<void> | undefined;
  const openDb = db;
  const openServer = server;
  const stop = () => {
    stopping ??= (async () => {
      try {
        await openServer.stop();
      } finally {
        // close() checkpoints and shuts PostgreSQL down cleanly, so the folder opens quickly next time.
        await openDb.close().finally(releaseLock);
      }
    })();
    return stopping;
  };

  return {
    connectionString: `postgresql://postgres@${HOST}:${actualPort}/postgres`,
    dataDir: folder,
    host: HOST,
    port: actualPort,
    stop,
  };
}

/**
 * Takes the folder's lock file or throws DatabaseFolderLockedError. Returns the release function, which
 * also runs if the process exits without calling it (a crash or process.exit()).
 */
export function acquireFolderLock(folder: string): () => void {
  const lockPath = path.join(folder, LOCK_FILE);
  // The lock appears with its content in one step (a hard link to a finished file fails if the lock
  // exists), so a reader never sees a half-written lock.
  const draft = `${lockPath}.${process.pid}.tmp`;
  writeFileSync(draft, `${process.pid}\n`);
  try {
    for (;;) {
      try {
        linkSync(draft, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      takeOverIfStale(folder, lockPath);
    }
  } finally {
    rmSync(draft, { force: true });
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    // Only remove a lock that is still ours.
    if (readLockHolder(lockPath) === process.pid) rmSync(lockPath, { force: true });
  };
  process.on("exit", release);
  return release;
}

/** Throws DatabaseFolderLockedError when the lock's process is alive; removes the lock otherwise. */
function takeOverIfStale(folder: string, lockPath: string): void {
  const holder = readLockHolder(lockPath);
  if (holder !== null && isProcessAlive(holder)) throw new DatabaseFolderLockedError(folder, holder);
  // Stale (its process is gone) or unreadable: move it aside under a name of our own, so two processes
  // taking over the same stale lock cannot both succeed, then let the caller retry.
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  // Between our read and the rename another process may have taken the stale lock over; if what we moved
  // is a live lock, put it back and give way.
  const moved = readLockHolder(aside);
  try {
    if (moved !== null && moved !== holder && isProcessAlive(moved)) {
      linkSync(aside, lockPath);
      throw new DatabaseFolderLockedError(folder, moved);
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function readLockHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence without sending anything.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, which still means the folder is in use.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A path relative to the current folder when it is inside it, for short messages. */
export function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : target;
}
