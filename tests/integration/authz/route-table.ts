// The app's real route table, read from the filesystem at test time: every route handler method, every
// exported server action and every page. The authorisation matrix (./matrix.ts) must have a row for each
// entry, so a new route cannot ship without someone deciding who may call it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ROOT = join(import.meta.dirname, "../../..");
const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

export type EntryKind = "route" | "action" | "page";

export interface RouteEntry {
  /** The matrix key: "GET /api/reports", "action lib/teams/actions/teams.ts#createTeamAction", "page /teams/[slug]". */
  key: string;
  kind: EntryKind;
  /** File relative to the repository root. */
  file: string;
}

function walk(directory: string, out: string[] = []): string[] {
  for (const name of readdirSync(directory)) {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** "app/(auth)/signin/page.tsx" → "/signin": route groups and private folders do not appear in URLs. */
function urlPath(file: string): string {
  const segments = relative(join(ROOT, "app"), file).split(sep).slice(0, -1);
  const visible = segments.filter((segment) => !/^\(.*\)$/.test(segment));
  return `/${visible.join("/")}`;
}

/** Methods a route module exports: `export const GET =`, `export async function POST`, `export const { GET, POST } =`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:const|function|let)\s+([A-Z]+)\b/g))
    found.add(match[1]!);
  for (const match of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) {
    for (const name of match[1]!.split(","))
      found.add(
        name
          .trim()
          .split(/\s*:\s*/)
          .at(-1)!
          .trim(),
      );
  }
  return HTTP_METHODS.filter((method) => found.has(method));
}

/** A file whose first statement is "use server" (a module of server actions, not an inline action). */
function isServerActionModule(source: string): boolean {
  const code = source.replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, "");
  return /^["']use server["']/.test(code);
}

/** Functions a "use server" module exports (every export of such a module is callable from a browser). */
export function exportedFunctions(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)/g)) names.add(match[1]!);
  for (const match of source.matchAll(/export\s+const\s+(\w+)\s*=/g)) names.add(match[1]!);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of match[1]!.split(",")) {
      const exported = name
        .trim()
        .split(/\s+as\s+/)
        .at(-1)!
        .trim();
      if (exported && !exported.startsWith("type ")) names.add(exported);
    }
  }
  return [...names].sort();
}

export function routeTable(): RouteEntry[] {
  const entries: RouteEntry[] = [];
  for (const path of walk(join(ROOT, "app"))) {
    const file = relative(ROOT, path).split(sep).join("/");
    if (/\/route\.tsx?$/.test(file)) {
      for (const method of exportedMethods(readFileSync(path, "utf8"))) {
        entries.push({ key: `${method} ${urlPath(path)}`, kind: "route", file });
      }
    } else if (/\/page\.tsx?$/.test(file)) {
      entries.push({ key: `page ${urlPath(path)}`, kind: "page", file });
    }
  }
  for (const top of ["app", "lib"]) {
    for (const path of walk(join(ROOT, top))) {
      if (!/\.tsx?$/.test(path)) continue;
      const source = readFileSync(path, "utf8");
      if (!isServerActionModule(source)) continue;
      const file = relative(ROOT, path).split(sep).join("/");
      for (const name of exportedFunctions(source))
        entries.push({ key: `action ${file}#${name}`, kind: "action", file });
    }
  }
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}
