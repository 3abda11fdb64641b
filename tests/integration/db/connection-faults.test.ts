// What the app does when PostgreSQL goes away: real connection failures (refused, sessions terminated by
// the server as a restart does) are recognised as "database unavailable" and answered 503 + Retry-After
// quickly; query errors are not; the pool drops dead connections by itself and no 'error' event goes
// unhandled (which would crash the process). The restart under load is npm run bench:faults.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/api/errors";
import { describeError } from "@/lib/annotation-protocol/http";
import { createPrismaClient, DB_CONNECTION_TIMEOUT_MS } from "@/lib/db/prisma-factory";
import { testDatabaseUrl, testDb, uniqueId } from "@/tests/helpers/db";

/** The budget for answering while the database is down. */
const OUTAGE_ANSWER_BUDGET_MS = 2_000;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("database unavailable", () => {
  it("a refused connection is answered 503 with Retry-After, well within the budget", async () => {
    const db = createPrismaClient(`postgresql://root@127.0.0.1:${await closedPort()}/nothing`, {
      poolSize: 1,
    });
    // A running app has its query engine loaded; the first query of a new client pays for that.
    await caught(db.user.count());
    const started = performance.now();
    const error = await caught(db.user.count());
    const elapsed = performance.now() - started;
    await db.$disconnect();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(elapsed).toBeLessThan(OUTAGE_ANSWER_BUDGET_MS);
    const response = describeError(error, "test");
    expect(response.status).toBe(503);
    expect(response.headers["Retry-After"]).toBe(String(DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect((JSON.parse(response.body) as { error: { code: string } }).error.code).toBe("unavailable");
  });

  it("opening a connection to a server that does not answer gives up after the named timeout instead of hanging", async () => {
    // A listener that accepts connections and never answers: what a hung server looks like to the pool.
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const db = createPrismaClient(`postgresql://root@127.0.0.1:${port}/nothing`, { poolSize: 1 });
    try {
      await caught(db.user.count());
      const started = performance.now();
      const error = await caught(db.user.count());
      const elapsed = performance.now() - started;
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(DB_CONNECTION_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(OUTAGE_ANSWER_BUDGET_MS);
      expect(describeError(error, "test").status).toBe(503);
    } finally {
      await db.$disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("query errors are not mistaken for an outage", async () => {
    const db = testDb();
    const syntax = await caught(db.$queryRawUnsafe("SELEC 1"));
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    const email = `${uniqueId("dup")}@example.test`;
    await db.user.create({ data: { email, handle: uniqueId("dup"), name: "Dup" } });
    const duplicate = await caught(db.user.create({ data: { email, handle: uniqueId("dup"), name: "Dup" } }));
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(describeError(syntax, "test").status).toBe(500);
    vi.restoreAllMocks();
  });
});

// pg_terminate_backend is what a fast shutdown does to every session (57P01); PGlite has no backends to end.
describe.skipIf(inject("databaseKind") !== "server")("sessions terminated by the server", () => {
  const application = `faults-${randomBytes(4).toString("hex")}`;
  const url = new URL(testDatabaseUrl());
  url.searchParams.set("application_name", application);
  const db = createPrismaClient(url.toString(), { poolSize: 2 });
  afterAll(() => db.$disconnect());

  async function terminateOurSessions(onlyBusy = false): Promise<number> {
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1${onlyBusy ? " AND query LIKE '%pg_sleep%' AND state = 'active'" : ""}`,
        [application],
      );
      return rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  it("an idle pooled connection that dies is dropped without crashing, and the next query works", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
    expect(await terminateOurSessions()).toBeGreaterThan(0);
    // The pool hears of it as an 'error' on an idle client: handled (logged), not an uncaught exception.
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Database connection lost \(idle/)),
    );
    warn.mockRestore();
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
  });

  it("a query whose session is terminated fails as unavailable, and the next query works", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const sleeping = caught(db.$queryRawUnsafe("SELECT pg_sleep(10)"));
    await vi.waitFor(async () => expect(await terminateOurSessions(true)).toBeGreaterThan(0));
    const error = await sleeping;
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(describeError(error, "test").status).toBe(503);
    vi.restoreAllMocks();
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
  });
});
