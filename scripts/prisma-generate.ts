// Generates the Prisma client into lib/generated/prisma when schema.prisma changed since the last run.
// `prisma generate` never runs the native schema engine, but the CLI insists one exists; any file will do
// (see docs/architecture notes in README). Skipping an unchanged schema keeps `npm start` fast.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const outputDir = path.join(root, "lib/generated/prisma");
const stampPath = path.join(outputDir, ".schema-hash");

const schemaHash = createHash("sha256").update(readFileSync(schemaPath)).digest("hex");
const upToDate = existsSync(stampPath) && readFileSync(stampPath, "utf8") === schemaHash;

if (!upToDate || process.argv.includes("--force")) {
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate", "--schema", schemaPath], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? schemaPath,
    },
  });
  writeFileSync(stampPath, schemaHash);
}
