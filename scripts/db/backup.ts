// npm run db:backup [-- <file>]: backs up the database to <file> (default: backups/marginalia-<kind>-<time>.<ext>).
// A server (DATABASE_URL): pg_dump, custom format. The embedded database: its folder as a tarball, taken
// while holding the folder's lock (stop `npm start` first). See lib/db/backup.ts.
import path from "node:path";
import { parseArgs } from "node:util";
import { backupEmbedded, backupServer, BackupError, defaultBackupPath } from "../../lib/db/backup";
import { checkDatabaseReachable, describeDatabase } from "../../lib/db/describe";
import { displayPath, embeddedDatabaseDir } from "../../lib/db/embedded";
import { isUserFacingError } from "../lib/database";

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (positionals.length > 1) {
  console.error("Usage: npm run db:backup [-- <file>]");
  process.exit(2);
}

try {
  const url = process.env.DATABASE_URL?.trim();
  const file = path.resolve(positionals[0] ?? defaultBackupPath(url ? "server" : "embedded"));
  if (url) {
    await checkDatabaseReachable(url);
    await backupServer(url, file);
    console.log(`Backed up ${describeDatabase(url)} to ${displayPath(file)}.`);
  } else {
    const folder = embeddedDatabaseDir();
    await backupEmbedded(folder, file);
    console.log(`Backed up the embedded database in ${displayPath(folder)} to ${displayPath(file)}.`);
  }
} catch (error) {
  console.error(error instanceof BackupError || isUserFacingError(error) ? error.message : error);
  process.exitCode = 1;
}
