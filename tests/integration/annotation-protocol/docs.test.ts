// docs/api.md cannot drift from the code: every curl example in it is parsed and run, in order, against
// the real handlers, and must give the status written under it; every method the route files export is
// exercised by some example; every response header the document lists is really sent.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { revokeApiToken } from "@/lib/api-tokens/tokens";
import { testDb } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";
import { BASE, protocolClient, tokenFor } from "./protocol-client";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const DOC = readFileSync(path.join(ROOT, "docs/api.md"), "utf8");
const db = testDb();

interface Example {
  line: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: string | undefined;
  expected: number;
}

/** Splits a shell command into words: '…' literal, "…" and bare words with $VAR expanded, \ escapes. */
function shellWords(command: string, variables: Record<string, string>): string[] {
  const expand = (text: string) =>
    text.replace(/\$([A-Z_]+)/g, (_, name: string) => {
      if (!(name in variables)) throw new Error(`docs/api.md uses $${name}, which the test does not define`);
      return variables[name]!;
    });
  const words: string[] = [];
  let current: string | null = null;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index]!;
    if (char === "'") {
      const end = command.indexOf("'", index + 1);
      current = (current ?? "") + command.slice(index + 1, end);
      index = end;
    } else if (char === '"') {
      let end = index + 1;
      while (command[end] !== '"') end += command[end] === "\\" ? 2 : 1;
      current = (current ?? "") + expand(command.slice(index + 1, end).replace(/\\(.)/g, "$1"));
      index = end;
    } else if (/\s/.test(char)) {
      if (current !== null) words.push(current);
      current = null;
    } else {
      let end = index;
      while (end < command.length && !/[\s'"]/.test(command[end]!)) end += 1;
      current = (current ?? "") + expand(command.slice(index, end));
      index = end - 1;
    }
  }
  if (current !== null) words.push(current);
  return words;
}

/** The ```sh blocks holding a curl command, each ending with "# → <status>". */
function examples(variables: Record<string, string>): Example[] {
  const found: Example[] = [];
  const blocks = DOC.matchAll(/^```sh\n([\s\S]*?)^```$/gm);
  for (const block of blocks) {
    const line = DOC.slice(0, block.index).split("\n").length;
    const lines = block[1]!.trimEnd().split("\n");
    const expectation = /^# → (\d{3})$/.exec(lines.pop() ?? "");
    if (!expectation) throw new Error(`docs/api.md line ${line}: an example must end with "# → <status>"`);
    let heredoc: string | undefined;
    const heredocStart = lines.findIndex((text) => /<<'?JSON'?$/.test(text));
    let commandLines = lines;
    if (heredocStart >= 0) {
      const end = lines.lastIndexOf("JSON");
      const quoted = lines[heredocStart]!.endsWith("'JSON'");
      const raw = lines.slice(heredocStart + 1, end).join("\n");
      // An unquoted delimiter expands $VARIABLES, as the shell does.
      heredoc = quoted ? raw : raw.replace(/\$([A-Z_]+)/g, (whole, name: string) => variables[name] ?? whole);
      commandLines = [...lines.slice(0, heredocStart), lines[heredocStart]!.replace(/<<'?JSON'?$/, "")];
    }
    const words = shellWords(commandLines.join("\n").replace(/\\\n/g, " "), variables);
    if (words[0] !== "curl") throw new Error(`docs/api.md line ${line}: examples are curl commands`);
    let method: string | null = null;
    let url: string | null = null;
    const headers: [string, string][] = [];
    let body: string | undefined;
    for (let index = 1; index < words.length; index += 1) {
      const word = words[index]!;
      if (word === "-i" || word === "-s") continue;
      else if (word === "-I") method = "HEAD";
      else if (word === "-X") method = words[++index]!;
      else if (word === "-H") {
        const header = words[++index]!;
        const colon = header.indexOf(":");
        headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
      } else if (word === "--data-binary" || word === "-d") {
        const value = words[++index]!;
        body = value === "@-" ? heredoc : value;
      } else if (word.startsWith("-"))
        throw new Error(`docs/api.md line ${line}: the test does not know curl option ${word}`);
      else url = word;
    }
    if (!url) throw new Error(`docs/api.md line ${line}: no URL`);
    found.push({
      line,
      method: method ?? (body !== undefined ? "POST" : "GET"),
      url,
      headers,
      body,
      expected: Number(expectation[1]),
    });
  }
  return found;
}

describe("docs/api.md", () => {
  it("runs every curl example against the handlers with the documented status, covering every route method", async () => {
    const article = await createArticle(db);
    const [user, neighbour] = await Promise.all([createUser(db), createUser(db)]);
    // The article already has a public annotation, so that its container has a page to show.
    await createAnnotation(db, neighbour, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "first paragraph"),
      visibility: "PUBLIC",
    });
    const variables: Record<string, string> = {
      SITE: BASE,
      SLUG: article.slug,
      TOKEN: await tokenFor(db, user, "READ_WRITE"),
      READ_TOKEN: await tokenFor(db, user, "READ"),
      OLD_TOKEN: await tokenFor(db, user, "READ"),
      ANNOTATION: `${BASE}/api/annotations/${article.slug}/not-created-yet`,
      ETAG: '"none-yet"',
    };
    const old = await db.apiToken.findFirstOrThrow({
      where: { userId: user.id },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    await revokeApiToken(db, user, old.id);

    const api = protocolClient(db);
    const exercised = new Set<string>();
    // Examples are parsed one at a time: later ones use the IRI and ETag earlier ones produced.
    const total = examples(variables).length;
    expect(total).toBeGreaterThanOrEqual(15);
    for (let index = 0; index < total; index += 1) {
      const example = examples(variables)[index]!;
      const response = await api.call(example.method, example.url, {
        headers: Object.fromEntries(example.headers),
        ...(example.body !== undefined ? { body: example.body } : {}),
      });
      const text = await response.text();
      expect(
        response.status,
        `docs/api.md line ${example.line}: ${example.method} ${example.url}\n${text}`,
      ).toBe(example.expected);
      const kind = new URL(example.url).pathname.endsWith("/") ? "container" : "annotation";
      exercised.add(`${kind} ${example.method}`);
      const location = response.headers.get("location");
      if (location) variables.ANNOTATION = location;
      if (example.url === variables.ANNOTATION && response.headers.get("etag") && response.status === 200)
        variables.ETAG = response.headers.get("etag")!;
    }

    // Every method every route file exports is shown at least once.
    const routeMethods = (file: string) => {
      const source = readFileSync(path.join(ROOT, file), "utf8");
      const names = /export const \{ ([A-Z, ]+) \}/.exec(source)?.[1];
      if (!names) throw new Error(`${file}: no exported handlers found`);
      return names.split(/,\s*/);
    };
    const expected = [
      ...routeMethods("app/api/annotations/[slug]/route.ts").map((method) => `container ${method}`),
      ...routeMethods("app/api/annotations/[slug]/[id]/route.ts").map((method) => `annotation ${method}`),
    ];
    expect([...exercised].sort()).toEqual(expect.arrayContaining(expected.sort()));
    expect(expected).toHaveLength(9);
  });

  it("lists only response headers the API really sends, and every status it documents is one the code uses", async () => {
    const article = await createArticle(db);
    const user = await createUser(db);
    const token = await tokenFor(db, user);
    const api = protocolClient(db);
    const created = await api.call("POST", `${BASE}/api/annotations/${article.slug}/`, {
      token,
      headers: { Origin: "https://tool.example" },
      body: {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        target: {
          source: `${BASE}/articles/${article.slug}`,
          selector: { type: "TextQuoteSelector", exact: "first paragraph" },
        },
      },
    });
    const container = await api.call("GET", `${BASE}/api/annotations/${article.slug}/`, {
      headers: { Prefer: 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"' },
    });
    const sent = new Set([...created.headers.keys(), ...container.headers.keys()]);
    const section = DOC.split("## Response headers")[1]!.split("\n## ")[0]!;
    const documented = [...section.matchAll(/^\| ((?:`[\w-]+`(?:, )?)+)\s+\|/gm)].flatMap((match) =>
      [...match[1]!.matchAll(/`([\w-]+)`/g)].map((name) => name[1]!),
    );
    expect(documented.length).toBeGreaterThanOrEqual(10);
    for (const header of documented) expect(sent.has(header.toLowerCase()), header).toBe(true);

    const statuses = [...DOC.split("## Errors")[1]!.matchAll(/^\| (\d{3})\s+\|/gm)].map((match) =>
      Number(match[1]),
    );
    const source = ["handlers.ts", "http.ts", "caller.ts"]
      .map((file) => readFileSync(path.join(ROOT, "lib/annotation-protocol", file), "utf8"))
      .join("\n");
    const { API_ERROR_STATUS } = await import("@/lib/api/errors");
    const produced = new Set<number>([
      ...Object.values(API_ERROR_STATUS),
      ...[...source.matchAll(/ProtocolError\(\s*(\d{3})/g)].map((match) => Number(match[1])),
    ]);
    for (const status of statuses) expect(produced.has(status), String(status)).toBe(true);
  });
});
