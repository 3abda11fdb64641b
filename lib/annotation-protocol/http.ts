// HTTP plumbing of the annotation API: the error type for statuses ApiError does not name, reading a
// bounded JSON body, and turning any error into a JSON response that leaks nothing.
import { ApiError } from "../api/errors";
import { PreferError } from "./prefer";

/** A status of the protocol that is not one of ApiError's codes (406, 428). */
export class ProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

/** The body as text, reading no further than `maxBytes` (a body without Content-Length is stopped midway). */
async function readLimited(request: Request, maxBytes: number, tooLarge: () => Error): Promise<string> {
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
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new ApiError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const text = await readLimited(request, maxBytes, tooLarge);
  if (text.trim() === "")
    throw new ApiError("bad_request", "The request body is empty; send a Web Annotation as JSON-LD.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON.");
  }
}

export function errorBody(code: string, message: string, fields?: Record<string, string[]>) {
  return JSON.stringify({ error: { code, message, ...(fields ? { fields } : {}) } });
}

/** Status, headers and JSON body for an error. Unknown errors are logged (never the request's headers). */
export function describeError(
  error: unknown,
  where: string,
): { status: number; headers: Record<string, string>; body: string } {
  if (error instanceof ApiError)
    return {
      status: error.status,
      headers: error.headers ?? {},
      body: errorBody(error.code, error.message, error.fields),
    };
  if (error instanceof ProtocolError)
    return { status: error.status, headers: {}, body: errorBody(error.code, error.message) };
  if (error instanceof PreferError)
    return { status: 400, headers: {}, body: errorBody("bad_request", error.message) };
  // The error only: a request's Authorization header must never reach a log.
  console.error(`Annotation API: unhandled error in ${where}:`, error);
  return { status: 500, headers: {}, body: errorBody("internal", "Something went wrong on our side.") };
}
