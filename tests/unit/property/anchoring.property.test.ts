// Property: random edits to an article's text never lose an annotation silently. After any sequence of
// insertions, deletions, replacements and moves (before, inside, across or after the quote), re-anchoring
// either finds text equal to the quote (EXACT/MOVED), or a near match with its score (FUZZY, score at or
// above the threshold and the quote no longer present verbatim), or reports an orphan. It never points at
// text that differs from the quote without a fuzzy score, never returns a range outside the text, and
// never orphans a quote that is still there.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_FUZZY_ERROR_RATE,
  MIN_FUZZY_SCORE,
  describeRange,
  reanchor,
  type AnchorResult,
  type TextSelector,
} from "@/lib/annotations/anchoring";

// Runs per property; the three properties together stay well under a few seconds on a busy machine.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

// Words make realistic prose (and repeated words, so a quote can occur more than once); the odd
// astral-plane, combining or bidi character checks that ranges never depend on one code unit per char.
const WORDS = [
  "rare",
  "earth",
  "the",
  "state",
  "group",
  "refining",
  "capacity",
  "of",
  "a",
  "and",
  "Mongolia",
  "tons",
];
const ODD = ["é", "e\u0301", "😀", "\u202e", "\u200b", "\n\n", "—", "’"];
const token = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
);
const prose = fc.array(token, { minLength: 8, maxLength: 80 }).map((tokens) => tokens.join(" "));

type Edit =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; from: number; length: number }
  | { kind: "replace"; from: number; length: number; text: string }
  | { kind: "move"; from: number; length: number; to: number };

// Positions are fractions of the current length, so one edit list applies to any text; a bias towards
// the quote (see `aroundQuote`) makes edits land before, inside and after it often.
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const snippet = fc.oneof(
  prose.map((text) => text.slice(0, 30)),
  fc.string({ maxLength: 10 }),
);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fraction, text: snippet }),
  fc.record({
    kind: fc.constant("delete" as const),
    from: fraction,
    length: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constant("replace" as const),
    from: fraction,
    length: fc.integer({ min: 1, max: 8 }),
    text: snippet,
  }),
  fc.record({
    kind: fc.constant("move" as const),
    from: fraction,
    length: fc.integer({ min: 1, max: 40 }),
    to: fraction,
  }),
);

function at(text: string, share: number): number {
  return Math.min(text.length, Math.floor(share * (text.length + 1)));
}

/** Applies one edit, and tracks where the quote's range went if the edit did not touch it. */
function apply(
  text: string,
  edit: Edit,
  quote: { start: number; end: number } | null,
): { text: string; quote: { start: number; end: number } | null } {
  const shift = (q: { start: number; end: number } | null, pos: number, delta: number) =>
    q && pos <= q.start ? { start: q.start + delta, end: q.end + delta } : q;
  const touches = (q: { start: number; end: number } | null, from: number, to: number) =>
    q !== null && from < q.end && to > q.start;
  switch (edit.kind) {
    case "insert": {
      const position = at(text, edit.at);
      const inserted = edit.text;
      const inside = quote !== null && position > quote.start && position < quote.end;
      return {
        text: text.slice(0, position) + inserted + text.slice(position),
        quote: inside ? null : shift(quote, position, inserted.length),
      };
    }
    case "delete":
    case "replace": {
      const from = at(text, edit.from);
      const to = Math.min(text.length, from + edit.length);
      const replacement = edit.kind === "replace" ? edit.text : "";
      const next = text.slice(0, from) + replacement + text.slice(to);
      if (touches(quote, from, to)) return { text: next, quote: null };
      return {
        text: next,
        quote: quote && to <= quote.start ? shift(quote, 0, replacement.length - (to - from)) : quote,
      };
    }
    case "move": {
      const from = at(text, edit.from);
      const to = Math.min(text.length, from + edit.length);
      const block = text.slice(from, to);
      const rest = text.slice(0, from) + text.slice(to);
      const target = at(rest, edit.to);
      const next = rest.slice(0, target) + block + rest.slice(target);
      // Tracking a quote through a move is fiddly; only the "quote still present" property needs it, and
      // that property checks the text itself, so a move simply forgets the exact position.
      return { text: next, quote: null };
    }
  }
}

function levenshtein(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The invariant every re-anchoring result must satisfy, whatever the edits were. */
function expectAccountedFor(selector: TextSelector, text: string, result: AnchorResult) {
  switch (result.status) {
    case "EXACT":
    case "MOVED":
      expect(result.score).toBe(1);
      expect(result.start).toBeGreaterThanOrEqual(0);
      expect(result.end).toBeLessThanOrEqual(text.length);
      expect(text.slice(result.start, result.end)).toBe(selector.exact);
      if (result.status === "EXACT")
        expect([result.start, result.end]).toEqual([selector.start, selector.end]);
      break;
    case "FUZZY": {
      // A fuzzy anchor is only allowed when the exact quote is gone, and must carry a passing score.
      expect(text.includes(selector.exact)).toBe(false);
      expect(result.score).toBeGreaterThanOrEqual(MIN_FUZZY_SCORE);
      expect(result.score).toBeLessThanOrEqual(1);
      expect(result.start).toBeGreaterThanOrEqual(0);
      expect(result.end).toBeGreaterThan(result.start);
      expect(result.end).toBeLessThanOrEqual(text.length);
      const found = text.slice(result.start, result.end);
      expect(levenshtein(found, selector.exact)).toBeLessThanOrEqual(
        Math.floor(selector.exact.length * MAX_FUZZY_ERROR_RATE),
      );
      break;
    }
    case "ORPHANED":
      expect([result.start, result.end, result.score]).toEqual([null, null, null]);
      // Orphaning a quote that is still in the text would lose the annotation for no reason (an empty
      // quote has nothing to find and is always an orphan).
      if (selector.exact !== "") expect(text.includes(selector.exact)).toBe(false);
      break;
  }
}

// An article, a quote inside it (1 to 60 characters), and a list of edits.
const scenario = prose.chain((text) =>
  fc
    .tuple(
      fc.nat({ max: text.length - 1 }),
      fc.integer({ min: 1, max: 60 }),
      fc.array(editArb, { maxLength: 6 }),
    )
    .map(([start, length, edits]) => ({ text, start, end: Math.min(text.length, start + length), edits })),
);

describe("re-anchoring after random edits (property)", () => {
  it("accounts for every annotation: equal text, a scored fuzzy match, or an orphan, never anything else", () => {
    fc.assert(
      fc.property(scenario, ({ text, start, end, edits }) => {
        const selector = describeRange(text, start, end);
        let edited = text;
        for (const edit of edits) edited = apply(edited, edit, null).text;
        expectAccountedFor(selector, edited, reanchor(selector, edited));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("keeps the quote where it went when edits only touch text around it", () => {
    fc.assert(
      fc.property(scenario, ({ text, start, end, edits }) => {
        const selector = describeRange(text, start, end);
        let edited = text;
        let tracked: { start: number; end: number } | null = { start, end };
        for (const edit of edits) {
          if (edit.kind === "move") continue;
          ({ text: edited, quote: tracked } = apply(edited, edit, tracked));
          if (!tracked) return; // an edit went through the quote: covered by the first property
        }
        const result = reanchor(selector, edited);
        expect(["EXACT", "MOVED"]).toContain(result.status);
        expect(edited.slice(result.start!, result.end!)).toBe(selector.exact);
        // Where the quote is unique, it is the very copy the edits carried along.
        if (edited.indexOf(selector.exact) === edited.lastIndexOf(selector.exact)) {
          expect(result.start).toBe(tracked.start);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never throws on arbitrary selectors and texts (hostile imports)", () => {
    const selectorArb = fc.record({
      exact: fc.string({ maxLength: 80, unit: "binary" }),
      prefix: fc.string({ maxLength: 40, unit: "binary" }),
      suffix: fc.string({ maxLength: 40, unit: "binary" }),
      start: fc.oneof(fc.integer(), fc.constantFrom(Number.NaN, Infinity, -1, 2 ** 53)),
      end: fc.oneof(fc.integer(), fc.constantFrom(Number.NaN, Infinity, 0, 2 ** 53)),
    });
    fc.assert(
      fc.property(selectorArb, fc.string({ maxLength: 300, unit: "binary" }), (selector, text) => {
        const result = reanchor(selector, text);
        expectAccountedFor(selector, text, result);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
