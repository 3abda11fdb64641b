// Places annotation cards in the margin beside their highlights without overlap. Pure: it takes each
// card's wanted top (the top of its highlight) and its height, and returns where each card goes.
//
// Cards keep the order of their highlights. Each card sits at its wanted top when there is room, and is
// pushed down just enough otherwise. When one card is "anchored" (the reader is looking at it), that card
// is placed exactly beside its highlight and the cards above it move up to make room, as far as `minTop`
// allows — the way Hypothesis aligns the focused annotation with its highlight.

export interface MarginItem {
  id: string;
  /** Where the card would ideally start (the top of its highlight), in the margin's coordinates. */
  top: number;
  height: number;
}

export interface MarginLayoutOptions {
  /** Space kept between two cards. */
  gap?: number;
  /** No card starts above this (e.g. the bottom of the margin's header). */
  minTop?: number;
  /** The card to align exactly with its highlight, if possible. */
  anchorId?: string | null;
}

export const DEFAULT_CARD_GAP = 8;

/** Cards in display order: by wanted top, then by id so equal tops never swap between renders. */
function sortItems(items: readonly MarginItem[]): MarginItem[] {
  return [...items].sort((a, b) => a.top - b.top || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Returns each card's top, keyed by id. */
export function layoutMargin(
  items: readonly MarginItem[],
  options: MarginLayoutOptions = {},
): Map<string, number> {
  const gap = options.gap ?? DEFAULT_CARD_GAP;
  const minTop = options.minTop ?? -Infinity;
  const sorted = sortItems(items);
  const tops = sorted.map((item) => Math.max(item.top, minTop));
  const anchorIndex = options.anchorId ? sorted.findIndex((item) => item.id === options.anchorId) : -1;

  if (anchorIndex >= 0) {
    // Upward from the anchored card: each card ends at least `gap` above the next one.
    for (let index = anchorIndex - 1; index >= 0; index--) {
      const below = tops[index + 1]!;
      tops[index] = Math.min(tops[index]!, below - gap - sorted[index]!.height);
    }
  }
  // Downward from the top: no card may start before the previous one ends (this also repairs cards the
  // upward pass pushed above minTop, moving the anchored card down only when there was no room).
  for (let index = 0; index < sorted.length; index++) {
    const floor = index === 0 ? minTop : tops[index - 1]! + sorted[index - 1]!.height + gap;
    tops[index] = Math.max(tops[index]!, floor);
  }

  const result = new Map<string, number>();
  sorted.forEach((item, index) => result.set(item.id, tops[index]!));
  return result;
}

/** The bottom edge of the lowest card, so the margin can reserve the height it needs. */
export function marginHeight(items: readonly MarginItem[], tops: Map<string, number>): number {
  let bottom = 0;
  for (const item of items) bottom = Math.max(bottom, (tops.get(item.id) ?? item.top) + item.height);
  return bottom;
}
