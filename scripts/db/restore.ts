// npm run db:restore -- <file> [--force]: restores a backup made by `npm run db:backup`. Refuses to replace
// a database that already has tables unless --force. A server backup goes to DATABASE_URL (pg_restore);
// an embedded one to the embedded database folder (stop `npm start` first). See lib/db/backup.ts.
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupError, restoreEmbedded, restoreServer } from "../../lib/db/backup";
import { checkDatabaseReachable, describeDatabase } from "../../lib/db/describe";
import { displayPath, embeddedDatabaseDir } from "../../lib/db/embedded";
import { isUserFacingError } from "../lib/database";

let options;
try {
  options = parseArgs({ allowPositionals: true, options: { force: { type: "boolean", default: false } } });
} catch {
  options = null;
}
if (!options || options.positionals.length !== 1) {
  console.error("Usage: npm run db:restore -- <file> [--force]");
  process.exit(2);
}

try {
  const file = path.resolve(options.positionals[0]!);
  const force = options.values.force;
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    await checkDatabaseReachable(url);
    await restoreServer(url, file, { force });
    console.log(`Restored ${displayPath(file)} into ${describeDatabase(url)}.`);
  } else {
    const folder = embeddedDatabaseDir();
    await restoreEmbedded(folder, file, { force });
    console.log(`Restored ${displayPath(file)} into the embedded database in ${displayPath(folder)}.`);
  }
} catch (error) {
  console.error(error instanceof BackupError || isUserFacingError(error) ? error.message : error);
  process.exitCode = 1;
}
