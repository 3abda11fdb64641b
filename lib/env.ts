// Environment, validated once with readable messages. Every variable is documented in README.md.
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Unset: `npm start` runs the embedded PostgreSQL and sets this for the server it starts.
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// connection URL")
      .optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Public origin of the site, used for canonical URLs, Open Graph and share links.
  SITE_URL: optionalText.pipe(
    z.url("SITE_URL must be an absolute URL such as https://marginalia.example").optional(),
  ),
  // Folder for the embedded database and generated local secrets.
  MARGINALIA_DATA_DIR: optionalText,
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`,
    );
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** The site's public origin, without a trailing slash. */
export function siteUrl(): string {
  const { SITE_URL, PORT } = env();
  return (SITE_URL ?? `http://localhost:${PORT}`).replace(/\/+$/, "");
}
