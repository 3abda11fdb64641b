import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

describe("safeCallbackPath", () => {
  it.each([
    ["/articles/rare-earths", "/articles/rare-earths"],
    ["/articles/x?tab=notes#annotation-1", "/articles/x?tab=notes#annotation-1"],
    ["/", "/"],
    ["/account", "/account"],
  ])("keeps the same-origin path %s", (input, output) => {
    expect(safeCallbackPath(input)).toBe(output);
  });

  it.each([
    ["https://evil.example/steal"],
    ["//evil.example/steal"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["http:evil.example"],
    ["/\tevil"],
    ["articles/relative-without-slash"],
    [""],
    ["/signin?callbackUrl=/signin"],
    ["/signup"],
    ["/api/auth/signout"],
    ["/" + "a".repeat(3000)],
  ])("refuses %s and falls back to /", (input) => {
    expect(safeCallbackPath(input)).toBe("/");
  });

  // Issue 20: the raw string looked local, but the parser's normalised path was "//evil.example/…", which
  // a browser follows to another host. Each variant must fall back to "/", whatever the origin argument.
  it.each([
    ["/.//evil.example/phish"],
    ["/./evil.example/..//evil.example/phish"],
    ["/a/..//evil.example"],
    ["/a/b/../..//evil.example"],
    ["/%2e//evil.example"],
    ["/%2E//evil.example"],
    ["/%2e%2e//evil.example"],
    ["/a/%2e%2e//evil.example"],
    ["/.%2f/evil.example"],
    ["/%2f/evil.example"],
    ["/%2F%2Fevil.example"],
    ["/%5cevil.example"],
    ["/%5C%5Cevil.example"],
    ["/.\\evil.example"],
    ["/a/..\\evil.example"],
    ["\\/evil.example"],
    ["/\n/evil.example"],
    ["/\t/evil.example"],
    ["\t//evil.example"],
    ["/\r\n//evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["https:evil.example"],
    ["https://evil.example"],
    ["HTTPS://EVIL.EXAMPLE/"],
    ["  https://evil.example"],
    ["javascript:alert(document.domain)"],
    ["JaVaScRiPt:alert(1)"],
    ["java\tscript:alert(1)"],
    ["/.//signin"],
    ["/a/../signin?callbackUrl=//evil.example"],
    ["/a/../api/auth/signout"],
  ])("refuses %j once normalised", (input) => {
    expect(safeCallbackPath(input)).toBe("/");
    expect(safeCallbackPath(input, "http://localhost:3000")).toBe("/");
  });

  it("keeps a path whose dot segments resolve to a plain local path", () => {
    expect(safeCallbackPath("/a/../articles/x")).toBe("/articles/x");
    expect(safeCallbackPath("http://localhost:3000/./articles/x", "http://localhost:3000")).toBe(
      "/articles/x",
    );
  });

  it("refuses a same-origin absolute URL whose path normalises to another host", () => {
    expect(safeCallbackPath("http://localhost:3000/.//evil.example/phish", "http://localhost:3000")).toBe(
      "/",
    );
    expect(safeCallbackPath("http://localhost:3000//evil.example", "http://localhost:3000")).toBe("/");
  });

  it("refuses values that are not strings", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/a", "/b"])).toBe("/");
    expect(safeCallbackPath(42)).toBe("/");
  });

  it("accepts an absolute URL only on the site's own origin, reduced to its path", () => {
    expect(safeCallbackPath("http://localhost:3000/articles/x?y=1", "http://localhost:3000")).toBe(
      "/articles/x?y=1",
    );
    expect(safeCallbackPath("http://localhost:3001/articles/x", "http://localhost:3000")).toBe("/");
    expect(safeCallbackPath("https://localhost:3000/articles/x", "http://localhost:3000")).toBe("/");
    expect(safeCallbackPath("http://localhost:3000.evil.example/", "http://localhost:3000")).toBe("/");
  });
});
