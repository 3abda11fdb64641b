// W3C Web Annotation selectors over an article revision's plain-text projection, and the checks that need
// no matching library. Kept apart from anchoring.ts (which needs approx-string-match) so the article
// page's bundle only carries what it uses on every load.

/** Characters of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;

export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  start: number;
  end: number;
}

export type TextSelector = TextQuoteSelector & TextPositionSelector;

/** The full selector for text[start, end), with context taken from the text itself. */
export function describeRange(text: string, start: number, end: number): TextSelector {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: text.slice(end, end + CONTEXT_LENGTH),
    start,
    end,
  };
}

/** Whether a position selector lies inside the text and is not empty. */
export function isValidRange(text: string, { start, end }: TextPositionSelector): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length;
}

/** Whether the quote is found at exactly that position of the text. */
export function quoteMatchesPosition(text: string, selector: TextSelector): boolean {
  return isValidRange(text, selector) && text.slice(selector.start, selector.end) === selector.exact;
}
