// Text positions at the W3C boundary. The Web Annotation Data Model (§4.2.4 TextQuoteSelector context,
// §4.2.5 TextPositionSelector) counts positions in Unicode code points; Marginalia stores them, and the
// browser's DOM anchoring works, in UTF-16 code units (what String.prototype.slice and DOM Range offsets
// use). The two differ by one for every astral character (emoji, CJK extension B, …) before the offset.
// Storage stays in UTF-16; these conversions run wherever the W3C shape is read or written (the API,
// the JSON-LD export and import). Pure: shared by server code and tests.

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The code-point offset of a UTF-16 offset in `text`. An offset that falls inside a surrogate pair (which
 * no selector Marginalia writes does) counts the whole pair as before it.
 */
export function utf16ToCodePointOffset(text: string, utf16Offset: number): number {
  const limit = Math.min(Math.max(0, utf16Offset), text.length);
  let points = 0;
  for (let index = 0; index < limit; index++) {
    const code = text.charCodeAt(index);
    if (isHighSurrogate(code) && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))) {
      index++;
    }
    points++;
  }
  return points;
}

/** The UTF-16 offset of a code-point offset in `text`, or null if the text has fewer code points. */
export function codePointToUtf16Offset(text: string, codePointOffset: number): number | null {
  if (!Number.isInteger(codePointOffset) || codePointOffset < 0) return null;
  let index = 0;
  for (let points = 0; points < codePointOffset; points++) {
    if (index >= text.length) return null;
    const code = text.charCodeAt(index);
    index +=
      isHighSurrogate(code) && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
  }
  return index;
}

/** A stored (UTF-16) range as W3C code points. */
export function rangeToCodePoints(text: string, range: { start: number; end: number }) {
  return { start: utf16ToCodePointOffset(text, range.start), end: utf16ToCodePointOffset(text, range.end) };
}

/** A W3C (code-point) range as UTF-16 offsets into `text`, or null when it does not fit in the text. */
export function rangeFromCodePoints(
  text: string,
  range: { start: number; end: number },
): { start: number; end: number } | null {
  const start = codePointToUtf16Offset(text, range.start);
  const end = codePointToUtf16Offset(text, range.end);
  return start === null || end === null ? null : { start, end };
}
