// The front gate on a real node:http server and real sockets (no Next): what an attacker can send is raw
// bytes, so the tests speak raw HTTP over net.Socket.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  frontGate,
  MAX_IMPORT_BODY_BYTES,
  MAX_REQUEST_BODY_BYTES,
  parseTrustedProxies,
  resolveClientAddress,
} from "@/lib/http/front-gate";

// Short, so the test of a body that never arrives takes a second, not the production 30 s.
const TEST_REQUEST_TIMEOUT_MS = 1_000;

let server: Server;
let port: number;
let handled = 0;
let bytesRead = 0;
const seenForwardedFor: string[] = [];

beforeAll(async () => {
  // Node checks the timeouts on connectionsCheckingInterval; its default (30 s) would outlast the test.
  server = createServer(
    { requestTimeout: TEST_REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 100 },
    (request, response) => {
      if (frontGate(request, response, new Set())) return;
      handled += 1;
      seenForwardedFor.push(String(request.headers["x-forwarded-for"]));
      request.on("data", (chunk: Buffer) => (bytesRead += chunk.byteLength));
      request.on("end", () => response.end("read"));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends `head` (and `body`), then collects everything the server answers until it closes. */
function rawRequest(head: string, body = ""): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve({ text, ms: Date.now() - started }));
    socket.write(head + body);
  });
}

describe("front gate: body limits before reading", () => {
  it("refuses a declared over-limit Content-Length with 413 before reading a byte, and closes", async () => {
    const before = { handled, bytesRead };
    const { text, ms } = await rawRequest(
      "POST /api/articles/x/comments HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n",
    );
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('"code":"payload_too_large"');
    // Answered at once, without waiting for a body that never comes.
    expect(ms).toBeLessThan(TEST_REQUEST_TIMEOUT_MS);
    expect(handled).toBe(before.handled);
    expect(bytesRead).toBe(before.bytesRead);
  });

  it("refuses a nonsense Content-Length", async () => {
    const { text } = await rawRequest("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 1e9\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 (400|413) /);
  });

  it("lets a body within the limit through to the handler", async () => {
    const body = JSON.stringify({ body: "hello" });
    const { text } = await rawRequest(
      `POST /api/comments/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text.endsWith("read")).toBe(true);
  });

  it("gives the import route its own, larger limit", () => {
    expect(bodyLimitFor("/api/articles/some-slug/annotations/import")).toBe(MAX_IMPORT_BODY_BYTES);
    expect(bodyLimitFor("/api/articles/some-slug/annotations")).toBe(MAX_REQUEST_BODY_BYTES);
    expect(bodyLimitFor("/articles/some-slug")).toBe(MAX_REQUEST_BODY_BYTES);
  });

  it("a body that is declared but never sent is cut off by the request timeout, not left hanging", async () => {
    const { text, ms } = await rawRequest(
      "POST /api/comments/1 HTTP/1.1\r\nHost: t\r\nContent-Length: 500000\r\n\r\n",
      "{",
    );
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(TEST_REQUEST_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(TEST_REQUEST_TIMEOUT_MS * 5);
  });
});

describe("front gate: NUL in the address", () => {
  it.each([
    "/articles/x%00y",
    "/api/articles/x/comments?cursor=%00",
    "/notifications?page=1%00",
    "/teams/%00",
  ])("answers %s with 400 before it reaches a query", async (target) => {
    const before = handled;
    const { text } = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(handled).toBe(before);
  });
});

describe("front gate: server actions need their own Origin", () => {
  const action = (headers: string) =>
    rawRequest(
      `POST /account HTTP/1.1\r\nHost: app.example:3000\r\nNext-Action: 7f00aa\r\nConnection: close\r\n${headers}Content-Length: 2\r\n\r\n`,
      "[]",
    );

  it("refuses a server-action POST without Origin, or with another site's", async () => {
    const before = handled;
    expect((await action("")).text).toMatch(/^HTTP\/1\.1 403 /);
    expect((await action("Origin: https://evil.example\r\n")).text).toMatch(/^HTTP\/1\.1 403 /);
    expect((await action("Origin: http://app.example:3001\r\n")).text).toMatch(/^HTTP\/1\.1 403 /);
    expect((await action("Origin: null\r\n")).text).toMatch(/^HTTP\/1\.1 403 /);
    expect(handled).toBe(before);
  });

  it("passes one from the site itself, and ordinary POSTs without Next-Action", async () => {
    expect((await action("Origin: http://app.example:3000\r\n")).text).toMatch(/^HTTP\/1\.1 200 /);
    const plain = await rawRequest(
      "POST /api/x HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    );
    expect(plain.text).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe("front gate: the client address", () => {
  it("ignores a client-supplied X-Forwarded-For when the app is reached directly", async () => {
    await rawRequest(
      "GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Forwarded-For: 203.0.113.9, 198.51.100.1\r\nX-Real-IP: 203.0.113.10\r\n\r\n",
    );
    expect(seenForwardedFor.at(-1)).toBe("127.0.0.1");
  });

  it("believes a trusted proxy's entry, and only the rightmost one not added by a trusted proxy", () => {
    const trusted = parseTrustedProxies("10.0.0.1, 10.0.0.2");
    expect(resolveClientAddress("10.0.0.1", "203.0.113.9", trusted)).toBe("203.0.113.9");
    // The client wrote "1.2.3.4" itself; the proxies appended what they saw.
    expect(resolveClientAddress("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2", trusted)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:10.0.0.1", "203.0.113.9", trusted)).toBe("203.0.113.9");
    // Not a trusted proxy: its header is the client's word.
    expect(resolveClientAddress("198.51.100.7", "203.0.113.9", trusted)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.1", "not-an-ip", trusted)).toBe("10.0.0.1");
    expect(resolveClientAddress("::ffff:127.0.0.1", undefined, new Set())).toBe("127.0.0.1");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address", () => {
    expect(() => parseTrustedProxies("10.0.0.1, proxy.internal")).toThrow(/TRUSTED_PROXIES/);
    expect(parseTrustedProxies(undefined).size).toBe(0);
    expect(parseTrustedProxies("").size).toBe(0);
  });
});
