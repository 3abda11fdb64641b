// The environment variables the accounts code reads (documented in README, Configuration).
// AUTH_SECRET, AUTH_URL and AUTH_TRUST_HOST are read by Auth.js itself.
import { z } from "zod";

const optional = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const authEnvSchema = z.object({
  // GitHub sign-in appears only when both are set (an OAuth app's client id and secret).
  AUTH_GITHUB_ID: optional,
  AUTH_GITHUB_SECRET: optional,
  // Magic sign-in links appear only when EMAIL_FROM is set. They are sent through SMTP_URL
  // (smtp:// or smtps://user:pass@host:port) when it is set, and written to the server log otherwise.
  EMAIL_FROM: optional,
  SMTP_URL: optional.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
  ),
});

export type AuthEnv = z.infer<typeof authEnvSchema>;

export function parseAuthEnv(source: Record<string, string | undefined> = process.env): AuthEnv {
  const result = authEnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid accounts configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function githubEnabled(env: AuthEnv): boolean {
  return env.AUTH_GITHUB_ID !== undefined && env.AUTH_GITHUB_SECRET !== undefined;
}

export function emailLinksEnabled(env: AuthEnv): boolean {
  return env.EMAIL_FROM !== undefined;
}
