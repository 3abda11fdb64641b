// Reading request bodies with a size limit, for every route handler: the limit is checked against
// Content-Length before anything is read, and again while streaming (a chunked body has no length), so an
// oversized body is refused with 413 without being buffered or parsed.
import { ApiError } from "./errors";

/** Largest JSON body a route handler accepts unless it names its own limit. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

export function payloadTooLarge(maxBytes: number): ApiError {
  return new ApiError(
    "payload_too_large",
    `The request body is larger than ${maxBytes.toLocaleString("en")} bytes.`,
  );
}

// fatal: a body that is not UTF-8 is refused, rather than stored with replacement characters.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The body as UTF-8 text, reading no further than `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError("bad_request", "The request body is not valid UTF-8.");
  }
}

/**
 * Deepest nesting of arrays and objects a JSON body may have. Nothing the app takes nests more than a
 * handful of levels (a W3C annotation's refinedBy chain included); a 2,000-level document used to reach
 * the recursive checks and overflow the stack (a 500, issue 20), so it is refused first, without recursion.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * NUL cannot be stored in a PostgreSQL text column (the write would fail with a 500) and has no meaning in
 * anything a person writes, so a JSON document holding one anywhere is refused as a whole. Walks the value
 * with its own stack (no recursion) and refuses nesting deeper than MAX_JSON_DEPTH with 400.
 */
export function assertNoNulCharacters(value: unknown, path = ""): void {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: item, path: itemPath, depth } = next;
    if (typeof item === "string") {
      if (item.includes("\u0000")) {
        const field = itemPath || "_";
        throw new ApiError(
          "invalid",
          `${itemPath ? `${itemPath}: ` : ""}Text cannot contain NUL characters (U+0000).`,
          { [field]: ["Text cannot contain NUL characters (U+0000)."] },
        );
      }
      continue;
    }
    if (item === null || typeof item !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new ApiError("bad_request", `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`);
    }
    const entries: [string, unknown][] = Array.isArray(item)
      ? item.map((child, index) => [String(index), child])
      : Object.entries(item);
    // Reversed onto the stack, so the first field is checked (and named in the error) first.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index]!;
      if (key.includes("\u0000")) throw new ApiError("invalid", "Field names cannot contain NUL characters.");
      pending.push({ value: child, path: itemPath ? `${itemPath}.${key}` : key, depth: depth + 1 });
    }
  }
}

/** The body parsed as JSON: 413 over `maxBytes`, 400 when empty, not UTF-8 or not JSON, 422 when it holds NUL. */
export async function readJsonBody(
  request: Request,
  maxBytes = MAX_JSON_BODY_BYTES,
  emptyMessage = "The request body is empty; send JSON.",
): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") throw new ApiError("bad_request", emptyMessage);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON.");
  }
  assertNoNulCharacters(parsed);
  return parsed;
}
