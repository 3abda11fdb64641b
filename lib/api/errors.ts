// One error type for route handlers: a code, an HTTP status and a message a person can act on.
// Unknown errors become a generic 500 that leaks nothing.
import { z } from "zod";

export const API_ERROR_STATUS = {
  invalid: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  article_changed: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
    /** Extra facts for the client, e.g. the current text after a refused stale write. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

/** A zod failure as an "invalid" ApiError: the first message as the summary, all messages by field. */
export function invalidInput(error: z.ZodError, summary?: string): ApiError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const where = first && first.path.length ? `${first.path.join(".")}: ` : "";
  return new ApiError("invalid", summary ?? `${where}${first?.message ?? "Invalid input"}`, fields);
}

/** Parses with a schema or throws the matching ApiError. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}

/** Seconds a client is told to wait (Retry-After) when the database is unreachable for a moment. */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

// Signs that the database cannot be reached right now (restarting, down, or every connection busy),
// as opposed to a query that is wrong (a statement cut off by the statement timeout counts as unavailable): socket errors, PostgreSQL's shutdown and connection SQLSTATEs,
// Prisma's connection codes, the driver adapter's error kinds, and pg's own connection messages.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown: the server is stopping
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up
  "53300", // too_many_connections
  "57014", // query_canceled: the statement timeout (DB_STATEMENT_TIMEOUT_MS) ran out, so the server is overloaded
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001", // Prisma: can't reach database server
  "P1002", // Prisma: database server timed out
  "P1017", // Prisma: server has closed the connection
  "P2024", // Prisma: timed out fetching a connection from the pool
]);
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|^timeout expired$|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|not queryable|ECONNREFUSED|Can't reach database server|Server has closed the connection|Connection closed/i;

/** What a request gets while the database is unreachable: 503 with Retry-After, at once rather than a hang or a 500. */
export function databaseUnavailableError(): ApiError {
  return new ApiError(
    "unavailable",
    "The service is briefly unavailable. Please try again in a moment.",
    undefined,
    {
      "Retry-After": String(DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS),
    },
  );
}

/** True when an error (or anything in its cause chain) means the database is unreachable, not that a query failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      kind?: unknown;
      originalCode?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === "string" && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (typeof candidate.originalCode === "string" && UNAVAILABLE_CODES.has(candidate.originalCode))
      return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
