// Parses an article content file: YAML front matter between `---` lines, then the Markdown body.
// Errors name the file, the line and the reason, so a broken file is easy to fix.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUMMARY_LENGTH = 400;
export const MAX_CATEGORIES = 8;
export const MAX_CATEGORY_LENGTH = 40;
export const MAX_BODY_LENGTH = 200_000;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const articleFrontMatterSchema = z.strictObject({
  title: z.string().trim().min(1, "title is empty").max(MAX_TITLE_LENGTH),
  slug: z.string().regex(SLUG_PATTERN, "slug must be lower-case words joined by hyphens"),
  published: z.coerce.date({ error: "published must be a date such as 2025-06-02" }),
  categories: z.array(z.string().trim().min(1).max(MAX_CATEGORY_LENGTH)).max(MAX_CATEGORIES).default([]),
  summary: z.string().trim().min(1, "summary is empty").max(MAX_SUMMARY_LENGTH),
  status: z.enum(["draft", "published"]).default("published"),
});

export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

export interface ArticleSource extends ArticleFrontMatter {
  body: string;
}

export class ContentFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "ContentFileError";
  }
}

const FENCE = "---";

/** Parses one content file. `file` is only used in error messages. */
export function parseArticleFile(file: string, source: string): ArticleSource {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  if (lines[0] !== FENCE) {
    throw new ContentFileError(file, 1, `expected front matter starting with "${FENCE}" on the first line`);
  }
  const closing = lines.indexOf(FENCE, 1);
  if (closing === -1) {
    throw new ContentFileError(file, 1, `front matter is not closed by a "${FENCE}" line`);
  }
  const yamlText = lines.slice(1, closing).join("\n");
  // Line numbers inside the YAML are offset by the opening fence.
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + 1;
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError) {
    throw new ContentFileError(
      file,
      lineOf(yamlError.pos[0]),
      `front matter is not valid YAML: ${yamlError.message.split("\n")[0]}`,
    );
  }
  const data: unknown = document.toJS() ?? {};
  const parsed = articleFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0];
    let line = 1;
    if (typeof key === "string") {
      const node = document.get(key, true) as { range?: [number, number, number] } | undefined;
      const keyLine = lines.slice(1, closing).findIndex((l) => l.startsWith(`${key}:`));
      line = node?.range ? lineOf(node.range[0]) : keyLine >= 0 ? keyLine + 2 : 1;
    }
    const field = issue.path.length ? issue.path.join(".") : "front matter";
    const reason = issue.code === "unrecognized_keys" ? issue.message : `${field}: ${issue.message}`;
    throw new ContentFileError(file, line, reason);
  }
  const body = lines
    .slice(closing + 1)
    .join("\n")
    .trim();
  if (body === "") throw new ContentFileError(file, closing + 2, "the article body is empty");
  if (body.length > MAX_BODY_LENGTH) {
    throw new ContentFileError(
      file,
      closing + 2,
      `the article body is longer than ${MAX_BODY_LENGTH} characters`,
    );
  }
  const expectedName = `${parsed.data.slug}.md`;
  const baseName = file.split(/[\\/]/).pop();
  if (baseName !== expectedName) {
    throw new ContentFileError(
      file,
      1 + lines.slice(1, closing).findIndex((l) => l.startsWith("slug:")) + 1,
      `the file must be named ${expectedName} to match its slug`,
    );
  }
  return { ...parsed.data, body };
}
