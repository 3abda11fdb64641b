// The plain-text projection of an article revision: the text annotations are anchored against.
//
// Definition: the concatenation, in document order, of every text node inside the article body
// element — exactly what `element.textContent` returns in the browser for the stored HTML. Offsets in
// TextPositionSelector count UTF-16 code units of this string, like DOM Range offsets, so the server and
// the browser agree without any mapping table.
//
// The stored HTML is produced by our own renderer (markdown-it with raw HTML off), which only ever emits
// tags, text and the five basic entities or numeric references; that is all this decoder handles.

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X"))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity.toLowerCase()] ?? match;
  });
}

export function projectHtmlToText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ""));
}
