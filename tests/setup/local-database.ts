// Tests create, change and delete rows freely, so they only ever run against a database on this machine.
// A DATABASE_URL pointing anywhere else (a shared staging server, production) is refused before anything runs.

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/** The host a postgresql:// URL connects to (libpq's ?host= wins over the authority part). */
export function databaseHost(connectionString: string): string {
  const url = new URL(connectionString);
  return url.searchParams.get("host") ?? url.hostname.replace(/^\[|\]$/g, "");
}

/** Throws unless the URL names a server on this machine (TCP loopback or a Unix socket folder). */
export function assertLocalDatabase(connectionString: string): void {
  let host: string;
  try {
    host = databaseHost(connectionString);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL (expected postgresql://user@127.0.0.1:5432/database).");
  }
  // An empty host or an absolute path is a Unix socket: local by definition.
  if (host === "" || host.startsWith("/") || LOCAL_HOSTS.has(host)) return;
  throw new Error(
    `Refusing to run tests against the database on "${host}": tests write and delete data, so DATABASE_URL ` +
      `must point at 127.0.0.1 or localhost (or be unset, for the embedded database).`,
  );
}
