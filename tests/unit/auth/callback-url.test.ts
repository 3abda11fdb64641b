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
