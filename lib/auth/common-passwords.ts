// The list of the most common passwords (data/common-passwords.txt, ~11,400 entries, source in its
// header). Loaded once per process, then a Set lookup.
import { readFileSync } from "node:fs";
import path from "node:path";

let cached: ReadonlySet<string> | undefined;

export function parseCommonPasswords(text: string): ReadonlySet<string> {
  const entries = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.toLowerCase());
  return new Set(entries);
}

export function commonPasswords(): ReadonlySet<string> {
  if (!cached) {
    let text: string;
    try {
      // A literal path, so the bundler traces exactly this file into the server build.
      text = readFileSync(path.join(process.cwd(), "data", "common-passwords.txt"), "utf8");
    } catch (error) {
      // Without the list the password rule cannot be applied; say so instead of silently accepting.
      throw new Error(`Cannot read data/common-passwords.txt: ${(error as Error).message}`);
    }
    cached = parseCommonPasswords(text);
  }
  return cached;
}

/** Case-insensitive, so "Password123" counts as "password123". */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}
