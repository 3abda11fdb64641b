// Wraps route handlers: same-origin check on mutations (CSRF), body size limit, JSON parsing, and one
// mapping from errors to responses.
import "server-only";
import { NextResponse } from "next/server";
import { AuthorizationError } from "@/lib/auth/permissions";
import { isSameOrigin } from "@/lib/auth/origin";
import { ApiError } from "./errors";

/** Largest JSON body any handler accepts; bigger requests get 413 before they are parsed. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
      { status: error.status, headers: error.headers },
    );
  }
  if (error instanceof AuthorizationError) {
    return NextResponse.json(
      { error: { code: error.status === 401 ? "unauthenticated" : "forbidden", message: error.message } },
      { status: error.status },
    );
  }
  console.error("Unhandled error in route handler:", error);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}

export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  if (text.trim() === "") throw new ApiError("bad_request", "The request body is empty; send JSON.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON.");
  }
}

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

export function apiHandler<Context>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      if (MUTATING_METHODS.has(request.method) && !isSameOrigin(request)) {
        throw new ApiError("forbidden", "Cross-site requests are not allowed.");
      }
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
