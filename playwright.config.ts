// End-to-end tests in e2e/, on a production build of the app served by the same code as `npm start`
// (see tests/setup/e2e-server.ts). Browsers cannot be downloaded on our machines: Playwright drives a
// system Chromium (CHROMIUM_PATH, default /usr/bin/chromium; Debian: apt-get install chromium).
import { defineConfig, devices } from "@playwright/test";

const CI = Boolean(process.env.CI);
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;
// Building on two cores takes a minute or two; a cold build plus seeding must fit.
const SERVER_START_TIMEOUT_MS = 5 * 60_000;
const SERVER_STOP_GRACE_MS = 15_000;

// Flags that keep Chromium quiet and offline: no GPU, no QUIC, no update or sync traffic, no first-run UI.
// --no-sandbox because CI runs as root in a container, where Chromium's sandbox cannot start.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two cores: one for the server, one for the browser. More workers only slow everything down.
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --import tsx tests/setup/e2e-server.ts",
    url: `${BASE_URL}/`,
    timeout: SERVER_START_TIMEOUT_MS,
    // A server already on the port might run stale code or another database: only reuse it on request.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    gracefulShutdown: { signal: "SIGTERM", timeout: SERVER_STOP_GRACE_MS },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      // Canonical URLs and share links name the address the tests use.
      SITE_URL: BASE_URL,
      // Its own build folder: a developer's `npm start` build (.next) is never replaced by the test build.
      NEXT_DIST_DIR: process.env.E2E_NEXT_DIST_DIR ?? ".next-e2e",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      // The test browser plays the reverse proxy: each test sends an X-Forwarded-For of its own
      // (e2e/fixtures.ts), which the app believes only from these addresses (lib/http/front-gate.ts).
      TRUSTED_PROXIES: "127.0.0.1,::1",
    },
  },
});
