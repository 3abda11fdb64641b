// Cards in the margin: beside their highlights, in order, never overlapping.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutMargin, marginHeight, type MarginItem } from "@/lib/annotations/margin-layout";

function expectNoOverlap(items: MarginItem[], tops: Map<string, number>, gap: number) {
  const placed = items
    .map((item) => ({ ...item, placed: tops.get(item.id)! }))
    .sort((a, b) => a.placed - b.placed);
  for (let index = 1; index < placed.length; index++) {
    const above = placed[index - 1]!;
    expect(placed[index]!.placed).toBeGreaterThanOrEqual(above.placed + above.height + gap - 1e-9);
  }
}

describe("layoutMargin", () => {
  it("puts each card beside its highlight when there is room", () => {
    const tops = layoutMargin([
      { id: "a", top: 0, height: 50 },
      { id: "b", top: 200, height: 50 },
    ]);
    expect(tops.get("a")).toBe(0);
    expect(tops.get("b")).toBe(200);
  });

  it("pushes a card down below the one above it, keeping the gap", () => {
    const tops = layoutMargin(
      [
        { id: "a", top: 100, height: 80 },
        { id: "b", top: 120, height: 40 },
        { id: "c", top: 130, height: 40 },
      ],
      { gap: 10 },
    );
    expect([tops.get("a"), tops.get("b"), tops.get("c")]).toEqual([100, 190, 240]);
  });

  it("aligns the anchored card with its highlight and moves the cards above it up", () => {
    const items = [
      { id: "a", top: 100, height: 80 },
      { id: "b", top: 120, height: 40 },
    ];
    const tops = layoutMargin(items, { gap: 10, anchorId: "b" });
    expect(tops.get("b")).toBe(120);
    expect(tops.get("a")).toBe(30);
  });

  it("never places a card above minTop, even to align the anchored card", () => {
    const items = [
      { id: "a", top: 10, height: 80 },
      { id: "b", top: 20, height: 40 },
    ];
    const tops = layoutMargin(items, { gap: 10, minTop: 0, anchorId: "b" });
    expect(tops.get("a")).toBe(0);
    expect(tops.get("b")).toBe(90);
    expect(marginHeight(items, tops)).toBe(130);
  });

  it("keeps equal tops in a stable order", () => {
    const first = layoutMargin([
      { id: "b", top: 0, height: 10 },
      { id: "a", top: 0, height: 10 },
    ]);
    expect(first.get("a")).toBe(0);
    expect(first.get("b")).toBe(18);
  });

  it("never overlaps and keeps the order of the highlights, whatever the input", () => {
    const item = fc.record({
      top: fc.integer({ min: -50, max: 2000 }),
      height: fc.integer({ min: 1, max: 300 }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        fc.integer({ min: 0, max: 24 }),
        fc.option(fc.nat(39)),
        (raw, gap, anchor) => {
          const items = raw.map((entry, index) => ({ id: `i${String(index).padStart(2, "0")}`, ...entry }));
          const anchorId = anchor !== null && anchor < items.length ? items[anchor]!.id : null;
          const tops = layoutMargin(items, { gap, minTop: 0, anchorId });
          expect(tops.size).toBe(items.length);
          expectNoOverlap(items, tops, gap);
          for (const entry of items) expect(tops.get(entry.id)).toBeGreaterThanOrEqual(0);
          // Order: a card whose highlight is lower is never placed above one whose highlight is higher.
          const byWanted = [...items].sort((a, b) => a.top - b.top || (a.id < b.id ? -1 : 1));
          for (let index = 1; index < byWanted.length; index++) {
            expect(tops.get(byWanted[index]!.id)!).toBeGreaterThan(tops.get(byWanted[index - 1]!.id)!);
          }
          // Without an anchor, no card is ever placed above its highlight.
          if (anchorId === null)
            for (const entry of items) expect(tops.get(entry.id)!).toBeGreaterThanOrEqual(entry.top);
        },
      ),
      { numRuns: 500 },
    );
  });
});
