// Naming a database for people (never printing its password) and checking, before any work starts,
// that it can be reached, so a wrong DATABASE_URL costs one readable line instead of a stack trace.
import pg from "pg";

const DEFAULT_PORT = 5432;
const CONNECT_TIMEOUT_MS = 5_000;

export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

export function connectionTarget(connectionString: string): ConnectionTarget {
  const url = new URL(connectionString);
  const user = decodeURIComponent(url.username) || process.env.PGUSER || process.env.USER || "postgres";
  return {
    // libpq lets ?host= name a Unix socket folder; the URL's host part may then be empty.
    host: url.searchParams.get("host") ?? (url.hostname.replace(/^\[|\]$/g, "") || "localhost"),
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || user,
    user,
  };
}

/** "PostgreSQL at 127.0.0.1:5432/marginalia" */
export function describeDatabase(connectionString: string): string {
  const { host, port, database } = connectionTarget(connectionString);
  return `PostgreSQL at ${host}:${port}/${database}`;
}

/** The message is one line meant for the terminal as is. */
export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

/** Connects once and runs SELECT 1; throws DatabaseUnreachableError saying what is wrong and where. */
export async function checkDatabaseReachable(connectionString: string): Promise<void> {
  let target: ConnectionTarget;
  try {
    target = connectionTarget(connectionString);
  } catch {
    throw new DatabaseUnreachableError(
      "DATABASE_URL is not a valid URL (expected postgresql://user@host:port/database).",
    );
  }
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection that fails after connecting emits "error"; without a listener that would crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new DatabaseUnreachableError(explainConnectionError(error, target));
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function explainConnectionError(
  error: unknown,
  { host, port, database, user }: ConnectionTarget,
): string {
  const where = `${host}:${port}`;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "3D000":
      return `Database "${database}" does not exist on PostgreSQL at ${where}. Create it (createdb ${database}) or fix DATABASE_URL.`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} refused user "${user}" (${message}). Check DATABASE_URL.`;
    case "ECONNREFUSED":
      return `Cannot reach PostgreSQL at ${where} (connection refused). Is it running? Check DATABASE_URL.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot reach PostgreSQL at ${where} (host "${host}" not found). Check DATABASE_URL.`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
      return `Cannot reach PostgreSQL at ${where} (${String(code).toLowerCase()}). Check DATABASE_URL and the network.`;
    default:
      if (/timeout/i.test(message)) {
        return `Cannot reach PostgreSQL at ${where} (no answer within ${CONNECT_TIMEOUT_MS / 1000} s). Check DATABASE_URL.`;
      }
      return `Cannot use PostgreSQL at ${where}/${database}: ${message.split("\n")[0]}. Check DATABASE_URL.`;
  }
}
