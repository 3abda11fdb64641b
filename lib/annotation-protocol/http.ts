// HTTP plumbing of the annotation API: the error type for statuses ApiError does not name, reading a
// bounded JSON body, and turning any error into a JSON response that leaks nothing.
import { readJsonBody } from "../api/body";
import { ApiError, databaseUnavailableError, isDatabaseUnavailable } from "../api/errors";
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

/** The body as JSON through the app's one body reader (lib/api/body.ts): 413 over `maxBytes`, before parsing. */
export function readJson(request: Request, maxBytes: number): Promise<unknown> {
  return readJsonBody(request, maxBytes, "The request body is empty; send a Web Annotation as JSON-LD.");
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
  if (isDatabaseUnavailable(error)) return describeError(databaseUnavailableError(), where);
  // The error only: a request's Authorization header must never reach a log.
  console.error(`Annotation API: unhandled error in ${where}:`, error);
  return { status: 500, headers: {}, body: errorBody("internal", "Something went wrong on our side.") };
}
