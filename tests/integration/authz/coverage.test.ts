// The matrix covers the app's real route table: every route handler method, server action and page
// found on disk has a row, and every row still names something that exists.
import { describe, expect, it } from "vitest";
import { CALLERS, MATRIX } from "./matrix";
import { routeTable } from "./route-table";

describe("authorisation matrix coverage", () => {
  const table = routeTable();

  it("finds the app's routes, actions and pages on disk", () => {
    // A scanner that finds nothing would make the coverage check pass vacuously.
    expect(table.filter((entry) => entry.kind === "route").length).toBeGreaterThan(20);
    expect(table.filter((entry) => entry.kind === "action").length).toBeGreaterThan(20);
    expect(table.filter((entry) => entry.kind === "page").length).toBeGreaterThan(10);
  });

  it("has a row for every route handler, server action and page", () => {
    const missing = table
      .filter((entry) => !(entry.key in MATRIX))
      .map((entry) => `${entry.key}   (${entry.file})`);
    expect(
      missing,
      `These have no row in tests/integration/authz/matrix.ts; add one per entry (see docs/testing.md):\n  ${missing.join("\n  ")}\n`,
    ).toEqual([]);
  });

  it("has no row for a route, action or page that no longer exists", () => {
    const keys = new Set(table.map((entry) => entry.key));
    const stale = Object.keys(MATRIX).filter((key) => !keys.has(key));
    expect(
      stale,
      `Rows in tests/integration/authz/matrix.ts for things that are gone:\n  ${stale.join("\n  ")}\n`,
    ).toEqual([]);
  });

  it("gives every row an outcome for every kind of caller", () => {
    for (const [key, row] of Object.entries(MATRIX)) {
      expect(Object.keys(row).sort(), key).toEqual([...CALLERS].sort());
    }
  });
});
