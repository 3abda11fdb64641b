// npm run db:seed: loads content/articles/*.md into the database (idempotent; see lib/articles/seed-articles.ts)
// and, unless this is a production deployment, the demo accounts listed in README.md.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seedDemoUsers } from "../../lib/accounts/demo-users";
import { seedArticles, type SeedReport } from "../../lib/articles/seed-articles";
import { createPrismaClient } from "../../lib/db/prisma-factory";
import { withDatabase } from "../lib/database";

export const CONTENT_DIR = path.resolve(import.meta.dirname, "../../content/articles");

/** Demo accounts have public passwords: never in production, and never when switched off. */
export function demoAccountsWanted(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV !== "production" && env.MARGINALIA_DEMO_ACCOUNTS !== "false";
}

export async function runSeed(
  connectionString: string,
  contentDir = CONTENT_DIR,
): Promise<SeedReport & { demoUsers: string[] }> {
  const db = createPrismaClient(connectionString, { poolSize: 2 });
  try {
    const report = await seedArticles(db, contentDir);
    const demoUsers = demoAccountsWanted() ? await seedDemoUsers(db) : [];
    return { ...report, demoUsers };
  } finally {
    await db.$disconnect();
  }
}

export function describeSeedReport(report: SeedReport & { demoUsers?: string[] }): string {
  const parts = [
    report.created.length && `${report.created.length} new article(s)`,
    report.revised.length && `${report.revised.length} new revision(s)`,
    report.unchanged.length && `${report.unchanged.length} unchanged`,
    report.demoUsers?.length && `${report.demoUsers.length} demo account(s) created`,
  ].filter(Boolean);
  return `Seed: ${parts.join(", ") || "no content files"}.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await withDatabase(async (connectionString) => {
    console.log(describeSeedReport(await runSeed(connectionString)));
  });
}
