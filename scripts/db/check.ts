// npm run db:check: the invariants of lib/db/invariants.ts; lists every violation and exits non-zero on any.
import { checkInvariants } from "../../lib/db/invariants";
import { createPrismaClient } from "../../lib/db/prisma-factory";
import { withDatabase } from "../lib/database";

await withDatabase(async (connectionString) => {
  const db = createPrismaClient(connectionString, { poolSize: 2 });
  try {
    const violations = await checkInvariants(db);
    for (const violation of violations)
      console.error(`${violation.kind}: ${violation.detail}: ${violation.annotationIds.join(", ")}`);
    if (violations.length) {
      console.error(`Invariant check failed: ${violations.length} violation(s).`);
      process.exitCode = 1;
    } else {
      console.log(
        "Invariant check passed: no item on a superseded revision, hidden from its author, or duplicated.",
      );
    }
  } finally {
    await db.$disconnect();
  }
});
