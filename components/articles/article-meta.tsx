import { readingMinutes } from "@/lib/articles/render-article";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

export function ArticleMeta({ publishedAt, wordCount }: { publishedAt: Date; wordCount: number }) {
  return (
    <p className="text-muted text-sm">
      <time dateTime={publishedAt.toISOString().slice(0, 10)}>{dateFormat.format(publishedAt)}</time>
      <span aria-hidden="true"> · </span>
      <span>{readingMinutes(wordCount)} min read</span>
    </p>
  );
}

export function CategoryList({ categories, label = "Categories" }: { categories: string[]; label?: string }) {
  if (categories.length === 0) return null;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {categories.map((category) => (
        <li key={category} className="border-rule text-muted rounded-full border px-2.5 py-0.5 text-xs">
          {category}
        </li>
      ))}
    </ul>
  );
}
