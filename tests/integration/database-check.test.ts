// A wrong DATABASE_URL costs one readable line naming the server, a non-zero exit and no stack trace.
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { checkDatabaseReachable, DatabaseUnreachableError, describeDatabase } from "@/lib/db/describe";
import { testDatabaseUrl } from "@/tests/helpers/db";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** A TCP port on 127.0.0.1 with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  return address.port;
}

describe("checking DATABASE_URL before any work", () => {
  it("names a database without its password", () => {
    expect(describeDatabase("postgresql://app:s3cret@db.internal:6543/marginalia?sslmode=require")).toBe(
      "PostgreSQL at db.internal:6543/marginalia",
    );
    expect(describeDatabase("postgres://root@127.0.0.1/x")).toBe("PostgreSQL at 127.0.0.1:5432/x");
  });

  it("accepts the test database", async () => {
    await expect(checkDatabaseReachable(testDatabaseUrl())).resolves.toBeUndefined();
  });

  it("says a server that is not listening cannot be reached, with host and port", async () => {
    const port = await closedPort();
    const check = checkDatabaseReachable(`postgresql://root@127.0.0.1:${port}/x`);
    await expect(check).rejects.toBeInstanceOf(DatabaseUnreachableError);
    await expect(check).rejects.toThrow(
      `Cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused). Is it running? Check DATABASE_URL.`,
    );
  });

  it.skipIf(inject("databaseKind") === "embedded")("says which database does not exist", async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = "/marginalia_no_such_database";
    await expect(checkDatabaseReachable(url.toString())).rejects.toThrow(
      /^Database "marginalia_no_such_database" does not exist on PostgreSQL at [^ ]+:\d+\. /,
    );
  });

  it("ends a database script with one line on stderr and exit code 1", async () => {
    const port = await closedPort();
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/db/migrate.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: `postgresql://root@127.0.0.1:${port}/x` },
    });
    const failure = (await run.then(
      () => null,
      (error: unknown) => error,
    )) as { code?: number; stdout?: string; stderr?: string } | null;
    expect(failure).not.toBeNull();
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr?.trimEnd().split("\n")).toEqual([
      `Cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused). Is it running? Check DATABASE_URL.`,
    ]);
  });
});
