// The embedded database under concurrent queries. PGlite's socket server queues packets, not queries, so
// the extended-protocol messages of concurrent connections interleave (a query can get another's result);
// the app therefore uses EMBEDDED_POOL_SIZE connections on it. Found by npm run bench:faults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { createPrismaClient } from "@/lib/db/prisma-factory";

const CONCURRENT_QUERIES = 100;

describe("the embedded database with the app's pool size", () => {
  let embedded: EmbeddedDatabase;
  beforeAll(async () => {
    embedded = await startEmbeddedDatabase({ dataDir: null });
  });
  afterAll(async () => {
    await embedded?.stop();
  });

  it("answers every one of many concurrent parameterised queries with its own result", async () => {
    const db = createPrismaClient(embedded.connectionString, { poolSize: EMBEDDED_POOL_SIZE });
    try {
      // Different numbers of parameters per query, so a mixed-up Bind shows as an error or a wrong row.
      const results = await Promise.allSettled(
        Array.from({ length: CONCURRENT_QUERIES }, (_, i) => {
          const values = Array.from({ length: 1 + (i % 4) }, (_, k) => i * 10 + k);
          const sql = `SELECT ${values.map((_, k) => `$${k + 1}::int AS c${k}`).join(", ")}`;
          return db
            .$queryRawUnsafe<Record<string, number>[]>(sql, ...values)
            .then((rows) => ({ i, values, row: rows[0]! }));
        }),
      );
      const wrong = results.filter(
        (result) =>
          result.status === "rejected" ||
          Object.values(result.value.row).join(",") !== result.value.values.join(","),
      );
      expect(wrong).toHaveLength(0);
    } finally {
      await db.$disconnect();
    }
  });
});
