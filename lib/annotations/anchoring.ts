// Anchoring annotations to the plain-text projection of an article revision (see
// lib/articles/text-projection.ts). Pure TypeScript shared by the server (validation, re-anchoring on
// publish, import) and the browser (drawing highlights).
//
// Selectors follow the W3C Web Annotation model: a TextQuoteSelector {exact, prefix, suffix} and a
// TextPositionSelector {start, end}. Re-anchoring tries, in order: the old position (if the text there
// still equals the quote), the exact quote (best context, then nearest to the old position), then a fuzzy
// search scored on quote, prefix, suffix and distance, accepted above a threshold. Otherwise: orphaned.
import approxSearch from "approx-string-match";
import {
  CONTEXT_LENGTH,
  describeRange,
  isValidRange,
  quoteMatchesPosition,
  type TextPositionSelector,
  type TextQuoteSelector,
  type TextSelector,
} from "./selectors";

export {
  CONTEXT_LENGTH,
  describeRange,
  isValidRange,
  quoteMatchesPosition,
  type TextPositionSelector,
  type TextQuoteSelector,
  type TextSelector,
};

/** A fuzzy match must differ from the quote in at most this share of its characters. */
export const MAX_FUZZY_ERROR_RATE = 0.25;
/** Minimum overall score (0..1) for a fuzzy match to be accepted rather than orphaned. */
export const MIN_FUZZY_SCORE = 0.6;
/** Longest quote the fuzzy matcher is asked to handle; longer quotes only anchor exactly. */
export const MAX_FUZZY_QUOTE_LENGTH = 2_000;

export type AnchorResult =
  | { status: "EXACT" | "MOVED"; start: number; end: number; score: 1 }
  | { status: "FUZZY"; start: number; end: number; score: number }
  | { status: "ORPHANED"; start: null; end: null; score: null };

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** How much of the stored prefix/suffix still surrounds [start, end) in the text, 0..1. */
function contextSimilarity(text: string, selector: TextQuoteSelector, start: number, end: number): number {
  const total = selector.prefix.length + selector.suffix.length;
  if (total === 0) return 1;
  const before = text.slice(Math.max(0, start - selector.prefix.length), start);
  const after = text.slice(end, end + selector.suffix.length);
  return (commonSuffixLength(selector.prefix, before) + commonPrefixLength(selector.suffix, after)) / total;
}

/** Similarity of two short strings as 1 - edit distance / length, using the same matcher. */
function affixSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.length === 0) return 0;
  const matches = approxSearch(actual, expected, expected.length);
  const errors = matches.length ? Math.min(...matches.map((match) => match.errors)) : expected.length;
  return 1 - errors / expected.length;
}

function allOccurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(quote); index !== -1; index = text.indexOf(quote, index + 1))
    found.push(index);
  return found;
}

// Weights of the fuzzy score, in the spirit of Hypothesis's match-quote: the quote matters most.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;

/**
 * Finds where a selector made against an older text belongs in `text`. Never throws: a quote that cannot
 * be found with enough confidence is reported as orphaned, never silently attached elsewhere.
 */
export function reanchor(selector: TextSelector, text: string): AnchorResult {
  const { exact } = selector;
  if (exact.length === 0) return { status: "ORPHANED", start: null, end: null, score: null };

  if (quoteMatchesPosition(text, selector)) {
    return { status: "EXACT", start: selector.start, end: selector.end, score: 1 };
  }

  const exactStarts = allOccurrences(text, exact);
  if (exactStarts.length > 0) {
    // Best surrounding context first; between equally good copies, the one nearest the old position.
    let best = exactStarts[0]!;
    let bestContext = -1;
    let bestDistance = Infinity;
    for (const start of exactStarts) {
      const context = contextSimilarity(text, selector, start, start + exact.length);
      const distance = Math.abs(start - selector.start);
      if (
        context > bestContext + 1e-9 ||
        (Math.abs(context - bestContext) <= 1e-9 && distance < bestDistance)
      ) {
        best = start;
        bestContext = context;
        bestDistance = distance;
      }
    }
    return { status: "MOVED", start: best, end: best + exact.length, score: 1 };
  }

  if (exact.length > MAX_FUZZY_QUOTE_LENGTH)
    return { status: "ORPHANED", start: null, end: null, score: null };

  const maxErrors = Math.floor(exact.length * MAX_FUZZY_ERROR_RATE);
  if (maxErrors === 0) return { status: "ORPHANED", start: null, end: null, score: null };
  const candidates = approxSearch(text, exact, maxErrors);
  let bestMatch: { start: number; end: number; score: number } | null = null;
  for (const candidate of candidates) {
    const quoteScore = 1 - candidate.errors / exact.length;
    const prefixScore = affixSimilarity(
      selector.prefix,
      text.slice(Math.max(0, candidate.start - selector.prefix.length), candidate.start),
    );
    const suffixScore = affixSimilarity(
      selector.suffix,
      text.slice(candidate.end, candidate.end + selector.suffix.length),
    );
    const positionScore =
      1 - Math.min(1, Math.abs(candidate.start - selector.start) / Math.max(text.length, 1));
    const score =
      (QUOTE_WEIGHT * quoteScore +
        PREFIX_WEIGHT * prefixScore +
        SUFFIX_WEIGHT * suffixScore +
        POSITION_WEIGHT * positionScore) /
      (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT);
    if (!bestMatch || score > bestMatch.score)
      bestMatch = { start: candidate.start, end: candidate.end, score };
  }
  if (bestMatch && bestMatch.score >= MIN_FUZZY_SCORE) {
    return {
      status: "FUZZY",
      start: bestMatch.start,
      end: bestMatch.end,
      score: Math.round(bestMatch.score * 1000) / 1000,
    };
  }
  return { status: "ORPHANED", start: null, end: null, score: null };
}
