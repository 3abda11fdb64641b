// Small display helpers for the annotator (no dependencies: the article page's JavaScript stays small).
import type { AnnotationDto } from "@/lib/annotations/schemas";
import { labelById, type AnnotationLabelId } from "@/lib/annotations/labels";
import { inLayer, type Layer } from "@/lib/teams/layers";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RELATIVE_LIMIT = 30 * DAY;

export function relativeTime(iso: string, now = Date.now()): string {
  const time = new Date(iso).getTime();
  const elapsed = now - time;
  if (Number.isNaN(time)) return "";
  if (elapsed < MINUTE) return "just now";
  if (elapsed > RELATIVE_LIMIT)
    return new Date(iso).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" });
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (elapsed < HOUR) return format.format(-Math.round(elapsed / MINUTE), "minute");
  if (elapsed < DAY) return format.format(-Math.round(elapsed / HOUR), "hour");
  return format.format(-Math.round(elapsed / DAY), "day");
}

export function labelName(id: string): string {
  return labelById(id)?.name ?? id;
}

export function labelColor(id: string): string {
  return labelById(id)?.color ?? "#a8a29e";
}

export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** What a screen reader hears for an annotation in lists and on its card. */
export function describeAnnotation(annotation: AnnotationDto): string {
  const kind =
    annotation.kind === "page-note" ? "Page note" : annotation.kind === "highlight" ? "Highlight" : "Note";
  const quote = annotation.exact ? `: “${shorten(annotation.exact, 80)}”` : "";
  return `${kind}, ${labelName(annotation.label)}, by ${annotation.isMine ? "you" : annotation.author.name}${quote}`;
}

export interface AnnotationFilters {
  who: "everyone" | "mine";
  /** Public, one of my teams, Only me, or all I can see (lib/teams/layers.ts). */
  layer: Layer;
  label: string;
  tag: string;
  query: string;
}

export const NO_FILTERS: AnnotationFilters = {
  who: "everyone",
  layer: { kind: "all" },
  label: "",
  tag: "",
  query: "",
};

export function matchesFilters(annotation: AnnotationDto, filters: AnnotationFilters): boolean {
  if (filters.who === "mine" && !annotation.isMine) return false;
  if (!inLayer(annotation, filters.layer)) return false;
  if (filters.label && annotation.label !== filters.label) return false;
  if (filters.tag && !annotation.tags.includes(filters.tag)) return false;
  const query = filters.query.trim().toLowerCase();
  if (query) {
    const haystack = [annotation.exact, annotation.body, annotation.author.name, ...annotation.tags]
      .join(" ")
      .toLowerCase();
    if (!haystack.includes(query)) return false;
  }
  return true;
}

export function filtersActive(filters: AnnotationFilters): boolean {
  return (
    filters.who !== "everyone" ||
    filters.layer.kind !== "all" ||
    filters.label !== "" ||
    filters.tag !== "" ||
    filters.query.trim() !== ""
  );
}

/** Document order: by start offset, page notes (no position) last, then oldest first. */
export function byDocumentOrder(a: AnnotationDto, b: AnnotationDto): number {
  const aStart = a.start ?? Number.MAX_SAFE_INTEGER;
  const bStart = b.start ?? Number.MAX_SAFE_INTEGER;
  return (
    aStart - bStart ||
    (a.end ?? 0) - (b.end ?? 0) ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

export interface EditorDraft {
  label: AnnotationLabelId;
  body: string;
  /** As typed: comma-separated. */
  tags: string;
  visibility: "PRIVATE" | "PUBLIC" | "TEAM";
  /** Set exactly when visibility is TEAM. */
  teamId: string | null;
  /** The reader asked for this visibility to be their default for new notes. */
  makeDefault?: boolean;
}

/** Where a note or highlight goes, as its Post button and the toolbar name it. */
export function destinationName(
  visibility: EditorDraft["visibility"],
  teamId: string | null,
  teams: readonly { id: string; name: string }[],
): string {
  if (visibility === "PUBLIC") return "Public";
  if (visibility === "TEAM") return `Team ${teams.find((team) => team.id === teamId)?.name ?? ""}`.trim();
  return "Only me";
}

/** The editor's Post button: "Post to Team Alpha", "Post publicly", "Save privately". */
export function postLabel(
  visibility: EditorDraft["visibility"],
  teamId: string | null,
  teams: readonly { id: string; name: string }[],
): string {
  if (visibility === "PUBLIC") return "Post publicly";
  if (visibility === "TEAM") return `Post to ${destinationName(visibility, teamId, teams)}`;
  return "Save privately";
}

/** Tags as the API takes them: trimmed, lower-case, without empties or duplicates. */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(",")
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** An idempotency key for a new annotation: a retried save is stored once. */
export function newKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** The small outlined buttons on an annotation card. */
export const smallButton =
  "rounded border border-rule px-2 py-0.5 text-xs hover:border-accent hover:text-accent";
