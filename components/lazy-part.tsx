"use client";
// React.lazy for the parts of a page that load on first use (the article page's first load is held to
// 150 KB of gzipped JavaScript, issue 4). Plain React.lazy throws when the part's code cannot be fetched
// (the reader went offline, or a new deployment replaced the file), and the page's error boundary then
// replaces the whole article; a part made here says it could not load instead, and the rest keeps working.
import { lazy, type ComponentType } from "react";

function PartUnavailable() {
  return (
    <p role="status" className="text-muted text-xs" data-testid="part-unavailable">
      This part of the page could not be loaded. Check your connection, then reload the page.
    </p>
  );
}

export function lazyPart<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async (): Promise<{ default: ComponentType<Props> }> => {
    try {
      return { default: await load() };
    } catch {
      return { default: PartUnavailable };
    }
  });
}
