// Popular passages ("top highlights"): stretches of text highlighted publicly by at least
// POPULAR_MIN_READERS different readers. Computed from public, published annotations only, so private
// and team highlights never count.

export const POPULAR_MIN_READERS = 3;

export interface RangeByReader {
  start: number;
  end: number;
  authorId: string;
}

/**
 * Sweeps the range boundaries and returns maximal stretches where at least `minReaders` distinct readers'
 * ranges overlap, with the largest number of distinct readers anywhere in the stretch.
 */
export function popularPassages(ranges: RangeByReader[], minReaders = POPULAR_MIN_READERS) {
  const events: { at: number; authorId: string; delta: 1 | -1 }[] = [];
  for (const range of ranges) {
    if (range.end <= range.start) continue;
    events.push(
      { at: range.start, authorId: range.authorId, delta: 1 },
      { at: range.end, authorId: range.authorId, delta: -1 },
    );
  }
  // Ends before starts at the same offset: touching ranges do not overlap.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const openByAuthor = new Map<string, number>();
  const passages: { start: number; end: number; readers: number }[] = [];
  let current: { start: number; readers: number } | null = null;
  for (let i = 0; i < events.length;) {
    const at = events[i]!.at;
    for (; i < events.length && events[i]!.at === at; i++) {
      const event = events[i]!;
      const open = (openByAuthor.get(event.authorId) ?? 0) + event.delta;
      if (open === 0) openByAuthor.delete(event.authorId);
      else openByAuthor.set(event.authorId, open);
    }
    const readers = openByAuthor.size;
    if (readers >= minReaders) {
      if (current) current.readers = Math.max(current.readers, readers);
      else current = { start: at, readers };
    } else if (current) {
      passages.push({ start: current.start, end: at, readers: current.readers });
      current = null;
    }
  }
  return passages;
}
