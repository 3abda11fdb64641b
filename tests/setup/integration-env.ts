// Runs in each integration test file before its imports are evaluated: code under test that reads
// DATABASE_URL (lib/env.ts, lib/db/client.ts) finds the database the global setup prepared.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
