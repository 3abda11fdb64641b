// The one Prisma client of the app. Cached on globalThis outside production so hot reloads in
// development do not open a new pool each time.
import "server-only";
import { env } from "@/lib/env";
import { createPrismaClient, type Db } from "./prisma-factory";

function createAppClient(): Db {
  const connectionString = env().DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides a database.");
  }
  // Set by `npm start` for the embedded database (EMBEDDED_POOL_SIZE in ./embedded.ts explains why).
  const poolSize = Number.parseInt(process.env.MARGINALIA_DB_POOL_SIZE ?? "", 10);
  return createPrismaClient(connectionString, poolSize > 0 ? { poolSize } : {});
}

const globalForPrisma = globalThis as unknown as { prisma?: Db };

export const db = globalForPrisma.prisma ?? createAppClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
