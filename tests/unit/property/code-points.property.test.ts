// Property: W3C positions (Unicode code points, Model §4.2.5) and stored positions (UTF-16 code units)
// name the same text, whatever astral characters (emoji, CJK extension B), combining marks or ZWJ
// sequences come before or inside the range.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codePointToUtf16Offset,
  rangeFromCodePoints,
  rangeToCodePoints,
  utf16ToCodePointOffset,
} from "@/lib/annotations/code-points";

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

// BMP letters and spaces, astral emoji, CJK extension B ideographs, combining marks, a ZWJ family.
const PIECES = ["a", "b", " ", "é", "e\u0301", "😀", "👍🏽", "𠀋", "𪚲", "\u0301", "👨‍👩‍👧", "中", "\n"];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((pieces) => pieces.join(""));

const codePoints = (value: string) => [...value];

describe("code-point offsets", () => {
  it("convert both ways without loss at every code-point boundary", () => {
    fc.assert(
      fc.property(text, (value) => {
        const count = codePoints(value).length;
        for (let point = 0; point <= count; point++) {
          const unit = codePointToUtf16Offset(value, point);
          expect(unit).not.toBeNull();
          expect(utf16ToCodePointOffset(value, unit!)).toBe(point);
        }
        expect(codePointToUtf16Offset(value, count + 1)).toBeNull();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("name the same passage: code-point slice equals UTF-16 slice", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (value, a, b) => {
        const points = codePoints(value);
        const start = points.length ? a % (points.length + 1) : 0;
        const end = points.length ? start + (b % (points.length - start + 1)) : 0;
        const units = rangeFromCodePoints(value, { start, end })!;
        expect(value.slice(units.start, units.end)).toBe(points.slice(start, end).join(""));
        expect(rangeToCodePoints(value, units)).toEqual({ start, end });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("an emoji before a passage shifts its UTF-16 offsets by two and its code-point offsets by one", () => {
    fc.assert(
      fc.property(text, fc.constantFrom("😀", "𠀋", "👍"), (before, astral) => {
        const passage = "the passage";
        const plain = `${before}${passage}`;
        const withAstral = `${astral}${plain}`;
        const at = plain.indexOf(passage, before.length);
        const points = rangeToCodePoints(withAstral, { start: at + 2, end: at + 2 + passage.length });
        const plainPoints = rangeToCodePoints(plain, { start: at, end: at + passage.length });
        expect(points).toEqual({ start: plainPoints.start + 1, end: plainPoints.end + 1 });
        expect(codePoints(withAstral).slice(points.start, points.end).join("")).toBe(passage);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("counts a surrogate pair split by an offset as before it, and rejects bad offsets", () => {
    expect(utf16ToCodePointOffset("😀x", 1)).toBe(1);
    expect(codePointToUtf16Offset("abc", -1)).toBeNull();
    expect(codePointToUtf16Offset("abc", 1.5)).toBeNull();
    expect(rangeFromCodePoints("ab", { start: 0, end: 3 })).toBeNull();
  });
});
