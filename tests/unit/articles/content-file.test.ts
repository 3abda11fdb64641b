import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentFileError, parseArticleFile } from "@/lib/articles/content-file";
import { renderArticle } from "@/lib/articles/render-article";

const SLUG = "chinas-northern-rare-earths-mineral-superpower";
const CONTENT_FILE = path.resolve(`content/articles/${SLUG}.md`);
// The source text as it was given to the project, kept verbatim in the repo so a fresh clone can check it.
const SEED_TEXT = path.resolve("tests/fixtures/seed-article.txt");
// Where the project's shared material sits beside the repo (on the team's machines and in CI).
const SHARED_SEED_TEXT = path.resolve("../shared/seed-article.txt");
// The source page ends with site chrome that is not article text (share row, categories, comment form).
const SITE_CHROME_START = "Spread the word:";

/**
 * The agreed normalisation: list bullets ("•") are markup, not text, and every run of white space
 * (including the source's no-break space) counts as one space.
 */
function normalise(text: string): string {
  return text
    .replace(/^\s*•\s*/gm, "")
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}

function parseRepoArticle() {
  return parseArticleFile(CONTENT_FILE, readFileSync(CONTENT_FILE, "utf8"));
}

describe("the first article's content file", () => {
  it("holds the seed article's text, character for character after whitespace normalisation", () => {
    const seed = readFileSync(SEED_TEXT, "utf8");
    const articleText = seed.slice(0, seed.indexOf(SITE_CHROME_START));
    const article = parseRepoArticle();
    const rendered = renderArticle(article.body);
    expect(normalise(`${article.title}\n${rendered.plainText}`)).toBe(normalise(articleText));
  });

  it.runIf(existsSync(SHARED_SEED_TEXT))(
    "keeps its copy of the seed text identical to the shared original",
    () => {
      expect(readFileSync(SEED_TEXT, "utf8")).toBe(readFileSync(SHARED_SEED_TEXT, "utf8"));
    },
  );

  it("keeps the source's structure: a Highlights box of three points, a bulleted list and the Implications section", () => {
    const { html } = renderArticle(parseRepoArticle().body);
    const highlights = html.match(/<aside class="highlights"[\s\S]*?<\/aside>/)?.[0] ?? "";
    expect(highlights).toContain(">Highlights</h2>");
    expect(highlights.match(/<li>/g)).toHaveLength(3);
    expect(html).toContain(
      '<h2 id="implications-for-the-u-s-and-allies">Implications for the U.S. and Allies</h2>',
    );
    // The body's own bulleted list, outside the Highlights box.
    expect(html.replace(highlights, "").match(/<li>/g)).toHaveLength(3);
  });

  it("keeps the no-break space of the source verbatim", () => {
    expect(parseRepoArticle().body).toContain("in mining. \u00a0Northern Rare Earth");
  });

  it("has the front matter the pages need", () => {
    const article = parseRepoArticle();
    expect(article.slug).toBe(SLUG);
    expect(article.title).toBe("China’s Northern Rare Earths Mineral Superpower");
    expect(article.categories.length).toBeGreaterThan(0);
    expect(article.published.toISOString()).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe("parseArticleFile", () => {
  const valid = [
    "---",
    "title: A title",
    "slug: a-title",
    "published: 2025-01-02",
    "summary: Short.",
    "---",
    "",
    "Body text.",
  ];
  const parse = (lines: string[], file = "content/articles/a-title.md") =>
    parseArticleFile(file, lines.join("\n"));

  function failure(lines: string[], file?: string): ContentFileError {
    try {
      parse(lines, file);
    } catch (error) {
      if (error instanceof ContentFileError) return error;
      throw error;
    }
    throw new Error("expected the file to be refused");
  }

  it("parses a valid file", () => {
    const article = parse(valid);
    expect(article).toMatchObject({
      title: "A title",
      slug: "a-title",
      summary: "Short.",
      body: "Body text.",
      categories: [],
    });
  });

  it("names the file, line and reason for a missing front matter", () => {
    const error = failure(["# Just markdown"]);
    expect(error.message).toBe(
      'content/articles/a-title.md:1: expected front matter starting with "---" on the first line',
    );
  });

  it("points at the line of an invalid date", () => {
    const lines = [...valid];
    lines[3] = "published: someday";
    const error = failure(lines);
    expect(error.line).toBe(4);
    expect(error.reason).toContain("published");
  });

  it("points at the line of broken YAML", () => {
    const lines = [...valid];
    lines[2] = "slug: [unclosed";
    const error = failure(lines);
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.reason).toMatch(/not valid YAML/);
  });

  it("refuses unknown front matter keys", () => {
    const lines = [...valid];
    lines.splice(5, 0, "autor: someone");
    expect(failure(lines).reason).toMatch(/autor/);
  });

  it("refuses an empty body", () => {
    expect(failure(valid.slice(0, 6)).reason).toBe("the article body is empty");
  });

  it("requires the file name to match the slug", () => {
    expect(failure(valid, "content/articles/other.md").reason).toBe(
      "the file must be named a-title.md to match its slug",
    );
  });

  it("refuses an unclosed front matter", () => {
    expect(failure(["---", "title: x"]).reason).toMatch(/not closed/);
  });
});
