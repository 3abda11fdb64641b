// Runs the page rows of the authorisation matrix: each app/**/page.tsx is imported and its server
// component called with real params, as each kind of caller, on the test database. The element tree it
// returns is walked: async server components are awaited, and the props handed to client components are
// read as data, since those props are exactly what Next.js would serialise to the browser. So "hides"
// means the team-only note is neither rendered nor sent to the browser by that page.
// Redirects, notFound() and authorisation errors are read from what the page throws.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuthorizationError } from "@/lib/auth/permissions";
import { testDb } from "../../helpers/db";
import { actAs } from "./in-process";
import { CALLERS, PAGES, type Caller, type Outcome } from "./matrix";
import { routeTable } from "./route-table";
import { buildWorld, freshTarget, type Target, type World } from "./world";

vi.mock("@/auth", async () => (await import("./in-process")).authModule());
vi.mock("next/headers", async () => (await import("./in-process")).headersModule());
// next-auth's own modules import "next/server" in a way plain Node cannot resolve; pages only need these.
vi.mock("next-auth", () => ({
  AuthError: class AuthError extends Error {},
  CredentialsSignin: class CredentialsSignin extends Error {},
}));
vi.mock("next-auth/react", () => ({
  SessionProvider: ({ children }: { children: unknown }) => children,
  signOut: () => Promise.resolve(),
  useSession: () => ({ data: null, status: "unauthenticated" }),
}));

const db = testDb();

interface ElementLike {
  $$typeof: symbol;
  type: unknown;
  props: Record<string, unknown>;
}

function isElement(node: unknown): node is ElementLike {
  return typeof node === "object" && node !== null && "$$typeof" in node && "props" in node;
}

/** Text and data of a server component tree, as far as it reaches the browser. */
async function flatten(node: unknown, depth = 0): Promise<string> {
  if (depth > 200 || node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number" || typeof node === "bigint") return String(node);
  if (typeof node === "function" || typeof node === "symbol") return "";
  if (node instanceof Promise) return flatten(await node, depth + 1);
  if (Array.isArray(node))
    return (await Promise.all(node.map((child) => flatten(child, depth + 1)))).join(" ");
  if (isElement(node)) {
    const { type, props } = node;
    if (typeof type === "function") {
      let rendered: unknown;
      try {
        rendered = (type as (props: unknown) => unknown)(props);
      } catch (error) {
        if (isControlFlow(error)) throw error;
        // A client component (hooks cannot run here): what the browser receives is its props.
        return flatten(Object.values(props), depth + 1);
      }
      try {
        return await flatten(await rendered, depth + 1);
      } catch (error) {
        if (isControlFlow(error) || depth === 0) throw error;
        return flatten(Object.values(props), depth + 1);
      }
    }
    if (typeof type === "object" && type !== null && "render" in type) {
      return flatten(Object.values(props), depth + 1);
    }
    // Host elements, fragments, Suspense, providers: their attributes and children.
    return flatten(Object.values(props), depth + 1);
  }
  if (typeof node === "object") {
    if (node instanceof Date) return node.toISOString();
    return flatten(Object.values(node as Record<string, unknown>), depth + 1);
  }
  return "";
}

function digestOf(error: unknown): string {
  return typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : "";
}

function isControlFlow(error: unknown): boolean {
  const digest = digestOf(error);
  return (
    digest.startsWith("NEXT_REDIRECT") ||
    digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") ||
    error instanceof AuthorizationError
  );
}

/** Components pages render instead of their content for a caller without access (components/auth, app/moderation). */
const NO_ACCESS_COMPONENTS = /^(Forbidden|NoModerationAccess)$/;

function paramsFor(path: string, world: World): Record<string, string> {
  const values: Record<string, string> = {
    "/articles/[slug]": world.article.slug,
    "/articles/[slug]/edit": world.article.slug,
    "/teams/[slug]": world.teamSlug,
    "/admin/users/[id]": world.author.id,
    "/moderation/users/[id]": world.author.id,
    "/invitations/[token]": "no-such-invitation-token",
  };
  const name = /\[(\w+)\][^[]*$/.exec(path)?.[1];
  return name ? { [name]: values[path] ?? "" } : {};
}

let world: World;
let target: Target;
const modules = new Map<string, { default: (props: unknown) => unknown }>();

beforeAll(async () => {
  // Calling a client component here makes React log "Invalid hook call" before it throws; that is how the
  // walk recognises one, so the message is expected noise.
  const logError = console.error.bind(console);
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Invalid hook call")) return;
    logError(...args);
  });
  world = await buildWorld(db);
  target = await freshTarget(db, world);
  for (const entry of routeTable()) {
    if (entry.kind !== "page") continue;
    modules.set(
      entry.key,
      (await import(/* @vite-ignore */ `../../../${entry.file}`)) as { default: (props: unknown) => unknown },
    );
  }
});

afterAll(() => {
  actAs(null);
  vi.restoreAllMocks();
});

async function visit(key: string, who: Caller): Promise<string> {
  const path = key.slice("page ".length);
  const page = modules.get(key)!.default;
  actAs(world.identities[who]);
  try {
    const tree = await page({
      params: Promise.resolve(paramsFor(path, world)),
      searchParams: Promise.resolve({}),
    });
    // Admin and moderation pages answer a signed-in caller without access with a "No access" notice
    // component instead of their content.
    if (isElement(tree) && typeof tree.type === "function" && NO_ACCESS_COMPONENTS.test(tree.type.name))
      return "403";
    const text = await flatten(tree);
    return text.includes(target.secret) ? "2xx+secret" : "2xx";
  } catch (error) {
    const digest = digestOf(error);
    if (digest.startsWith("NEXT_REDIRECT")) return digest.includes("/signin") ? "signin" : "redirect";
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) return digest.split(";")[1]!;
    if (error instanceof AuthorizationError) return String(error.status);
    return `error ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`;
  } finally {
    actAs(null);
  }
}

function matches(outcome: Outcome, actual: string): boolean {
  switch (outcome) {
    case "2xx":
      return actual.startsWith("2xx");
    case "sees":
      return actual === "2xx+secret";
    case "hides":
      return actual === "2xx";
    case "deny":
      return actual === "403" || actual === "404";
    default:
      return actual === outcome;
  }
}

describe("authorisation matrix: pages", () => {
  it('reads what a page renders and sends (else every "hides" would pass vacuously)', async () => {
    actAs(world.identities.teamMember);
    try {
      const page = modules.get("page /teams/[slug]")!.default;
      const text = await flatten(
        page({ params: Promise.resolve({ slug: world.teamSlug }), searchParams: Promise.resolve({}) }),
      );
      expect(text).toContain(`Team ${world.teamSlug}`);
      expect(text).toContain(world.author.name);
    } finally {
      actAs(null);
    }
  });

  for (const [key, row] of Object.entries(PAGES)) {
    it(`${key}: every caller gets what the matrix says`, async () => {
      const wrong: string[] = [];
      for (const who of CALLERS) {
        const actual = await visit(key, who);
        if (!matches(row[who], actual)) wrong.push(`${who}: expected ${row[who]}, got ${actual}`);
      }
      expect(wrong, `${key}\n  ${wrong.join("\n  ")}`).toEqual([]);
    });
  }
});
