// The DOM ↔ text-offset mapping must agree with textContent offsets exactly, or highlights drift.
// The trees here are plain objects with the DOM's structural shape (nodeType, childNodes, data), which is
// all dom-anchoring.ts reads; the browser side is exercised on the real page by e2e/annotations.spec.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boundaryPointAt,
  boundaryPointsFor,
  buildTextOffsetTable,
  tableText,
  textOffsetOf,
  type NodeLike,
} from "@/lib/annotations/dom-anchoring";

interface TestNode extends NodeLike {
  childNodes: TestNode[];
  name: string;
}

const text = (data: string): TestNode => ({ nodeType: 3, childNodes: [], data, name: `#text(${data})` });
const el = (name: string, ...children: TestNode[]): TestNode => ({ nodeType: 1, childNodes: children, name });
const comment = (): TestNode => ({ nodeType: 8, childNodes: [], data: "not text", name: "#comment" });

function textContent(node: TestNode): string {
  if (node.nodeType === 3) return node.data ?? "";
  if (node.nodeType !== 1) return "";
  return node.childNodes.map(textContent).join("");
}

// <div><p>Hello <em>brave</em> world</p>\n<ul><li>one</li><li></li><li>two</li></ul></div>
function sampleTree() {
  const hello = text("Hello ");
  const brave = text("brave");
  const world = text(" world");
  const newline = text("\n");
  const one = text("one");
  const empty = text("");
  const two = text("two");
  const em = el("em", brave);
  const p = el("p", hello, em, world);
  const ul = el("ul", el("li", one), el("li", empty), el("li", two));
  const root = el("div", p, comment(), newline, ul);
  return { root, hello, brave, world, newline, one, empty, two, em, p, ul };
}

describe("buildTextOffsetTable", () => {
  it("covers exactly the root's textContent, skipping comments", () => {
    const { root } = sampleTree();
    const table = buildTextOffsetTable(root);
    expect(tableText(table)).toBe("Hello brave world\nonetwo");
    expect(table.length).toBe(textContent(root).length);
  });

  it("records where each element starts and ends", () => {
    const { root, em, p, ul } = sampleTree();
    const table = buildTextOffsetTable(root);
    expect(table.bounds.get(em)).toEqual({ start: 6, end: 11 });
    expect(table.bounds.get(p)).toEqual({ start: 0, end: 17 });
    expect(table.bounds.get(ul)).toEqual({ start: 18, end: 24 });
  });
});

describe("textOffsetOf", () => {
  it("maps a point in a text node to its offset in the projection", () => {
    const { root, brave, two } = sampleTree();
    const table = buildTextOffsetTable(root);
    expect(textOffsetOf(table, brave, 0)).toBe(6);
    expect(textOffsetOf(table, brave, 5)).toBe(11);
    expect(textOffsetOf(table, two, 1)).toBe(22);
  });

  it("maps an element boundary point to the offset before its child", () => {
    const { root, p, ul } = sampleTree();
    const table = buildTextOffsetTable(root);
    expect(textOffsetOf(table, p, 1)).toBe(6); // before <em>
    expect(textOffsetOf(table, p, 3)).toBe(17); // after the last child
    expect(textOffsetOf(table, root, 1)).toBe(17); // before the comment, which holds no text
    expect(textOffsetOf(table, ul, 2)).toBe(21); // before the third <li>
  });

  it("returns null for a node outside the root", () => {
    const table = buildTextOffsetTable(sampleTree().root);
    expect(textOffsetOf(table, text("elsewhere"), 0)).toBeNull();
  });
});

describe("boundaryPointAt", () => {
  it("starts a range in the next text node and ends it in the previous one at a node boundary", () => {
    const { root, hello, brave } = sampleTree();
    const table = buildTextOffsetTable(root);
    expect(boundaryPointAt(table, 6, "forward")).toEqual({ node: brave, offset: 0 });
    expect(boundaryPointAt(table, 6, "backward")).toEqual({ node: hello, offset: 6 });
  });

  it("never lands in an empty text node", () => {
    const { root, one, two } = sampleTree();
    const table = buildTextOffsetTable(root);
    expect(boundaryPointAt(table, 21, "forward")).toEqual({ node: two, offset: 0 });
    expect(boundaryPointAt(table, 21, "backward")).toEqual({ node: one, offset: 3 });
  });

  it("refuses offsets outside the text", () => {
    const table = buildTextOffsetTable(sampleTree().root);
    expect(boundaryPointAt(table, -1, "forward")).toBeNull();
    expect(boundaryPointAt(table, table.length + 1, "backward")).toBeNull();
    expect(boundaryPointsFor(table, 5, 5)).toBeNull();
    expect(boundaryPointsFor(table, 0, table.length + 1)).toBeNull();
  });

  it("gives points whose text between them is exactly the quote", () => {
    const { root } = sampleTree();
    const table = buildTextOffsetTable(root);
    const points = boundaryPointsFor(table, 4, 20);
    expect(points).not.toBeNull();
    expect(textOffsetOf(table, points!.start.node, points!.start.offset)).toBe(4);
    expect(textOffsetOf(table, points!.end.node, points!.end.offset)).toBe(20);
  });
});

// Random trees of elements and text nodes (some empty, some with astral characters that take two UTF-16
// code units): every offset maps to a point and back to the same offset, in both affinities.
const leaf = fc.oneof(
  fc.string({ maxLength: 6 }).map(text),
  fc.constantFrom("", "é", "😀 x", "\n").map(text),
);
const tree = fc.letrec<{ node: TestNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("node"), { maxLength: 4 }).map((children) => el("span", ...children)),
  ),
})).node;

describe("round trip on random trees", () => {
  it("maps every offset to a boundary point and back", () => {
    fc.assert(
      fc.property(tree, (root) => {
        const table = buildTextOffsetTable(root);
        expect(tableText(table)).toBe(textContent(root));
        for (let offset = 0; offset <= table.length; offset++) {
          for (const affinity of ["forward", "backward"] as const) {
            const point = boundaryPointAt(table, offset, affinity);
            if (table.texts.length === 0) {
              expect(point).toBeNull();
              continue;
            }
            expect(point).not.toBeNull();
            expect(textOffsetOf(table, point!.node, point!.offset)).toBe(offset);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
