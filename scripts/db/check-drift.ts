// npm run db:drift: fails when prisma/schema.prisma says something prisma/migrations does not.
import { pendingSchemaChange } from "../../lib/db/migrations";
import { withDatabase } from "../lib/database";

await withDatabase(
  async (connectionString) => {
    const sql = await pendingSchemaChange(connectionString);
    if (sql !== null) {
      console.error(
        "Drift: prisma/schema.prisma differs from the last migration. Run `npm run db:migration -- <name>`.",
      );
      console.error(sql);
      process.exitCode = 1;
    } else {
      console.log("No drift: schema.prisma matches prisma/migrations.");
    }
  },
  { scratch: true },
);
