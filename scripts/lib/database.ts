// Gives a script a database: the server named by DATABASE_URL when it is set, otherwise the embedded
// PostgreSQL (lib/db/embedded.ts) for as long as the script runs. Problems that are the user's to fix
// (server down, database missing, folder in use) end the script with one line and a non-zero exit code.
import { ContentFileError } from "../../lib/articles/content-file";
import { checkDatabaseReachable, DatabaseUnreachableError, describeDatabase } from "../../lib/db/describe";
import {
  DatabaseFolderLockedError,
  displayPath,
  embeddedDatabaseDir,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from "../../lib/db/embedded";
import { MigrationError } from "../../lib/db/migrations";

export interface OpenDatabase {
  connectionString: string;
  /** One line for people: which database and where. */
  description: string;
  /** The embedded database when one was started (null for DATABASE_URL). */
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * The script only needs a connection and keeps nothing (the schema engine's diff), so it also works
   * while `npm start` holds the embedded data folder.
   */
  scratch?: boolean;
  /** Port for the embedded server; 0 picks a free one. */
  port?: number;
}

/** Opens the database a script or `npm start` should use; the user's problems throw isUserFacingError errors. */
export async function openDatabase({
  scratch = false,
  port = 0,
}: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    await checkDatabaseReachable(url);
    return {
      connectionString: url,
      description: describeDatabase(url),
      embedded: null,
      stop: async () => {},
    };
  }
  const embedded = await startEmbeddedDatabase({ dataDir: embeddedDatabaseDir(), port }).catch(
    (error: unknown) => {
      // A scratch connection can come from anywhere: while `npm start` holds the folder, a throwaway
      // in-memory database does (slower to create, which is why it is not the first choice).
      if (scratch && error instanceof DatabaseFolderLockedError)
        return startEmbeddedDatabase({ dataDir: null, port });
      throw error;
    },
  );
  const where = embedded.dataDir === null ? "in memory" : `in ${displayPath(embedded.dataDir)}`;
  return {
    connectionString: embedded.connectionString,
    description: `embedded PostgreSQL (PGlite) ${where}, serving ${embedded.host}:${embedded.port}`,
    embedded,
    stop: () => embedded.stop(),
  };
}

/** Errors whose message says all the user needs; anything else is a bug and keeps its stack. */
export function isUserFacingError(error: unknown): error is Error {
  return (
    error instanceof DatabaseUnreachableError ||
    error instanceof DatabaseFolderLockedError ||
    error instanceof MigrationError ||
    error instanceof ContentFileError ||
    // PostgreSQL's own errors (a failing statement, a lost connection) read well on one line.
    (error instanceof Error && typeof (error as { code?: unknown }).code === "string")
  );
}

export function reportError(error: unknown): void {
  if (isUserFacingError(error)) console.error(error.message);
  else console.error(error);
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs `run` with a database, then stops the embedded one (if any) and exits: the schema engine leaves a
 * timer running, so scripts end explicitly. Ctrl-C stops the embedded database cleanly before exiting.
 */
export async function withDatabase(
  run: (connectionString: string) => Promise<void>,
  options: OpenDatabaseOptions = {},
): Promise<never> {
  let database: OpenDatabase;
  try {
    database = await openDatabase(options);
  } catch (error) {
    reportError(error);
    process.exit(1);
  }
  console.log(`Database: ${database.description}`);
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]) {
    process.once(signal, () => {
      void database.stop().finally(() => process.exit(SIGNAL_EXIT_CODES[signal]));
    });
  }
  try {
    await run(database.connectionString);
  } catch (error) {
    reportError(error);
    process.exitCode = 1;
  }
  try {
    await database.stop();
  } catch (error) {
    reportError(error);
    process.exitCode = 1;
  }
  process.exit();
}
