import { describe, expect, it } from "vitest";
import {
  CONTEXT_LENGTH,
  describeRange,
  isValidRange,
  quoteMatchesPosition,
  reanchor,
  type TextSelector,
} from "@/lib/annotations/anchoring";

const ORIGINAL = [
  "China’s Northern Rare Earth Group represents a state-driven, vertically integrated approach.",
  "The company’s infrastructure demonstrates tight coordination between state-owned enterprises.",
  "Western policymakers should recognize that every ton of rare earths is a controlled asset.",
  "Northern Rare Earths is not just a supplier. It is the vanguard of a mineral superpower.",
].join("\n\n");

function selectorFor(text: string, quote: string, occurrence = 0): TextSelector {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`quote not in text: ${quote}`);
  return describeRange(text, start, start + quote.length);
}

const QUOTE = "tight coordination between state-owned enterprises";

describe("describeRange", () => {
  it("takes the quote and up to 32 characters of context from the text", () => {
    const selector = selectorFor(ORIGINAL, QUOTE);
    expect(selector.exact).toBe(QUOTE);
    expect(selector.prefix).toHaveLength(CONTEXT_LENGTH);
    expect(ORIGINAL.slice(selector.start - CONTEXT_LENGTH, selector.start)).toBe(selector.prefix);
    expect(selector.suffix).toBe(ORIGINAL.slice(selector.end, selector.end + CONTEXT_LENGTH));
  });

  it("clips the context at the edges of the text", () => {
    const selector = describeRange("abcdef", 0, 2);
    expect(selector).toEqual({ exact: "ab", prefix: "", suffix: "cdef", start: 0, end: 2 });
  });
});

describe("position checks", () => {
  it("accepts a quote found at its position and refuses one that is not", () => {
    const selector = selectorFor(ORIGINAL, QUOTE);
    expect(quoteMatchesPosition(ORIGINAL, selector)).toBe(true);
    expect(
      quoteMatchesPosition(ORIGINAL, { ...selector, start: selector.start + 1, end: selector.end + 1 }),
    ).toBe(false);
    expect(quoteMatchesPosition(ORIGINAL, { ...selector, exact: "not in the article" })).toBe(false);
  });

  it("refuses empty, reversed, negative, fractional and out-of-range positions", () => {
    expect(isValidRange("abc", { start: 1, end: 1 })).toBe(false);
    expect(isValidRange("abc", { start: 2, end: 1 })).toBe(false);
    expect(isValidRange("abc", { start: -1, end: 2 })).toBe(false);
    expect(isValidRange("abc", { start: 0.5, end: 2 })).toBe(false);
    expect(isValidRange("abc", { start: 0, end: 4 })).toBe(false);
    expect(isValidRange("abc", { start: 0, end: 3 })).toBe(true);
  });
});

describe("reanchor against a table of edits", () => {
  const selector = selectorFor(ORIGINAL, QUOTE);

  it("unchanged text: exact, same position", () => {
    expect(reanchor(selector, ORIGINAL)).toEqual({
      status: "EXACT",
      start: selector.start,
      end: selector.end,
      score: 1,
    });
  });

  it("text inserted after the quote: exact, same position", () => {
    const edited = ORIGINAL + "\n\nA new closing paragraph.";
    expect(reanchor(selector, edited).status).toBe("EXACT");
  });

  it("text inserted before the quote: moved by the inserted length", () => {
    const insertion = "An added opening paragraph about supply chains.\n\n";
    const result = reanchor(selector, insertion + ORIGINAL);
    expect(result).toEqual({
      status: "MOVED",
      start: selector.start + insertion.length,
      end: selector.end + insertion.length,
      score: 1,
    });
  });

  it("text inserted inside the quote: fuzzy with a score, covering the edited passage", () => {
    const edited = ORIGINAL.replace("tight coordination", "tight and close coordination");
    const result = reanchor(selector, edited);
    expect(result.status).toBe("FUZZY");
    if (result.status !== "FUZZY") return;
    expect(result.score).toBeGreaterThan(0.6);
    expect(result.score).toBeLessThan(1);
    expect(edited.slice(result.start, result.end)).toContain("coordination between state-owned enterprises");
  });

  it("a typo fixed inside the quote: fuzzy, anchored on the corrected text", () => {
    const typoText = ORIGINAL.replace("tight coordination", "tihgt coordination");
    const typoSelector = selectorFor(typoText, "tihgt coordination between state-owned enterprises");
    const result = reanchor(typoSelector, ORIGINAL);
    expect(result.status).toBe("FUZZY");
    if (result.status !== "FUZZY") return;
    expect(ORIGINAL.slice(result.start, result.end)).toBe(QUOTE);
    expect(result.score).toBeGreaterThan(0.9);
  });

  it("the quote deleted: orphaned", () => {
    const edited = ORIGINAL.replace(/The company’s infrastructure[^\n]*/, "The company changed its website.");
    expect(reanchor(selector, edited)).toEqual({ status: "ORPHANED", start: null, end: null, score: null });
  });

  it("the quote rewritten beyond recognition: orphaned, never attached elsewhere", () => {
    const edited = ORIGINAL.replace(QUOTE, "a loose alliance of private firms");
    expect(reanchor(selector, edited).status).toBe("ORPHANED");
  });

  it("the quote duplicated: the copy nearest the old position wins", () => {
    const word = "Rare Earth";
    const text = `${word} one. ${word} two. ${word} three.`;
    const middle = selectorFor(text, word, 1);
    // Shift everything so the old position no longer holds the quote, with context that no copy keeps.
    const edited = `XX ${text}`.replace(/one|two|three/g, "n");
    const moved = { ...middle, prefix: "", suffix: "" };
    const result = reanchor(moved, edited);
    expect(result.status).toBe("MOVED");
    expect(result.start).toBe(edited.indexOf(word, edited.indexOf(word) + 1));
  });

  it("the quote duplicated: matching context beats distance", () => {
    const paragraph = "Rare earths are strategic.";
    const text = `Alpha. ${paragraph} Beta.`;
    const original = selectorFor(text, paragraph);
    // A copy is inserted near where the original was; the original, with its context, moves further on.
    const edited = `Gamma gamma. ${paragraph} Delta. Alpha. ${paragraph} Beta.`;
    const result = reanchor(original, edited);
    expect(result.status).toBe("MOVED");
    expect(result.start).toBe(edited.lastIndexOf(paragraph));
  });

  it("an empty quote is orphaned", () => {
    expect(reanchor({ exact: "", prefix: "", suffix: "", start: 0, end: 0 }, ORIGINAL).status).toBe(
      "ORPHANED",
    );
  });
});
