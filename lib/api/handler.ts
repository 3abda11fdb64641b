// Wraps route handlers: same-origin check on mutations (CSRF), body size limit, JSON parsing, and one
// mapping from errors to responses.
import "server-only";
import { NextResponse } from "next/server";
import { AuthorizationError } from "@/lib/auth/permissions";
import { isSameOrigin } from "@/lib/auth/origin";
import { ApiError, databaseUnavailableError, isDatabaseUnavailable } from "./errors";

// Every handler reads its body through readJsonBody (lib/api/body.ts): 413 over the limit, before parsing.
export { MAX_JSON_BODY_BYTES, readJsonBody } from "./body";

const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) {
    return NextResponse.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        },
        ...error.details,
      },
      { status: error.status, headers: error.headers },
    );
  }
  if (error instanceof AuthorizationError) {
    return NextResponse.json(
      { error: { code: error.status === 401 ? "unauthenticated" : "forbidden", message: error.message } },
      { status: error.status },
    );
  }
  if (isDatabaseUnavailable(error)) {
    // The database is restarting or unreachable: say so at once, with when to retry, rather than hang or 500.
    console.warn("Database unavailable in route handler:", error instanceof Error ? error.message : error);
    return errorResponse(databaseUnavailableError());
  }
  console.error("Unhandled error in route handler:", error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}

/**
 * A client that went away mid-request (closed tab, cancelled fetch): Node rejects the body read with
 * "aborted" (code ECONNRESET), which would otherwise pass for a database connection reset. Not an outage.
 */
export function isClientAbort(request: Request, error: unknown): boolean {
  if (request.signal.aborted) return true;
  if (!(error instanceof Error)) return false;
  return (
    error.name === "AbortError" ||
    (error.message === "aborted" && (error as { code?: unknown }).code === "ECONNRESET")
  );
}

/** Answered to a request whose client is gone: nobody reads it, and it is not counted as an error. */
const CLIENT_CLOSED_REQUEST = 499;

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

export function apiHandler<Context>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      if (MUTATING_METHODS.has(request.method) && !isSameOrigin(request)) {
        throw new ApiError("forbidden", "Cross-site requests are not allowed.");
      }
      return await handler(request, context);
    } catch (error) {
      if (isClientAbort(request, error)) {
        // Debug, not warn: aborts are routine and must not drown real outages in the log.
        console.debug(`Client closed the request: ${request.method} ${new URL(request.url).pathname}`);
        return new NextResponse(null, { status: CLIENT_CLOSED_REQUEST });
      }
      return errorResponse(error);
    }
  };
}
