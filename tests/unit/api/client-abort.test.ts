// A client that disconnects mid-request is not a database outage: it is logged at debug level only, and
// never as "Database unavailable" (which is what operators watch for real outages).
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiHandler } from "@/lib/api/handler";

// The handler's only use of the auth module is its error class; the real one pulls in Auth.js and Next's
// server runtime, which a unit test has no use for.
vi.mock("@/lib/auth/permissions", () => ({ AuthorizationError: class AuthorizationError extends Error {} }));

/** What Node raises when the client goes away while the body is read. */
function abortedBodyError(): Error {
  return Object.assign(new Error("aborted"), { code: "ECONNRESET" });
}

const request = (signal?: AbortSignal) =>
  new Request("http://localhost:3000/api/annotation-items/x", { method: "GET", signal });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("client aborts", () => {
  it("logs a body read aborted by the client at debug level, not as a database outage", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
    const handler = apiHandler(() => Promise.reject(abortedBodyError()));
    const response = await handler(request(), {});
    expect(response.status).toBe(499);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith(expect.stringMatching(/Client closed the request/));
  });

  it("treats any failure of a request whose signal is aborted as the client's", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(console, "debug").mockImplementation(() => undefined);
    const controller = new AbortController();
    controller.abort();
    const handler = apiHandler(() => Promise.reject(Object.assign(new Error("Connection terminated"), {})));
    expect((await handler(request(controller.signal), {})).status).toBe(499);
    expect(warn).not.toHaveBeenCalled();
  });

  it("still reports a real connection reset from the database as unavailable (503)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const handler = apiHandler(() =>
      Promise.reject(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })),
    );
    const response = await handler(request(), {});
    expect(response.status).toBe(503);
    expect(warn).toHaveBeenCalledWith("Database unavailable in route handler:", "read ECONNRESET");
  });
});
