// Two projects: "unit" (pure logic, no database, parallel) and "integration" (a real, migrated PostgreSQL:
// DATABASE_URL when set, otherwise the embedded one; files run one after another).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Timeouts for work that talks to PostgreSQL (PGlite under load on two cores is slower than a server).
const INTEGRATION_TEST_TIMEOUT_MS = 30_000;
const DATABASE_SETUP_TIMEOUT_MS = 120_000;

export default defineConfig({
  resolve: {
    // "@/..." as in tsconfig.json.
    tsconfigPaths: true,
    alias: {
      // Server modules import "server-only", which throws outside a React Server Components bundle.
      // Tests run on the server side, so the guard is replaced by the package's own empty module.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    // Tests import describe/it/expect explicitly.
    globals: false,
    env: { CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/integration-global-setup.ts"],
          setupFiles: ["tests/setup/integration-env.ts"],
          // One database, shared: files run one after another so that timing-sensitive tests (rate limits,
          // LISTEN/NOTIFY) are not disturbed by other files; the embedded database serialises queries anyway.
          fileParallelism: false,
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          hookTimeout: DATABASE_SETUP_TIMEOUT_MS,
        },
      },
    ],
  },
});
