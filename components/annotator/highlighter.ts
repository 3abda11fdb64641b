// Draws annotations over the server-rendered article with the CSS Custom Highlight API: ranges are
// registered in CSS.highlights and styled by ::highlight() rules (annotator.css). The article's DOM is
// never changed, so React hydration and the text projection stay intact.
import {
  buildTextOffsetTable,
  rangeFromOffsets,
  textOffsetAtPoint,
  type TextOffsetTable,
} from "@/lib/annotations/dom-anchoring";
import { ANNOTATION_LABELS } from "@/lib/annotations/labels";

export const PERF_ANCHOR_START = "annotator:anchor-start";
export const PERF_PAINT_END = "annotator:paint-end";
export const PERF_MEASURE = "annotator:anchor-paint";

const LABEL_PREFIX = "mg-label-";
const FOCUS = "mg-focus";
const POPULAR = "mg-popular";
const CARET = "mg-caret";
// Focus and the caret paint over label colours; popular passages sit underneath everything.
const FOCUS_PRIORITY = 10;
const CARET_PRIORITY = 20;
const POPULAR_PRIORITY = -1;

export interface PaintItem {
  id: string;
  label: string;
  start: number;
  end: number;
}

export function highlightsSupported(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight === "function";
}

export class Highlighter {
  readonly table: TextOffsetTable<Node>;
  private ranges = new Map<string, Range>();
  private items: PaintItem[] = [];
  private readonly supported = highlightsSupported();

  constructor(readonly body: HTMLElement) {
    this.table = buildTextOffsetTable<Node>(body);
  }

  get text(): string {
    return this.body.textContent ?? "";
  }

  /** Anchors every item to a Range and paints one Highlight per label, timed with performance marks. */
  paint(items: readonly PaintItem[]): void {
    performance.mark(PERF_ANCHOR_START);
    const byLabel = new Map<string, Range[]>();
    const ranges = new Map<string, Range>();
    for (const item of items) {
      const range = rangeFromOffsets(this.table, item.start, item.end);
      if (!range) continue;
      ranges.set(item.id, range);
      const list = byLabel.get(item.label);
      if (list) list.push(range);
      else byLabel.set(item.label, [range]);
    }
    this.ranges = ranges;
    this.items = items.filter((item) => ranges.has(item.id));
    if (this.supported) {
      for (const label of ANNOTATION_LABELS) {
        const labelRanges = byLabel.get(label.id);
        // One Highlight per label, created in one go: adding ranges one by one re-paints each time.
        if (labelRanges?.length) CSS.highlights.set(LABEL_PREFIX + label.id, new Highlight(...labelRanges));
        else CSS.highlights.delete(LABEL_PREFIX + label.id);
      }
    }
    performance.mark(PERF_PAINT_END);
    // The count lets a benchmark pick the paint it is interested in (the first one may be empty).
    performance.measure(PERF_MEASURE, {
      start: PERF_ANCHOR_START,
      end: PERF_PAINT_END,
      detail: { count: ranges.size },
    });
  }

  paintPopular(passages: readonly { start: number; end: number }[]): void {
    if (!this.supported) return;
    const ranges = passages.flatMap(
      (passage) => rangeFromOffsets(this.table, passage.start, passage.end) ?? [],
    );
    if (ranges.length === 0) {
      CSS.highlights.delete(POPULAR);
      return;
    }
    const highlight = new Highlight(...ranges);
    highlight.priority = POPULAR_PRIORITY;
    CSS.highlights.set(POPULAR, highlight);
  }

  rangeFor(id: string): Range | undefined {
    return this.ranges.get(id);
  }

  rangeForOffsets(start: number, end: number): Range | null {
    return rangeFromOffsets(this.table, start, end);
  }

  /** Ids of the painted annotations under a viewport point, innermost (shortest) first. */
  hitTest(x: number, y: number): string[] {
    const offset = textOffsetAtPoint(this.table, x, y);
    if (offset === null) return [];
    // The caret offset is the nearest gap between characters, so check the candidates' boxes too.
    const hits = this.items.filter((item) => {
      if (offset < item.start || offset > item.end) return false;
      const range = this.ranges.get(item.id);
      if (!range) return false;
      for (const rect of range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
      }
      return false;
    });
    return hits.sort((a, b) => a.end - a.start - (b.end - b.start)).map((item) => item.id);
  }

  /** Marks one passage as the focused one (stronger colour); null clears it. */
  setFocus(range: Range | null): void {
    if (!this.supported) return;
    if (!range) {
      CSS.highlights.delete(FOCUS);
      return;
    }
    const highlight = new Highlight(range);
    highlight.priority = FOCUS_PRIORITY;
    CSS.highlights.set(FOCUS, highlight);
  }

  /** Shows where a keyboard caret is inside the body (a collapsed selection is otherwise invisible). */
  setCaret(offset: number | null): void {
    if (!this.supported) return;
    const range =
      offset === null ? null : rangeFromOffsets(this.table, offset, Math.min(offset + 1, this.table.length));
    if (!range) {
      CSS.highlights.delete(CARET);
      return;
    }
    const highlight = new Highlight(range);
    highlight.priority = CARET_PRIORITY;
    CSS.highlights.set(CARET, highlight);
  }

  dispose(): void {
    if (!this.supported) return;
    for (const label of ANNOTATION_LABELS) CSS.highlights.delete(LABEL_PREFIX + label.id);
    for (const name of [FOCUS, POPULAR, CARET]) CSS.highlights.delete(name);
  }
}
