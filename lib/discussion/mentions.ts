// @mentions in replies and comments. Pure (no database): parsing the handles out of Markdown source and
// marking the allowed ones in the rendered HTML. Who is allowed is decided by the caller (people who can
// see the thread); every other @handle stays plain text.
import { MAX_MENTIONS_PER_TEXT } from "./limits";

// Handles are lower-case letters, digits and inner hyphens (lib/accounts/handles.ts); "@Ada" means @ada. An @ preceded by a
// word character is part of an email address or a word, not a mention.
const MENTION_PATTERN = /(^|[^\p{L}\p{N}_@/.-])@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)/giu;

/** Distinct handles mentioned in the source, in order of first appearance, at most MAX_MENTIONS_PER_TEXT. */
export function parseMentions(source: string): string[] {
  const handles: string[] = [];
  for (const match of source.matchAll(MENTION_PATTERN)) {
    const handle = match[2]!.toLowerCase();
    if (!handles.includes(handle)) handles.push(handle);
    if (handles.length === MAX_MENTIONS_PER_TEXT) break;
  }
  return handles;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Wraps each allowed @handle of the rendered (already sanitised) HTML in a mention element. Only text
 * outside tags is touched, and never inside links or code, so the markup stays what the sanitiser made.
 */
export function linkMentions(html: string, people: ReadonlyMap<string, { name: string }>): string {
  if (people.size === 0) return html;
  let insideLink = 0;
  let insideCode = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith("<")) {
        const tag = /^<(\/?)([a-z0-9]+)/i.exec(part);
        if (tag) {
          const closing = tag[1] === "/";
          const name = tag[2]!.toLowerCase();
          if (name === "a") insideLink += closing ? -1 : 1;
          if (name === "code" || name === "pre") insideCode += closing ? -1 : 1;
        }
        return part;
      }
      if (insideLink > 0 || insideCode > 0) return part;
      return part.replace(MENTION_PATTERN, (whole, before: string, handle: string) => {
        const person = people.get(handle.toLowerCase());
        if (!person) return whole;
        return `${before}<span class="mention" data-mention="${escapeAttribute(handle.toLowerCase())}" title="${escapeAttribute(person.name)}">@${handle}</span>`;
      });
    })
    .join("");
}
