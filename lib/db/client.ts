// The one Prisma client of the app. Cached on globalThis outside production so hot reloads in
// development do not open a new pool each time.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export const DB_POOL_SIZE = 10;

function createPrismaClient() {
  const connectionString = env().DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides a database.");
  }
  const adapter = new PrismaPg({ connectionString, max: DB_POOL_SIZE });
  // Secrets never leave the data layer unless a query asks for them explicitly.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

const globalForPrisma = globalThis as unknown as { prisma?: ReturnType<typeof createPrismaClient> };

export const db = globalForPrisma.prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
