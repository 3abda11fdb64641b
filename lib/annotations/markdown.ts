// Markdown written by readers (annotation notes, replies, comments), rendered to HTML that is safe to
// insert into any page. Rendered once on write and stored; pages never render Markdown per request.
//
// Safety comes from construction, not from scrubbing: raw HTML is off (markdown-it escapes it), images are
// not rendered (no tracking pixels, no `onerror`), and links are kept only for http(s) and mailto URLs.
// Every link gets rel="nofollow noopener ugc" and opens in a new tab.
import MarkdownIt from "markdown-it";

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
// Headings and tables don't belong in a margin note; images are never fetched on a reader's behalf.
markdown.disable(["image", "heading", "lheading", "table"]);

markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const renderLinkOpen = markdown.renderer.rules.link_open;
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet("rel", "nofollow noopener ugc");
  token.attrSet("target", "_blank");
  return renderLinkOpen
    ? renderLinkOpen(tokens, index, options, env, self)
    : self.renderToken(tokens, index, options);
};

// Characters that reorder or hide text (bidi overrides, zero-width joiners used for spoofing) are shown
// as visible escapes rather than silently changing how a note reads.
const INVISIBLE_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF]/g;
// NUL and other C0 controls (but tab and newline) have no business in text.
const C0_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function normaliseUserText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(C0_CONTROL, "")
    .replace(
      INVISIBLE_CONTROL,
      (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`,
    );
}

export function renderUserMarkdown(source: string): string {
  return markdown.render(normaliseUserText(source)).trim();
}
