// Builds a Prisma client on the pg driver adapter. The app uses the one instance in lib/db/client.ts;
// scripts (seed, user:create, benchmarks) and integration tests build their own with this factory.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";

export const DB_POOL_SIZE = 10;
/**
 * Longest wait to open a connection. pg's default is to wait forever, so a database that does not answer
 * would hang requests; with this they fail fast and the API answers 503 + Retry-After (lib/api/handler.ts).
 */
export const DB_CONNECTION_TIMEOUT_MS = 1_500;
/**
 * Longest a query waits for a free pooled connection while all are busy. Longer than opening one: a busy
 * pool on a loaded machine is not an outage (a database that is down refuses new connections at once, and
 * each refusal frees its slot for the next waiter, so waiters still fail fast then).
 */
export const DB_POOL_WAIT_TIMEOUT_MS = 10_000;

// pg's Pool uses one timeout for opening a connection and for waiting for a free one; its clients open
// theirs with the short one.
class FastConnectClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: DB_CONNECTION_TIMEOUT_MS });
  }
}

/**
 * Longest any one SQL statement may run before PostgreSQL cancels it: a slow query fails the request with
 * an error instead of holding a connection (and the reader) indefinitely. The app's reads and writes take
 * milliseconds; the largest (an import of thousands of annotations) is many short statements.
 */
export const DB_STATEMENT_TIMEOUT_MS = 15_000;

export function createPrismaClient(
  connectionString: string,
  { poolSize = DB_POOL_SIZE, statementTimeoutMs = DB_STATEMENT_TIMEOUT_MS } = {},
) {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: DB_POOL_WAIT_TIMEOUT_MS,
    Client: FastConnectClient,
    statement_timeout: statementTimeoutMs,
  });
  // The adapter ships newer pg typings than ours (one more ClientBase method); at run time it is one pg.
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    // The client owns the pool: $disconnect() ends it.
    disposeExternalPool: true,
    // An idle pooled connection that dies (the server restarts) is dropped by the pool and replaced on
    // the next query; logging it is all there is to do. Without a listener Node would crash on it.
    onPoolError: (error) =>
      console.warn(`Database connection lost (idle, replaced on next use): ${error.message}`),
    onConnectionError: (error) =>
      console.warn(`Database connection lost (in a transaction): ${error.message}`),
  });
  // Secrets never leave the data layer unless a query asks for them explicitly.
  const client = new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * The pg pool under a client made by createPrismaClient (undefined for anything else, e.g. a transaction
 * client). For the rare read whose many rows Prisma's result decoding makes slow (list-sql.ts): same
 * connections, same timeouts, no second client.
 */
export function sqlPoolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}

export type Db = ReturnType<typeof createPrismaClient>;
