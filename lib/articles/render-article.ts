// Renders an article's Markdown to HTML once, when its revision is created. The HTML and its
// plain-text projection are stored with the revision; pages never render Markdown per request.
import MarkdownIt from "markdown-it";
import { projectHtmlToText } from "./text-projection";

// Content files are trusted, but raw HTML stays off so the article markup is predictable for anchoring.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

// `::: highlights` … `:::` marks the article's key-points box.
const HIGHLIGHTS_OPEN = /^:::\s*highlights\s*$/;
const CONTAINER_CLOSE = /^:::\s*$/;

export const WORDS_PER_MINUTE = 230;

function slugifyHeading(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// Headings get stable ids so sections can be linked to.
markdown.core.ruler.push("heading_ids", (state) => {
  const used = new Set<string>();
  state.tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    const inline = state.tokens[index + 1];
    const base = slugifyHeading(inline?.content ?? "") || "section";
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    token.attrSet("id", id);
  });
});

export interface RenderedArticle {
  html: string;
  plainText: string;
  wordCount: number;
}

export function renderArticle(body: string): RenderedArticle {
  const parts: string[] = [];
  let buffer: string[] = [];
  let inHighlights = false;
  const flush = () => {
    if (buffer.length) parts.push(markdown.render(buffer.join("\n")));
    buffer = [];
  };
  for (const line of body.split("\n")) {
    if (!inHighlights && HIGHLIGHTS_OPEN.test(line)) {
      flush();
      inHighlights = true;
    } else if (inHighlights && CONTAINER_CLOSE.test(line)) {
      const inner = markdown.render(buffer.join("\n"));
      buffer = [];
      parts.push(
        `<aside class="highlights" aria-labelledby="highlights-title">\n<h2 id="highlights-title">Highlights</h2>\n${inner}</aside>\n`,
      );
      inHighlights = false;
    } else {
      buffer.push(line);
    }
  }
  flush();
  const html = parts.join("");
  const plainText = projectHtmlToText(html);
  const wordCount = plainText.split(/\s+/).filter(Boolean).length;
  return { html, plainText, wordCount };
}

export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
