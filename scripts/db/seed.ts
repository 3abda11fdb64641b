// npm run db:seed: loads content/articles/*.md into the database (idempotent; see lib/articles/seed-articles.ts).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seedArticles, type SeedReport } from "../../lib/articles/seed-articles";
import { createPrismaClient } from "../../lib/db/prisma-factory";
import { withDatabase } from "../lib/database";

export const CONTENT_DIR = path.resolve(import.meta.dirname, "../../content/articles");

export async function runSeed(connectionString: string, contentDir = CONTENT_DIR): Promise<SeedReport> {
  const db = createPrismaClient(connectionString, { poolSize: 2 });
  try {
    return await seedArticles(db, contentDir);
  } finally {
    await db.$disconnect();
  }
}

export function describeSeedReport(report: SeedReport): string {
  const parts = [
    report.created.length && `${report.created.length} new article(s)`,
    report.revised.length && `${report.revised.length} new revision(s)`,
    report.unchanged.length && `${report.unchanged.length} unchanged`,
  ].filter(Boolean);
  return `Seed: ${parts.join(", ") || "no content files"}.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await withDatabase(async (connectionString) => {
    console.log(describeSeedReport(await runSeed(connectionString)));
  });
}
