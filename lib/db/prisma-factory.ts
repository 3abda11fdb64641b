// Builds a Prisma client on the pg driver adapter. The app uses the one instance in lib/db/client.ts;
// scripts (seed, user:create, benchmarks) and integration tests build their own with this factory.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export const DB_POOL_SIZE = 10;

export function createPrismaClient(connectionString: string, { poolSize = DB_POOL_SIZE } = {}) {
  const adapter = new PrismaPg({ connectionString, max: poolSize });
  // Secrets never leave the data layer unless a query asks for them explicitly.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type Db = ReturnType<typeof createPrismaClient>;
