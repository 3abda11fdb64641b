// Content negotiation. The only representation served is JSON-LD with the Web Annotation profile (the
// protocol's default); a client that accepts neither JSON-LD, JSON nor anything gets 406.

const ACCEPTABLE = new Set(["application/ld+json", "application/json", "application/*", "*/*"]);
const WRITABLE = new Set(["application/ld+json", "application/json"]);

function mediaRanges(header: string): { type: string; q: number }[] {
  return header.split(",").flatMap((part) => {
    const [type = "", ...params] = part.split(";").map((piece) => piece.trim());
    if (!type) return [];
    const qParam = params.find((param) => param.toLowerCase().startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return [{ type: type.toLowerCase(), q: Number.isFinite(q) ? q : 0 }];
  });
}

/** True when the Accept header allows our JSON-LD (missing Accept allows anything). */
export function acceptsJsonLd(accept: string | null): boolean {
  if (accept === null || accept.trim() === "") return true;
  return mediaRanges(accept).some((range) => range.q > 0 && ACCEPTABLE.has(range.type));
}

/** True when a request body's Content-Type is JSON-LD or JSON (parameters such as profile ignored). */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return WRITABLE.has(type);
}

// The quality a list of media ranges gives a type: its exact range, else its wildcard ranges.
function qualityOf(ranges: { type: string; q: number }[], types: string[]): number {
  const wild = new Set([...types, ...types.map((type) => `${type.split("/")[0]}/*`), "*/*"]);
  const exact = ranges.filter((range) => types.includes(range.type));
  const matching = exact.length ? exact : ranges.filter((range) => wild.has(range.type));
  return matching.length ? Math.max(...matching.map((range) => range.q)) : 0;
}

/**
 * For resources with an HTML page and a JSON-LD description (revisions, profiles): JSON-LD only when the
 * client ranks it above HTML; browsers, a wildcard Accept and no Accept get the page.
 */
export function prefersJsonLdOverHtml(accept: string | null): boolean {
  if (accept === null || accept.trim() === "") return false;
  const ranges = mediaRanges(accept);
  return qualityOf(ranges, ["application/ld+json", "application/json"]) > qualityOf(ranges, ["text/html"]);
}
