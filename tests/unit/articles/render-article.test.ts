import { describe, expect, it } from "vitest";
import { readingMinutes, renderArticle } from "@/lib/articles/render-article";
import { projectHtmlToText } from "@/lib/articles/text-projection";

describe("renderArticle", () => {
  it("wraps the highlights container in a labelled aside", () => {
    const { html } = renderArticle("::: highlights\n- one\n- two\n:::\n\nBody.");
    expect(html).toMatch(
      /^<aside class="highlights" aria-labelledby="highlights-title">\n<h2 id="highlights-title">Highlights<\/h2>/,
    );
    expect(html).toContain("<p>Body.</p>");
  });

  it("gives headings stable, unique ids", () => {
    const { html } = renderArticle("## Costs & Benefits\n\ntext\n\n## Costs & Benefits");
    expect(html).toContain('<h2 id="costs-benefits">');
    expect(html).toContain('<h2 id="costs-benefits-2">');
  });

  it("never passes raw HTML through", () => {
    const { html } = renderArticle('Hello <script>alert(1)</script> <img src=x onerror="alert(1)">');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });

  it("counts words of the projection", () => {
    expect(renderArticle("One two three.\n\n- four\n- five").wordCount).toBe(5);
  });
});

describe("projectHtmlToText (what textContent gives in the browser)", () => {
  it("keeps the newlines between blocks and drops the tags", () => {
    expect(projectHtmlToText("<p>a <em>b</em></p>\n<ul>\n<li>c</li>\n</ul>\n")).toBe("a b\n\nc\n\n");
  });

  it("decodes the entities the renderer emits", () => {
    expect(projectHtmlToText("<p>Iron &amp; Steel &lt;x&gt; &quot;q&quot; &#39;s&#39; &#x2014;</p>")).toBe(
      `Iron & Steel <x> "q" 's' —`,
    );
  });

  it("is the same text the renderer stores, so positions agree with the browser", () => {
    const rendered = renderArticle("Iron & Steel — “quotes” and\u00a0no-break space.");
    expect(rendered.plainText).toBe("Iron & Steel — “quotes” and\u00a0no-break space.\n");
  });
});

describe("readingMinutes", () => {
  it("rounds to whole minutes and never says zero", () => {
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(460)).toBe(2);
  });
});
