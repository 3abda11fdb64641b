// npm run db:migration -- <name>: writes the next migration from prisma/schema.prisma with Prisma's own
// schema engine (WebAssembly). Never hand-write migration SQL.
import { createMigration } from "../../lib/db/migrations";
import { withDatabase } from "../lib/database";

const name = process.argv[2];
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (e.g. add_team_invitations)");
  process.exit(2);
}

await withDatabase(
  async (connectionString) => {
    const folder = await createMigration(connectionString, name);
    console.log(
      folder ? `Created ${folder}` : "schema.prisma matches the last migration: nothing to create.",
    );
  },
  { scratch: true },
);
