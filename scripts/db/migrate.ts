// npm run db:migrate: applies pending migrations (what `prisma migrate deploy` does).
import { applyPendingMigrations } from "../../lib/db/migrations";
import { withDatabase } from "../lib/database";

await withDatabase(async (connectionString) => {
  const applied = await applyPendingMigrations(connectionString);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
      : "No pending migrations.",
  );
});
