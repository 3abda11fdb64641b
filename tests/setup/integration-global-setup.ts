// Runs once before the integration tests: provides a migrated PostgreSQL and tells the test files where it is.
// DATABASE_URL set: that (local) server. Unset: a throwaway embedded PostgreSQL in memory, gone after the run.
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { applyPendingMigrations } from "@/lib/db/migrations";
import { assertLocalDatabase } from "./local-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "server" | "embedded";
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.DATABASE_URL?.trim();
  let stop = async () => {};
  let databaseUrl: string;
  if (configured) {
    assertLocalDatabase(configured);
    databaseUrl = configured;
  } else {
    const embedded = await startEmbeddedDatabase({ dataDir: null });
    databaseUrl = embedded.connectionString;
    stop = () => embedded.stop();
  }
  try {
    await applyPendingMigrations(databaseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("databaseUrl", databaseUrl);
  project.provide("databaseKind", configured ? "server" : "embedded");
  return stop;
}
