import { describe, expect, it } from "vitest";
import { renderUserMarkdown } from "@/lib/annotations/markdown";

// Payloads that must never produce markup able to run script or load anything.
const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "<svg onload=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click]( javascript:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](vbscript:msgbox(1))",
  "![x](https://evil.example/pixel.png)",
  '![x](x" onerror="alert(1))',
  "<iframe src=//evil.example></iframe>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<style>body{display:none}</style>",
  '<div style="background:url(javascript:alert(1))">x</div>',
  '[x](https://example.com" onclick="alert(1))',
  "<a href='&#106;avascript:alert(1)'>x</a>",
  "[x](&#106;avascript:alert(1))",
  "<details open ontoggle=alert(1)>",
];

describe("renderUserMarkdown", () => {
  it.each(XSS_PAYLOADS)("renders %j without any active markup", (payload) => {
    const html = renderUserMarkdown(payload);
    // Every real tag (escaped text like "&lt;img" is harmless) must be from the allowed set, with no
    // event handler or style attribute, and links only to http(s) or mailto.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    for (const tag of tags) {
      expect(tag).toMatch(/^<(p|a|em|strong|code|pre|blockquote|ul|ol|li|br|hr|s)\b/i);
      expect(tag).not.toMatch(/\s(on[a-z]+|style|src)\s*=/i);
      if (tag.startsWith("<a ")) expect(tag).toMatch(/ href="(https?:|mailto:)/i);
    }
  });

  it("renders ordinary Markdown: emphasis, lists, code, quotes", () => {
    const html = renderUserMarkdown("**bold** and _em_\n\n- one\n- two\n\n`code`\n\n> quoted");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>em</em>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<blockquote>");
  });

  it("gives links rel=nofollow noopener ugc and a new tab", () => {
    expect(renderUserMarkdown("[source](https://example.com/report)")).toBe(
      '<p><a href="https://example.com/report" rel="nofollow noopener ugc" target="_blank">source</a></p>',
    );
  });

  it("links bare URLs the same way", () => {
    expect(renderUserMarkdown("see https://example.com")).toContain('rel="nofollow noopener ugc"');
  });

  it("shows HTML as text", () => {
    expect(renderUserMarkdown("<b>hi</b>")).toBe("<p>&lt;b&gt;hi&lt;/b&gt;</p>");
  });

  it("makes bidi overrides and zero-width characters visible and drops NUL bytes", () => {
    const html = renderUserMarkdown("abc\u202Edcba\u200B\u0000!");
    expect(html).toBe("<p>abc[U+202E]dcba[U+200B]!</p>");
  });
});
