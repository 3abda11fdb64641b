// Prisma CLI configuration. The app itself connects through lib/db/client.ts; migrations are applied
// by scripts/db/migrate.ts (Prisma's WebAssembly schema engine), so the CLI is only used for `generate`.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/marginalia" },
});
