// Gives a script a database: DATABASE_URL when set, otherwise the embedded one (see lib/db/embedded.ts).
// TEMPORARY minimal version: requires DATABASE_URL. The embedded fallback replaces this.
export async function withDatabase(run: (connectionString: string) => Promise<void>): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set.");
    process.exit(2);
  }
  try {
    await run(url);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  } finally {
    // The schema engine leaves a timer running; scripts end explicitly.
    process.exit();
  }
}
