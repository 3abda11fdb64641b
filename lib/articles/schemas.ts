// The article editor's input: the same fields and limits as a content file's front matter and body.
import "../zod-jitless";
import { z } from "zod";
import {
  MAX_BODY_LENGTH,
  MAX_CATEGORIES,
  MAX_CATEGORY_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_TITLE_LENGTH,
} from "./content-file";
import { NO_NUL, NUL_MESSAGE } from "@/lib/validation/text";

export const articleEditSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the article a title")
    .max(MAX_TITLE_LENGTH, `At most ${MAX_TITLE_LENGTH} characters`)
    .regex(NO_NUL, NUL_MESSAGE),
  summary: z
    .string()
    .trim()
    .min(1, "Write a one-paragraph summary")
    .max(MAX_SUMMARY_LENGTH, `At most ${MAX_SUMMARY_LENGTH} characters`)
    .regex(NO_NUL, NUL_MESSAGE),
  // Entered as "Critical Minerals, China".
  categories: z
    .string()
    .regex(NO_NUL, NUL_MESSAGE)
    .transform((value) => [
      ...new Set(
        value
          .split(",")
          .map((category) => category.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(
          z.string().max(MAX_CATEGORY_LENGTH, `Categories are at most ${MAX_CATEGORY_LENGTH} characters`),
        )
        .max(MAX_CATEGORIES, `At most ${MAX_CATEGORIES} categories`),
    ),
  body: z
    .string()
    .transform((body) => body.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, "The article needs some text")
        .max(MAX_BODY_LENGTH, `At most ${MAX_BODY_LENGTH.toLocaleString("en")} characters`)
        .regex(NO_NUL, NUL_MESSAGE),
    ),
  // The revision the editor was opened on: publishing over someone else's newer revision is refused.
  baseRevisionId: z.string().min(1).regex(NO_NUL, NUL_MESSAGE),
});

export type ArticleEditInput = z.input<typeof articleEditSchema>;
