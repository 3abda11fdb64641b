// Maps between DOM positions inside the article body and offsets in the revision's plain-text
// projection (lib/articles/text-projection.ts), which is exactly the body's `textContent`. Offsets count
// UTF-16 code units of the text nodes in document order, like DOM Range offsets.
//
// The table is built once per body (one walk over the tree) and then answers every lookup with a binary
// search, so anchoring a thousand annotations stays cheap. The code only relies on the structural part of
// the DOM (`nodeType`, `childNodes`, `data`), so the real DOM and plain test objects both satisfy it.

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** The part of a DOM node this module reads. `Node` satisfies it. */
export interface NodeLike {
  nodeType: number;
  childNodes: ArrayLike<NodeLike>;
  /** Text nodes only. */
  data?: string;
}

export interface TextOffsetTable<N extends NodeLike = NodeLike> {
  /** Text nodes in document order. */
  texts: N[];
  /** starts[i]: text offset at which texts[i] begins; strictly sorted by document order. */
  starts: number[];
  /** Text offset at which each node (element or text) begins and ends. */
  bounds: Map<N, { start: number; end: number }>;
  /** Length of the whole projection (textContent.length). */
  length: number;
}

export interface BoundaryPoint<N extends NodeLike = NodeLike> {
  node: N;
  offset: number;
}

export function buildTextOffsetTable<N extends NodeLike>(root: N): TextOffsetTable<N> {
  const texts: N[] = [];
  const starts: number[] = [];
  const bounds = new Map<N, { start: number; end: number }>();
  let offset = 0;
  // Iterative walk: article bodies are shallow, but a recursive walk is no faster and can overflow.
  const stack: { node: N; next: number; start: number }[] = [{ node: root, next: 0, start: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const { node } = frame;
    if (node.nodeType === TEXT_NODE) {
      const length = node.data?.length ?? 0;
      texts.push(node);
      starts.push(offset);
      bounds.set(node, { start: offset, end: offset + length });
      offset += length;
      stack.pop();
      continue;
    }
    if (frame.next < node.childNodes.length) {
      const child = node.childNodes[frame.next++] as N;
      if (child.nodeType === TEXT_NODE || child.nodeType === ELEMENT_NODE)
        stack.push({ node: child, next: 0, start: offset });
      continue;
    }
    bounds.set(node, { start: frame.start, end: offset });
    stack.pop();
  }
  return { texts, starts, bounds, length: offset };
}

/**
 * The text offset of a DOM boundary point (a Range's start or end, a caret position), or null when the
 * node is not inside the table's root.
 */
export function textOffsetOf<N extends NodeLike>(
  table: TextOffsetTable<N>,
  node: N,
  offset: number,
): number | null {
  const bound = table.bounds.get(node);
  if (!bound) return null;
  if (node.nodeType === TEXT_NODE) return Math.min(bound.start + Math.max(0, offset), bound.end);
  // For an element, the point lies before its child at `offset` (or at its end).
  if (offset < node.childNodes.length) {
    for (let index = Math.max(0, offset); index < node.childNodes.length; index++) {
      const childBound = table.bounds.get(node.childNodes[index] as N);
      if (childBound) return childBound.start;
    }
  }
  return bound.end;
}

/** Index of the last text node starting at or before `offset` (binary search). */
function lastStartAtOrBefore(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * The DOM boundary point for a text offset. `affinity` decides between the end of one text node and the
 * start of the next when the offset falls exactly between them: a range should start at the beginning of
 * the next node ("forward") and end at the end of the previous one ("backward"), so it never includes an
 * empty sliver of a neighbouring node (which would give it an extra, empty client rect).
 */
export function boundaryPointAt<N extends NodeLike>(
  table: TextOffsetTable<N>,
  offset: number,
  affinity: "forward" | "backward",
): BoundaryPoint<N> | null {
  if (table.texts.length === 0 || offset < 0 || offset > table.length) return null;
  let index = lastStartAtOrBefore(table.starts, offset);
  if (index < 0) index = 0;
  if (affinity === "backward") {
    // Step back over nodes that start exactly at the offset (including empty ones) to end the previous one.
    while (index > 0 && table.starts[index] === offset) index--;
  } else {
    // Skip empty text nodes and a node that ends exactly at the offset.
    while (index < table.texts.length - 1 && table.starts[index]! + textLength(table.texts[index]!) <= offset)
      index++;
  }
  const node = table.texts[index]!;
  const local = Math.min(Math.max(0, offset - table.starts[index]!), textLength(node));
  return { node, offset: local };
}

function textLength(node: NodeLike): number {
  return node.data?.length ?? 0;
}

/** Start and end boundary points for the text range [start, end), or null when it is out of bounds. */
export function boundaryPointsFor<N extends NodeLike>(
  table: TextOffsetTable<N>,
  start: number,
  end: number,
): { start: BoundaryPoint<N>; end: BoundaryPoint<N> } | null {
  if (!(start >= 0 && end > start && end <= table.length)) return null;
  const from = boundaryPointAt(table, start, "forward");
  const to = boundaryPointAt(table, end, "backward");
  return from && to ? { start: from, end: to } : null;
}

/** The text covered by the table (equals the root's textContent). */
export function tableText(table: TextOffsetTable): string {
  return table.texts.map((node) => node.data ?? "").join("");
}

// ---- Browser-only helpers (they use Range and the document) ----

/** A live DOM Range for [start, end) of the projection, or null when the offsets are out of bounds. */
export function rangeFromOffsets(
  table: TextOffsetTable<Node>,
  start: number,
  end: number,
  doc: Document = document,
): Range | null {
  const points = boundaryPointsFor(table, start, end);
  if (!points) return null;
  const range = doc.createRange();
  range.setStart(points.start.node, points.start.offset);
  range.setEnd(points.end.node, points.end.offset);
  return range;
}

/**
 * The text offsets a DOM range covers inside `root`, clipped to it (a selection that starts above the
 * article body and ends inside it covers the body's beginning), or null when it does not touch the body
 * or is empty there.
 */
export function offsetsFromRange(
  table: TextOffsetTable<Node>,
  root: Node,
  range: Range,
): { start: number; end: number } | null {
  if (!range.intersectsNode(root)) return null;
  const doc = root.ownerDocument ?? document;
  const rootRange = doc.createRange();
  rootRange.selectNodeContents(root);
  const startsBefore = range.compareBoundaryPoints(Range.START_TO_START, rootRange) < 0;
  const endsAfter = range.compareBoundaryPoints(Range.END_TO_END, rootRange) > 0;
  const start = startsBefore ? 0 : textOffsetOf(table, range.startContainer, range.startOffset);
  const end = endsAfter ? table.length : textOffsetOf(table, range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

interface CaretPositionLike {
  offsetNode: Node;
  offset: number;
}

/** The text offset under a viewport point (for hit-testing highlights), or null outside the body's text. */
export function textOffsetAtPoint(
  table: TextOffsetTable<Node>,
  x: number,
  y: number,
  doc: Document = document,
): number | null {
  const withPosition = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => CaretPositionLike | null;
  };
  if (typeof withPosition.caretPositionFromPoint === "function") {
    const position = withPosition.caretPositionFromPoint(x, y);
    return position ? textOffsetOf(table, position.offsetNode, position.offset) : null;
  }
  const withRange = doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null };
  const range =
    typeof withRange.caretRangeFromPoint === "function" ? withRange.caretRangeFromPoint(x, y) : null;
  return range ? textOffsetOf(table, range.startContainer, range.startOffset) : null;
}
