"use client";

// The annotator: everything a reader does with the article's text in the browser — select, highlight,
// annotate, see others' annotations in the margin (or a bottom sheet on phones), filter them, follow
// deep links. It mounts beside the server-rendered article and never changes the article's text: the
// highlights are painted with the CSS Custom Highlight API (highlighter.ts). The page itself stays
// static (ISR); who the reader is comes from the annotation API.
import {
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { lazyPart } from "@/components/lazy-part";
import { describeRange, type TextSelector } from "@/lib/annotations/selectors";
import { layerKey, parseLayer } from "@/lib/teams/layers";
import { offsetsFromRange, textOffsetOf } from "@/lib/annotations/dom-anchoring";
import {
  ANNOTATION_LABELS,
  DEFAULT_LABEL,
  labelById,
  type AnnotationLabelId,
} from "@/lib/annotations/labels";
import { layoutMargin } from "@/lib/annotations/margin-layout";
import { MAX_QUOTE_LENGTH } from "@/lib/annotations/limits";
import type { AnnotationDto, AnnotationListDto } from "@/lib/annotations/schemas";
import { useLiveEvents, type LiveMessage } from "@/components/discussion/use-live-events";
import { announceNotificationsChanged } from "@/components/notifications/events";
import { AnnotationCard, type CardActions } from "./annotation-card";
import { AnnotationApiError, annotationApi } from "./api";
import {
  byDocumentOrder,
  describeAnnotation,
  destinationName,
  filtersActive,
  matchesFilters,
  newKey,
  NO_FILTERS,
  shorten,
  type AnnotationFilters,
  type EditorDraft,
} from "./format";
import { caretOnScreen, keepCaretInView } from "./caret-view";
import { Highlighter } from "./highlighter";
import type { ToolbarState } from "./selection-toolbar";
import type { RefreshState } from "./live-refresh";
import type { EditorState, SavedDraft, SheetState, WritingContext } from "./writing";
import "./annotator.css";

// The editor is loaded when first needed (a selection appears), keeping the article page's JavaScript small.
const loadEditor = () => import("./annotation-editor");
const AnnotationEditor = lazyPart(() => loadEditor().then((module) => module.AnnotationEditor));
// Selecting text, the bottom sheet and everything that writes load on first use: most readers of a page
// only read, and the page's first load is held to 150 KB of gzipped JavaScript (issue 4).
const loadToolbar = () => import("./selection-toolbar");
const SelectionToolbar = lazyPart(() => loadToolbar().then((module) => module.SelectionToolbar));
const Sheet = lazyPart(() => import("./sheet").then((module) => module.Sheet));
const LabelPicker = lazyPart(() => import("./label-picker").then((module) => module.LabelPicker));
const loadWriting = () => import("./writing");
const loadLiveRefresh = () => import("./live-refresh");
const AnnotationTransfer = lazyPart(() =>
  import("./annotation-transfer").then((module) => module.AnnotationTransfer),
);

// Layout: below this viewport width cards open in a bottom sheet; above it the margin needs room.
const PHONE_MAX_WIDTH = 767;
const MARGIN_GAP = 24;
const MIN_CARD_WIDTH = 220;
const MAX_CARD_WIDTH = 320;
const VIEWPORT_EDGE = 16;
const ESTIMATED_CARD_HEIGHT = 96;
const TOOLBAR_OFFSET = 48;
const FLASH_MS = 1600;
const SELECTION_SETTLE_MS = 120;
const SCROLL_CONTEXT_SHARE = 0.3;
const LABEL_STORAGE_KEY = "marginalia:label";
// Room below a selection on touch screens for the drag handles the system draws there.
const TOUCH_HANDLE_ROOM = 28;
const draftStorageKey = (slug: string) => `marginalia:draft:${slug}`;
const PASSAGE_HASH = /^#passage=(\d+)-(\d+)$/;
const ANNOTATION_HASH = /^#annotation-([\w-]+)$/;
const BLOCK_SELECTOR = "p, li, h2, h3, h4, blockquote, pre";
const HEADER_SPACE = 16;
const POPULAR_LABEL_WIDTH = 120;
const POPULAR_LABEL_RISE = 2;
const POPULAR_LABEL_GAP = 12;

type Tab = "text" | "page" | "orphans";

interface Positions {
  anchors: ReadonlyMap<string, number>;
  paragraphs: { top: number; count: number; ids: string[]; key: string }[];
  popular: { top: number; readers: number; key: string }[];
  headerHeight: number;
}

const EMPTY_POSITIONS: Positions = { anchors: new Map(), paragraphs: [], popular: [], headerHeight: 0 };

interface Pending {
  selector: TextSelector;
  /** Toolbar position, relative to the annotator's root. */
  top: number;
  left: number;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

type HighlightChoice = Pick<EditorDraft, "visibility" | "teamId">;
const PRIVATE_CHOICE: HighlightChoice = { visibility: "PRIVATE", teamId: null };

function emptyDraft(label: AnnotationLabelId, start: AnnotationListDto["viewer"] = null): EditorDraft {
  // Notes start at the reader's chosen default (a team they left falls back to Only me on the server).
  const remembered = start?.defaultVisibility ?? { visibility: "PRIVATE", teamId: null };
  return { label, body: "", tags: "", visibility: remembered.visibility, teamId: remembered.teamId };
}

export function Annotator({ slug, revisionId }: { slug: string; revisionId: string }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const highlighterRef = useRef<Highlighter | null>(null);
  const textRef = useRef("");
  const cardRefs = useRef(new Map<string, HTMLElement>());
  const headerRef = useRef<HTMLDivElement>(null);
  const flashTimer = useRef<number | undefined>(undefined);

  // True once running in the browser (after hydration): the DOM and the article body are there.
  const ready = useSyncExternalStore(subscribeToNothing, isBrowser, isServer);
  const [list, setList] = useState<AnnotationListDto | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [annotations, setAnnotations] = useState<AnnotationDto[]>([]);
  const [orphans, setOrphans] = useState<AnnotationDto[]>([]);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [highlightChoice, setHighlightChoice] = useState<HighlightChoice>(PRIVATE_CHOICE);
  // The caret was last placed by the pointer (a click), not the keyboard.
  const pointerCaret = useRef(false);
  // The open editor's text as typed, and a new note's draft kept when its editor was closed without posting.
  const typedDraft = useRef<EditorDraft | null>(null);
  const keptDraft = useRef<Extract<EditorState, { mode: "create" }> | null>(null);
  const [sheet, setSheet] = useState<SheetState>(null);
  const [sheetUsed, setSheetUsed] = useState(false);
  if (sheet !== null && !sheetUsed) setSheetUsed(true);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [filters, setFilters] = useState<AnnotationFilters>(NO_FILTERS);
  const [tab, setTab] = useState<Tab>("text");
  const [reattachId, setReattachId] = useState<string | null>(null);
  const storedLabel = useSyncExternalStore(subscribeToStorage, readStoredLabel, readNothing);
  const [chosenLabel, setChosenLabel] = useState<AnnotationLabelId | null>(null);
  const currentLabel: AnnotationLabelId =
    chosenLabel ??
    (storedLabel && labelById(storedLabel) ? (storedLabel as AnnotationLabelId) : DEFAULT_LABEL);
  const [announcement, setAnnouncement] = useState("");
  const [alert, setAlert] = useState<string | null>(null);
  const [articleChanged, setArticleChanged] = useState(false);
  const [changeDismissed, setChangeDismissed] = useState(false);
  const [geometry, setGeometry] = useState(0);
  // Live updates: the stream's starting point (read with the first list), others' new annotations
  // waiting behind the "N new — show" prompt (id → how many list refreshes had started when it was
  // heard of), a counter per thread that makes an open thread reload, and whether the stream is open.
  const [liveCursor, setLiveCursor] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<ReadonlyMap<string, number>>(new Map());
  const [threadVersions, setThreadVersions] = useState<ReadonlyMap<string, number>>(new Map());
  const [liveConnected, setLiveConnected] = useState<boolean | null>(null);
  const signInHref = `/signin?callbackUrl=${encodeURIComponent(useSyncExternalStore(subscribeToNothing, currentPath, rootPath))}`;
  const [positions, setPositions] = useState<Positions>(EMPTY_POSITIONS);
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(new Map());
  const [layout, setLayout] = useState<{
    mode: "margin" | "sheet";
    columnLeft: number;
    columnWidth: number;
    articleTop: number;
    articleLeft: number;
  }>({
    mode: "sheet",
    columnLeft: 0,
    columnWidth: 0,
    articleTop: 0,
    articleLeft: 0,
  });

  const viewer = list?.viewer ?? null;
  const canAnnotate = Boolean(viewer?.canAnnotate);

  const announce = useCallback((message: string) => {
    // Clearing first makes a repeated message ("Highlight saved") be read again.
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);
  const fail = useCallback((message: string) => {
    setAlert(message);
  }, []);

  // ---- Set-up: the body, its text table, keyboard access to its text ----
  useEffect(() => {
    const body = document.querySelector<HTMLElement>("[data-article-body]");
    if (!body) return;
    const highlighter = new Highlighter(body);
    highlighterRef.current = highlighter;
    textRef.current = highlighter.text;
    // The body becomes a focusable region so a keyboard user can put a caret in it and select with
    // Shift+arrows (Chromium has no caret in static text unless caret browsing is on). Only attributes
    // are added: the text and elements stay exactly as the server rendered them.
    const added: [string, string][] = [
      ["tabindex", "0"],
      ["role", "region"],
      ["aria-label", "Article text"],
      ["aria-describedby", "annotator-keyboard-help"],
    ];
    for (const [name, value] of added) if (!body.hasAttribute(name)) body.setAttribute(name, value);
    const observer = new ResizeObserver(() => setGeometry((value) => value + 1));
    observer.observe(body);
    const onResize = () => setGeometry((value) => value + 1);
    window.addEventListener("resize", onResize);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", onResize);
      highlighter.dispose();
      highlighterRef.current = null;
    };
  }, []);

  // ---- Loading the annotations the viewer may see ----
  useEffect(() => {
    let current = true;
    annotationApi.list(slug).then(
      (data) => {
        if (!current) return;
        setList(data);
        setLiveCursor((previous) => previous ?? data.liveCursor);
        setAnnotations(data.annotations);
        setOrphans(data.orphans);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current)
          setLoadError(
            error instanceof AnnotationApiError ? error.message : "Annotations could not be loaded.",
          );
      },
    );
    return () => {
      current = false;
    };
  }, [slug]);

  // The server may have moved on to a newer revision than the cached page shows.
  const revisionStale = list !== null && list.article.revisionId !== revisionId;
  const showArticleChanged = (articleChanged || revisionStale) && !changeDismissed;

  // ---- What is shown ----
  const sorted = useMemo(() => [...annotations].sort(byDocumentOrder), [annotations]);
  const visible = useMemo(
    () => sorted.filter((annotation) => matchesFilters(annotation, filters)),
    [sorted, filters],
  );
  const anchored = useMemo(
    () =>
      visible.filter(
        (annotation) =>
          annotation.kind !== "page-note" &&
          annotation.start !== null &&
          annotation.end !== null &&
          annotation.anchorStatus !== "ORPHANED",
      ),
    [visible],
  );
  const pageNotes = useMemo(() => visible.filter((annotation) => annotation.kind === "page-note"), [visible]);
  const allTags = useMemo(
    () => [...new Set(annotations.flatMap((annotation) => annotation.tags))].sort(),
    [annotations],
  );
  const byId = useMemo(
    () => new Map([...annotations, ...orphans].map((annotation) => [annotation.id, annotation])),
    [annotations, orphans],
  );

  // ---- Painting ----
  useLayoutEffect(() => {
    const highlighter = highlighterRef.current;
    if (!ready || !highlighter) return;
    highlighter.paint(
      anchored.map((annotation) => ({
        id: annotation.id,
        label: annotation.label,
        start: annotation.start!,
        end: annotation.end!,
      })),
    );
  }, [ready, anchored]);

  useEffect(() => {
    const highlighter = highlighterRef.current;
    if (ready && highlighter && list) highlighter.paintPopular(list.popular);
  }, [ready, list]);

  const flash = useCallback((range: Range | null, keep: boolean) => {
    const highlighter = highlighterRef.current;
    if (!highlighter) return;
    window.clearTimeout(flashTimer.current);
    highlighter.setFocus(range);
    if (!keep) flashTimer.current = window.setTimeout(() => highlighter.setFocus(null), FLASH_MS);
  }, []);

  const scrollToRange = useCallback((range: Range) => {
    const rect = range.getBoundingClientRect();
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.scrollTo({
      top: Math.max(0, rect.top + window.scrollY - window.innerHeight * SCROLL_CONTEXT_SHARE),
      behavior: reduced ? "auto" : "smooth",
    });
  }, []);

  // ---- Layout mode and margin geometry ----
  useLayoutEffect(() => {
    const root = rootRef.current;
    const article = document.querySelector<HTMLElement>("article[data-revision-id]");
    if (!root || !article) return;
    const rootRect = root.getBoundingClientRect();
    const articleRect = article.getBoundingClientRect();
    const columnLeft = articleRect.right - rootRect.left + MARGIN_GAP;
    const room = document.documentElement.clientWidth - articleRect.right - MARGIN_GAP - VIEWPORT_EDGE;
    const columnWidth = Math.min(MAX_CARD_WIDTH, room);
    const mode = window.innerWidth > PHONE_MAX_WIDTH && columnWidth >= MIN_CARD_WIDTH ? "margin" : "sheet";
    const articleTop = articleRect.top - rootRect.top;
    const articleLeft = articleRect.left - rootRect.left;
    setLayout((previous) =>
      previous.mode === mode &&
      previous.columnLeft === columnLeft &&
      previous.columnWidth === columnWidth &&
      previous.articleTop === articleTop &&
      previous.articleLeft === articleLeft
        ? previous
        : { mode, columnLeft, columnWidth, articleTop, articleLeft },
    );
  }, [geometry, ready]);

  // Where each highlight, paragraph and popular passage is, relative to the root (for the margin).
  // Measured after layout, again whenever the page reflows (geometry) or the annotations change.
  useLayoutEffect(() => {
    const highlighter = highlighterRef.current;
    const root = rootRef.current;
    if (layout.mode !== "margin" || !highlighter || !root) {
      setPositions(EMPTY_POSITIONS);
      return;
    }
    const rootTop = root.getBoundingClientRect().top;
    const anchors = new Map<string, number>();
    for (const annotation of anchored) {
      const rect = highlighter.rangeFor(annotation.id)?.getClientRects()[0];
      if (rect) anchors.set(annotation.id, rect.top - rootTop);
    }
    const blocks = [...highlighter.body.querySelectorAll<HTMLElement>(BLOCK_SELECTOR)].filter(
      (block) => !block.querySelector(BLOCK_SELECTOR),
    );
    const paragraphs: Positions["paragraphs"] = [];
    for (const block of blocks) {
      const bounds = highlighter.table.bounds.get(block);
      if (!bounds) continue;
      const ids = anchored
        .filter((annotation) => annotation.start! >= bounds.start && annotation.start! < bounds.end)
        .map((annotation) => annotation.id);
      if (ids.length > 0)
        paragraphs.push({
          top: block.getBoundingClientRect().top - rootTop,
          count: ids.length,
          ids,
          key: `${bounds.start}`,
        });
    }
    const popular: Positions["popular"] = [];
    for (const passage of list?.popular ?? []) {
      const rect = highlighter.rangeForOffsets(passage.start, passage.end)?.getClientRects()[0];
      if (rect)
        popular.push({
          top: rect.top - rootTop,
          readers: passage.readers,
          key: `${passage.start}-${passage.end}`,
        });
    }
    setPositions({ anchors, paragraphs, popular, headerHeight: headerRef.current?.offsetHeight ?? 0 });
  }, [anchored, layout, geometry, list, filters, tab]);

  // Cards report their rendered height; a new height means a new layout.
  const cardObserver = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    const observer = new ResizeObserver((entries) => {
      setHeights((previous) => {
        let next: Map<string, number> | null = null;
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.annotationId;
          const height = (entry.target as HTMLElement).offsetHeight;
          if (!id || Math.abs((previous.get(id) ?? 0) - height) <= 1) continue;
          next ??= new Map(previous);
          next.set(id, height);
        }
        return next ?? previous;
      });
    });
    cardObserver.current = observer;
    for (const element of cardRefs.current.values()) observer.observe(element);
    return () => {
      observer.disconnect();
      cardObserver.current = null;
    };
  }, []);

  const cardTops = useMemo(() => {
    if (layout.mode !== "margin") return new Map<string, number>();
    const items = anchored.flatMap((annotation) => {
      const top = positions.anchors.get(annotation.id);
      return top === undefined
        ? []
        : [{ id: annotation.id, top, height: heights.get(annotation.id) ?? ESTIMATED_CARD_HEIGHT }];
    });
    return layoutMargin(items, {
      minTop: layout.articleTop + positions.headerHeight + HEADER_SPACE,
      anchorId: activeId,
    });
  }, [anchored, positions, heights, layout, activeId]);

  // ---- Focusing an annotation: card and highlight together ----
  const focusAnnotation = useCallback(
    (id: string, options: { scroll?: boolean; focusCard?: boolean } = {}) => {
      const annotation = byId.get(id);
      if (!annotation) return;
      setActiveId(id);
      const range = highlighterRef.current?.rangeFor(id) ?? null;
      if (range) {
        if (options.scroll !== false) scrollToRange(range);
        flash(range, true);
      } else {
        flash(null, true);
      }
      if (layout.mode === "sheet" || annotation.kind === "page-note") {
        if (annotation.kind === "page-note" && layout.mode === "margin") setTab("page");
        else setSheet({ kind: "cards", ids: [id] });
      }
      if (options.focusCard !== false) {
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            cardRefs.current.get(id)?.focus({ preventScroll: layout.mode === "margin" && Boolean(range) }),
          ),
        );
      }
    },
    [byId, flash, layout.mode, scrollToRange],
  );

  const showInText = useCallback(
    (id: string) => {
      const range = highlighterRef.current?.rangeFor(id);
      if (!range) return;
      setActiveId(id);
      if (layout.mode === "sheet") setSheet(null);
      scrollToRange(range);
      flash(range, false);
      announce(`Showing the passage in the text.`);
    },
    [announce, flash, layout.mode, scrollToRange],
  );

  // ---- Deep links: #passage=<start>-<end> for everyone, #annotation-<id> once loaded ----
  const handleHash = useCallback(() => {
    const highlighter = highlighterRef.current;
    if (!highlighter) return;
    const passage = PASSAGE_HASH.exec(window.location.hash);
    if (passage) {
      const range = highlighter.rangeForOffsets(Number(passage[1]), Number(passage[2]));
      if (range) {
        scrollToRange(range);
        // A shared passage stays marked until the reader moves on (the focus colour changes on the next focus).
        flash(range, true);
        announce(`Showing the linked passage: ${shorten(range.toString(), 120)}`);
      }
      return;
    }
    const annotation = ANNOTATION_HASH.exec(window.location.hash);
    if (annotation && list) {
      const id = annotation[1]!;
      if (byId.has(id)) focusAnnotation(id);
      else announce("That annotation is not available to you.");
    }
  }, [announce, byId, flash, focusAnnotation, list, scrollToRange]);

  const hashHandledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!ready) return;
    // Once per hash and load state: a passage link works before (and without) the API; an annotation
    // link waits for the list.
    const key = `${window.location.hash}|${list ? "loaded" : "waiting"}|${layout.mode}`;
    if (hashHandledFor.current === key) return;
    const isAnnotationLink = ANNOTATION_HASH.test(window.location.hash);
    if (isAnnotationLink && !list) return;
    if (hashHandledFor.current?.split("|")[0] === window.location.hash && !isAnnotationLink) return;
    hashHandledFor.current = key;
    handleHash();
  }, [ready, list, layout.mode, handleHash]);

  useEffect(() => {
    window.addEventListener("hashchange", handleHash);
    return () => window.removeEventListener("hashchange", handleHash);
  }, [handleHash]);

  // ---- Selection → toolbar ----
  useEffect(() => {
    if (!ready) return;
    let timer: number | undefined;
    const update = () => {
      const highlighter = highlighterRef.current;
      const root = rootRef.current;
      const selection = document.getSelection();
      if (!highlighter || !root || !selection) return;
      if (selection.rangeCount === 0) {
        // The selection was removed (not collapsed): the toolbar of the old one must go too, or it stays
        // over the text and takes the next tap meant for a highlight.
        setPending(null);
        highlighter.setCaret(null);
        return;
      }
      const range = selection.getRangeAt(0);
      if (selection.isCollapsed) {
        setPending(null);
        const inBody = highlighter.body.contains(range.startContainer);
        highlighter.setCaret(
          inBody && document.activeElement === highlighter.body && !pointerCaret.current
            ? textOffsetOf(highlighter.table, range.startContainer, range.startOffset)
            : null,
        );
        return;
      }
      highlighter.setCaret(null);
      const offsets = offsetsFromRange(highlighter.table, highlighter.body, range);
      if (!offsets) {
        setPending(null);
        return;
      }
      // Trim surrounding whitespace: a double-click selects a word and its trailing space.
      const text = textRef.current;
      let { start, end } = offsets;
      while (start < end && /\s/.test(text[start]!)) start++;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      if (end <= start) {
        setPending(null);
        return;
      }
      const rects = range.getClientRects();
      const first = rects[0] ?? range.getBoundingClientRect();
      const rootRect = root.getBoundingClientRect();
      const toolbarWidth = 320;
      const left = Math.max(
        VIEWPORT_EDGE - rootRect.left,
        Math.min(
          first.left - rootRect.left,
          document.documentElement.clientWidth - toolbarWidth - rootRect.left - VIEWPORT_EDGE / 2,
        ),
      );
      const above = first.top - rootRect.top - TOOLBAR_OFFSET;
      // Near the top of the screen, and always on touch screens (where the system's own menu sits above
      // a selection), the toolbar goes below it, past the selection handles, so it never covers the text.
      const last = rects[rects.length - 1] ?? first;
      const touch = window.matchMedia("(pointer: coarse)").matches;
      const top =
        touch || first.top < TOOLBAR_OFFSET + 8
          ? last.bottom - rootRect.top + (touch ? TOUCH_HANDLE_ROOM : 8)
          : above;
      setPending({ selector: describeRange(text, start, end), top, left });
      // Fetched ahead of the click; a failure (offline) is shown when the part itself is needed.
      loadToolbar().catch(ignoreLoadFailure);
      loadEditor().catch(ignoreLoadFailure);
    };
    const onSelectionChange = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, SELECTION_SETTLE_MS);
    };
    document.addEventListener("selectionchange", onSelectionChange);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener("selectionchange", onSelectionChange);
    };
  }, [ready]);

  const clearSelection = useCallback(() => {
    setPending(null);
    document.getSelection()?.collapseToEnd();
  }, []);

  // ---- Mutations (optimistic, with rollback) ----
  const saveDraftForReload = useCallback(
    (saved: SavedDraft) => {
      try {
        sessionStorage.setItem(draftStorageKey(slug), JSON.stringify(saved));
      } catch {
        // Storage full or blocked: the editor still holds the draft on screen.
      }
    },
    [slug],
  );

  const markPending = useCallback((id: string, on: boolean) => {
    setPendingIds((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  // The writes live in ./writing, loaded on first use; they get the state as it is when they run.
  const writingContext = useRef<WritingContext | null>(null);
  useEffect(() => {
    writingContext.current = {
      slug,
      revisionId,
      list,
      annotations,
      orphans,
      activeId,
      text: textRef.current,
      setAnnotations,
      setOrphans,
      setActiveId,
      setEditor,
      setSheet,
      setAlert,
      setArticleChanged,
      setChangeDismissed,
      markPending,
      announce,
      saveDraftForReload,
      clearSavedDraft: () => sessionStorage.removeItem(draftStorageKey(slug)),
    };
  }, [slug, revisionId, list, annotations, orphans, activeId, markPending, announce, saveDraftForReload]);
  /** Runs a write; if its code cannot be loaded (offline), says so and calls `onUnavailable`. */
  const write = useCallback(
    (
      run: (writing: Awaited<ReturnType<typeof loadWriting>>, context: WritingContext) => Promise<void>,
      onUnavailable?: () => void,
    ) => {
      loadWriting().then(
        (writing) => (writingContext.current ? run(writing, writingContext.current) : undefined),
        () => {
          fail(
            "Not saved: this page could not load what it needs to save. Check your connection and try again.",
          );
          onUnavailable?.();
        },
      );
    },
    [fail],
  );
  const create = useCallback(
    (selector: TextSelector | null, draft: EditorDraft, idempotencyKey: string, fromEditor: boolean) =>
      write(
        (writing, context) => writing.createAnnotation(context, selector, draft, idempotencyKey, fromEditor),
        () => {
          // Nothing typed is lost: the editor comes back with the text.
          if (!fromEditor && draft.body.trim() === "") return;
          setEditor({ mode: "create", selector, draft, idempotencyKey, error: null, fields: {} });
          setSheet({ kind: "editor" });
        },
      ),
    [write],
  );
  const update = useCallback(
    (id: string, draft: EditorDraft) =>
      write(
        (writing, context) => writing.updateAnnotation(context, id, draft),
        () => {
          setEditor({ mode: "edit", id, draft, error: null, fields: {} });
          setSheet({ kind: "editor" });
        },
      ),
    [write],
  );
  const remove = useCallback(
    (id: string) => write((writing, context) => writing.removeAnnotation(context, id)),
    [write],
  );

  // ---- Live updates ----
  // Latest state for the refresh, which runs across renders.
  const shownRef = useRef<readonly AnnotationDto[]>([]);
  const inFlightRef = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    shownRef.current = annotations;
    inFlightRef.current = pendingIds;
  });
  // One list request at a time (./live-refresh, loaded when the first refresh is asked for).
  const refreshState = useRef<RefreshState>({ running: false, again: false, reveal: false, generation: 0 });
  const refresh = useCallback(
    (reveal: boolean): Promise<void> =>
      loadLiveRefresh().then(
        ({ refreshAnnotations }) =>
          refreshAnnotations(
            {
              slug,
              state: refreshState.current,
              shown: () => shownRef.current,
              inFlight: () => inFlightRef.current,
              setList,
              setOrphans,
              setAnnotations,
              setWaiting,
            },
            reveal,
          ),
        // Offline: the next event (or the reader's next click) tries again.
        () => undefined,
      ),
    [slug],
  );

  const showWaiting = useCallback(async () => {
    const count = waiting.size;
    await refresh(true);
    announce(count === 1 ? "Showing 1 new annotation." : `Showing ${count} new annotations.`);
  }, [announce, refresh, waiting.size]);

  const onLiveEvent = (message: LiveMessage) => {
    const { type, payload } = message;
    const mine = viewer !== null && payload.actorId === viewer.id;
    const id = payload.annotationId ?? payload.id;
    if (type === "annotation.created") {
      if (byId.has(id) || waiting.has(id)) return;
      if (mine) {
        // One's own appear at once; a create in flight from this page brings its own result.
        if (![...pendingIds].some((pendingId) => pendingId.startsWith("pending-"))) void refresh(false);
        return;
      }
      const count = waiting.size + 1;
      setWaiting((previous) => new Map(previous).set(id, refreshState.current.generation));
      announce(
        count === 1
          ? "1 new annotation. Use the Show button to see it."
          : `${count} new annotations. Use the Show button to see them.`,
      );
    } else if (type === "annotation.updated") {
      // Shown: replaced in place (or dropped if the viewer may no longer see it). Not shown: it may have
      // just become visible, and then it waits behind the prompt like a new one.
      if (!waiting.has(id)) void refresh(false);
    } else if (type === "annotation.deleted") {
      setAnnotations((previous) => previous.filter((annotation) => annotation.id !== id));
      setOrphans((previous) => previous.filter((annotation) => annotation.id !== id));
      setWaiting((previous) => {
        if (!previous.has(id)) return previous;
        const next = new Map(previous);
        next.delete(id);
        return next;
      });
      if (activeId === id) setActiveId(null);
    } else if (payload.annotationId && /^(reply|thread)\.|^reaction\.changed$/.test(type)) {
      // Replies, reactions and resolving: an open thread reloads (a closed one loads fresh when opened).
      const annotationId = payload.annotationId;
      setThreadVersions((previous) =>
        new Map(previous).set(annotationId, (previous.get(annotationId) ?? 0) + 1),
      );
      // Someone else's reply may answer or mention the viewer: the bell counts again now, not at its next poll.
      if (viewer && !mine && (type === "reply.created" || type === "reply.updated"))
        announceNotificationsChanged();
    }
  };
  useLiveEvents(slug, liveCursor, {
    onEvent: onLiveEvent,
    // Too much was missed to replay: bring what is shown up to date; unseen others' items wait.
    onReset: () => void refresh(false),
    onStatus: setLiveConnected,
  });

  const reattach = useCallback(
    (id: string, selector: TextSelector) => {
      setReattachId(null);
      clearSelection();
      write((writing, context) => writing.reattachAnnotation(context, id, selector));
    },
    [clearSelection, write],
  );

  // ---- Toolbar actions ----

  const toolbarState: ToolbarState | null = pending
    ? reattachId
      ? { kind: "reattach" }
      : !viewer
        ? { kind: "signed-out", signInHref }
        : !canAnnotate
          ? { kind: "cannot-write", reason: viewer.cannotAnnotateReason ?? "You cannot annotate right now." }
          : {
              kind: "write",
              label: currentLabel,
              tooLong: pending.selector.exact.length > MAX_QUOTE_LENGTH,
              destination: destinationName(highlightChoice.visibility, highlightChoice.teamId, viewer.teams),
              canChangeDestination: true,
            }
    : null;

  const changeHighlightDestination = useCallback(() => {
    // Only me → Public → each of the reader's teams → Only me.
    const choices: HighlightChoice[] = [
      { visibility: "PRIVATE", teamId: null },
      { visibility: "PUBLIC", teamId: null },
      ...(viewer?.teams ?? []).map((team) => ({ visibility: "TEAM" as const, teamId: team.id })),
    ];
    setHighlightChoice((current) => {
      const at = choices.findIndex(
        (choice) => choice.visibility === current.visibility && choice.teamId === current.teamId,
      );
      return choices[(at + 1) % choices.length]!;
    });
  }, [viewer]);

  const highlightSelection = useCallback(() => {
    if (!pending || !canAnnotate || pending.selector.exact.length > MAX_QUOTE_LENGTH) return;
    const selector = pending.selector;
    clearSelection();
    // A one-tap highlight goes where the toolbar says (Only me unless the reader picked otherwise),
    // never where their last note went.
    void create(selector, { ...emptyDraft(currentLabel, null), ...highlightChoice }, newKey(), false);
  }, [canAnnotate, clearSelection, create, currentLabel, pending, highlightChoice]);

  const annotateSelection = useCallback(() => {
    if (!pending || !canAnnotate || pending.selector.exact.length > MAX_QUOTE_LENGTH) return;
    const kept = keptDraft.current;
    const same =
      kept?.selector?.start === pending.selector.start && kept.selector.end === pending.selector.end;
    typedDraft.current = null;
    setEditor(
      same
        ? kept
        : {
            mode: "create",
            selector: pending.selector,
            draft: emptyDraft(currentLabel, viewer),
            idempotencyKey: newKey(),
            error: null,
            fields: {},
          },
    );
    setSheet({ kind: "editor" });
    // The passage is in the editor now: its painted selection goes, so no selection is left without its toolbar.
    clearSelection();
  }, [canAnnotate, clearSelection, currentLabel, pending, viewer]);

  const copyPassageLink = useCallback(async () => {
    if (!pending) return;
    const url = `${window.location.origin}/articles/${slug}#passage=${pending.selector.start}-${pending.selector.end}`;
    try {
      await navigator.clipboard.writeText(url);
      announce("Link to this passage copied.");
    } catch {
      fail(`Could not copy. The link is ${url}`);
    }
  }, [announce, fail, pending, slug]);

  const confirmReattach = useCallback(() => {
    if (pending && reattachId) void reattach(reattachId, pending.selector);
  }, [pending, reattach, reattachId]);

  // ---- Keyboard: h / a / c on a selection, Esc, and a caret inside the body ----
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || sheet) return;
      const highlighter = highlighterRef.current;
      if (!highlighter) return;
      const noModifier = !event.ctrlKey && !event.metaKey && !event.altKey;
      if (pending && noModifier && !event.shiftKey) {
        const key = event.key.toLowerCase();
        if (key === "h" && reattachId) return (event.preventDefault(), confirmReattach());
        if (key === "h" && canAnnotate) return (event.preventDefault(), highlightSelection());
        if (key === "a" && canAnnotate) return (event.preventDefault(), annotateSelection());
        if (key === "c") return (event.preventDefault(), void copyPassageLink());
      }
      if (event.key === "Escape" && (pending || reattachId)) {
        event.preventDefault();
        if (reattachId && !pending) {
          setReattachId(null);
          announce("Re-attaching cancelled.");
        }
        clearSelection();
        return;
      }
      // Caret browsing inside the focused body: arrows move a caret, Shift+arrows extend the selection.
      if (document.activeElement !== highlighter.body || event.metaKey) return;
      const moves: Record<string, ["forward" | "backward", "character" | "word" | "line" | "lineboundary"]> =
        {
          ArrowRight: ["forward", event.ctrlKey || event.altKey ? "word" : "character"],
          ArrowLeft: ["backward", event.ctrlKey || event.altKey ? "word" : "character"],
          ArrowDown: ["forward", "line"],
          ArrowUp: ["backward", "line"],
          End: ["forward", "lineboundary"],
          Home: ["backward", "lineboundary"],
        };
      const move = moves[event.key];
      const selection = document.getSelection();
      if (!move || !selection) return;
      const placed = selection.rangeCount > 0 && highlighter.body.contains(selection.anchorNode);
      // No selection started and the caret is off screen (the reader scrolled away): Up/Down scroll the page.
      if (
        !event.shiftKey &&
        move[1] === "line" &&
        (!placed || (selection.isCollapsed && !caretOnScreen(selection)))
      )
        return;
      event.preventDefault();
      pointerCaret.current = false;
      if (!placed) {
        const first = highlighter.table.texts.find((node) => (node.nodeValue ?? "").trim() !== "");
        if (first) selection.collapse(first, 0);
      }
      selection.modify(event.shiftKey ? "extend" : "move", move[0], move[1]);
      keepCaretInView(selection);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [
    announce,
    annotateSelection,
    canAnnotate,
    clearSelection,
    confirmReattach,
    copyPassageLink,
    highlightSelection,
    pending,
    reattachId,
    sheet,
  ]);

  // Focus on the body shows the caret; leaving it hides it.
  useEffect(() => {
    const highlighter = highlighterRef.current;
    if (!ready || !highlighter) return;
    const onFocus = () => {
      const selection = document.getSelection();
      if (selection && (selection.rangeCount === 0 || !highlighter.body.contains(selection.anchorNode))) {
        const first = highlighter.table.texts.find((node) => (node.nodeValue ?? "").trim() !== "");
        if (first) selection.collapse(first, 0);
      }
      if (selection?.isCollapsed && selection.anchorNode && !pointerCaret.current) {
        highlighter.setCaret(textOffsetOf(highlighter.table, selection.anchorNode, selection.anchorOffset));
      }
    };
    const onBlur = () => highlighter.setCaret(null);
    // A click places the caret where the pointer is: there it needs no painted block (the keyboard's does).
    const onPointerDown = () => (pointerCaret.current = true);
    highlighter.body.addEventListener("pointerdown", onPointerDown);
    highlighter.body.addEventListener("focus", onFocus);
    highlighter.body.addEventListener("blur", onBlur);
    return () => {
      highlighter.body.removeEventListener("pointerdown", onPointerDown);
      highlighter.body.removeEventListener("focus", onFocus);
      highlighter.body.removeEventListener("blur", onBlur);
    };
  }, [ready]);

  // ---- Clicking highlighted text opens its card(s) ----
  useEffect(() => {
    const highlighter = highlighterRef.current;
    if (!ready || !highlighter) return;
    const onClick = (event: MouseEvent) => {
      const selection = document.getSelection();
      if (selection && !selection.isCollapsed) return;
      if (event.target instanceof Element && event.target.closest("a")) return;
      const hits = highlighter.hitTest(event.clientX, event.clientY);
      if (hits.length === 0) return;
      if (layout.mode === "sheet") {
        setActiveId(hits[0]!);
        flash(highlighter.rangeFor(hits[0]!) ?? null, true);
        setSheet({ kind: "cards", ids: hits });
      } else {
        focusAnnotation(hits[0]!, { scroll: false });
        if (hits.length > 1)
          announce(`${hits.length} annotations here; the others are next to it in the margin.`);
      }
    };
    highlighter.body.addEventListener("click", onClick);
    return () => highlighter.body.removeEventListener("click", onClick);
  }, [announce, flash, focusAnnotation, layout.mode, ready]);

  // ---- A draft kept across "the article changed — reload" ----
  useEffect(() => {
    if (!ready || !list?.viewer?.canAnnotate) return;
    const raw = sessionStorage.getItem(draftStorageKey(slug));
    if (!raw) return;
    sessionStorage.removeItem(draftStorageKey(slug));
    write((writing, context) => writing.restoreSavedDraft(context, raw));
  }, [list, ready, slug, write]);

  const chooseLabel = (label: AnnotationLabelId) => {
    setChosenLabel(label);
    try {
      localStorage.setItem(LABEL_STORAGE_KEY, label);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  };

  const cardActions: CardActions = {
    onShowInText: showInText,
    onEdit: (id) => {
      const annotation = annotations.find((item) => item.id === id);
      if (!annotation) return;
      setEditor({
        mode: "edit",
        id,
        draft: {
          label: labelById(annotation.label)?.id ?? DEFAULT_LABEL,
          body: annotation.body ?? "",
          tags: annotation.tags.join(", "),
          visibility: annotation.visibility,
          teamId: annotation.team?.id ?? null,
        },
        error: null,
        fields: {},
      });
      setSheet({ kind: "editor" });
    },
    onDelete: (id) => void remove(id),
    onReattach: (id) => {
      setReattachId(id);
      setSheet(null);
      announce("Select the new passage in the article, then choose Attach here. Press Escape to cancel.");
    },
  };

  const setCardRef = (id: string) => (element: HTMLElement | null) => {
    const previous = cardRefs.current.get(id);
    if (previous && previous !== element) cardObserver.current?.unobserve(previous);
    if (element) {
      cardRefs.current.set(id, element);
      cardObserver.current?.observe(element);
    } else {
      cardRefs.current.delete(id);
    }
  };

  const closeSheet = () => {
    if (sheet?.kind === "editor") {
      // Esc or Close keeps a new note's draft: annotating the same passage again brings it back.
      if (editor?.mode === "create")
        keptDraft.current = { ...editor, draft: typedDraft.current ?? editor.draft };
      setEditor(null);
    }
    setSheet(null);
    const highlighter = highlighterRef.current;
    if (activeId && highlighter) {
      // Back to where the reader was: the passage, which keeps its focus colour for a moment.
      flash(highlighter.rangeFor(activeId) ?? null, false);
    }
  };

  const counts = { text: anchored.length, page: pageNotes.length, orphans: orphans.length };
  const totalVisible = visible.length;

  // ---- Rendering ----
  const filtersBar = (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap gap-2">
        <label className="flex items-center gap-1">
          <span className="sr-only">Whose annotations</span>
          <select
            value={filters.who}
            onChange={(event) =>
              setFilters({ ...filters, who: event.target.value as AnnotationFilters["who"] })
            }
            className="border-rule bg-page rounded border px-1.5 py-1"
          >
            <option value="everyone">Everyone</option>
            <option value="mine">Only mine</option>
          </select>
        </label>
        {list?.viewer ? (
          <label className="flex items-center gap-1">
            <span className="sr-only">Layer</span>
            <select
              value={layerKey(filters.layer)}
              onChange={(event) =>
                setFilters({
                  ...filters,
                  layer: parseLayer(
                    event.target.value,
                    (list.viewer?.teams ?? []).map((team) => team.id),
                  ),
                })
              }
              className="border-rule bg-page rounded border px-1.5 py-1"
            >
              <option value="all">All I can see</option>
              <option value="public">Public</option>
              {list.viewer.teams.map((team) => (
                <option key={team.id} value={layerKey({ kind: "team", teamId: team.id })}>
                  Team: {team.name}
                </option>
              ))}
              <option value="private">Only me</option>
            </select>
          </label>
        ) : null}
        <label className="flex items-center gap-1">
          <span className="sr-only">Label</span>
          <select
            value={filters.label}
            onChange={(event) => setFilters({ ...filters, label: event.target.value })}
            className="border-rule bg-page rounded border px-1.5 py-1"
          >
            <option value="">All labels</option>
            {ANNOTATION_LABELS.map((label) => (
              <option key={label.id} value={label.id}>
                {label.name}
              </option>
            ))}
          </select>
        </label>
        {allTags.length > 0 ? (
          <label className="flex items-center gap-1">
            <span className="sr-only">Tag</span>
            <select
              value={filters.tag}
              onChange={(event) => setFilters({ ...filters, tag: event.target.value })}
              className="border-rule bg-page rounded border px-1.5 py-1"
            >
              <option value="">All tags</option>
              {allTags.map((tag) => (
                <option key={tag} value={tag}>
                  #{tag}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <label className="block">
        <span className="sr-only">Search annotations</span>
        <input
          type="search"
          value={filters.query}
          onChange={(event) => setFilters({ ...filters, query: event.target.value })}
          placeholder="Search annotations"
          className="border-rule bg-page w-full rounded border px-2 py-1"
        />
      </label>
      {filtersActive(filters) ? (
        <button
          type="button"
          onClick={() => setFilters(NO_FILTERS)}
          className="text-accent text-xs underline"
        >
          Clear filters ({totalVisible} shown)
        </button>
      ) : null}
    </div>
  );

  const tabs = (
    <div role="tablist" aria-label="Annotations" className="border-rule flex gap-1 border-b text-sm">
      {(
        [
          ["text", `In the text (${counts.text})`],
          ["page", `Page notes (${counts.page})`],
          ...(counts.orphans > 0 ? [["orphans", `Orphaned (${counts.orphans})`] as const] : []),
        ] as const
      ).map(([id, name]) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`annotator-tab-${id}`}
          aria-selected={tab === id}
          aria-controls={`annotator-tabpanel-${id}`}
          onClick={() => setTab(id)}
          className={`-mb-px border-b-2 px-2 py-1.5 ${tab === id ? "border-accent font-semibold" : "text-muted hover:text-ink border-transparent"}`}
        >
          {name}
        </button>
      ))}
    </div>
  );

  const renderCardList = (items: AnnotationDto[], orphan = false) =>
    items.length === 0 ? (
      <p className="text-muted py-2 text-sm">
        Nothing here{filtersActive(filters) ? " with these filters" : ""}.
      </p>
    ) : (
      <ul className="space-y-2">
        {items.map((annotation) => (
          <li key={annotation.id}>
            <AnnotationCard
              ref={setCardRef(annotation.id)}
              annotation={annotation}
              active={annotation.id === activeId}
              pending={pendingIds.has(annotation.id)}
              orphan={orphan}
              actions={cardActions}
              threadVersion={threadVersions.get(annotation.id)}
            />
          </li>
        ))}
      </ul>
    );

  const pageNotesPanel = (
    <div className="space-y-2">
      {canAnnotate ? (
        <button
          type="button"
          onClick={() => {
            setEditor({
              mode: "create",
              selector: null,
              draft: emptyDraft(currentLabel, viewer),
              idempotencyKey: newKey(),
              error: null,
              fields: {},
            });
            setSheet({ kind: "editor" });
          }}
          className="border-rule hover:border-accent rounded border px-2.5 py-1 text-sm"
        >
          Add a page note
        </button>
      ) : null}
      {renderCardList(pageNotes)}
    </div>
  );

  const orphansPanel = (
    <div className="space-y-2">
      <p className="text-muted text-xs">
        The article changed and these passages could not be found again. Re-attach them to new text or delete
        them.
      </p>
      {renderCardList(orphans, true)}
    </div>
  );

  const panelBody = (inSheet: boolean) => (
    <div className="space-y-3">
      {tabs}
      <div
        role="tabpanel"
        id={`annotator-tabpanel-${tab}`}
        aria-labelledby={`annotator-tab-${tab}`}
        className="space-y-3"
      >
        {tab === "text" ? (
          inSheet ? (
            renderCardList(anchored)
          ) : (
            <p className="text-muted text-xs">Cards sit beside their passages. Select text to add one.</p>
          )
        ) : tab === "page" ? (
          pageNotesPanel
        ) : (
          orphansPanel
        )}
      </div>
    </div>
  );

  const signInPrompt =
    !viewer && list ? (
      <p className="text-muted text-sm">
        <a href={signInHref} className="text-accent underline">
          Sign in
        </a>{" "}
        to highlight and annotate.
      </p>
    ) : null;

  const labelPicker = canAnnotate ? (
    <Suspense fallback={null}>
      <LabelPicker current={currentLabel} onChoose={chooseLabel} />
    </Suspense>
  ) : null;

  const exportLinks = viewer ? (
    <Suspense fallback={null}>
      <AnnotationTransfer slug={slug} canImport={canAnnotate} onImported={() => refresh(false)} />
    </Suspense>
  ) : null;

  const editorView = editor ? (
    <Suspense fallback={<p className="text-muted text-sm">Loading the editor…</p>}>
      <AnnotationEditor
        teams={list?.viewer?.teams ?? []}
        key={editor.mode === "edit" ? `edit-${editor.id}` : `create-${editor.idempotencyKey}`}
        quote={
          editor.mode === "create" ? (editor.selector?.exact ?? null) : (byId.get(editor.id)?.exact ?? null)
        }
        initial={editor.draft}
        creating={editor.mode === "create"}
        error={editor.error}
        fieldErrors={editor.fields}
        onChange={(draft) => {
          typedDraft.current = draft;
          if (editor.mode === "create")
            saveDraftForReload({ selector: editor.selector, draft, idempotencyKey: editor.idempotencyKey });
        }}
        onCancel={() => {
          // Cancel discards the draft (Esc and Close keep it).
          if (editor.mode === "create") sessionStorage.removeItem(draftStorageKey(slug));
          keptDraft.current = null;
          setEditor(null);
          setSheet(null);
        }}
        onSubmit={(draft) => {
          keptDraft.current = null;
          setEditor(null);
          setSheet(null);
          if (editor.mode === "create") void create(editor.selector, draft, editor.idempotencyKey, true);
          else void update(editor.id, draft);
        }}
      />
    </Suspense>
  ) : null;

  const sheetCards = sheet?.kind === "cards" ? sheet.ids.flatMap((id) => byId.get(id) ?? []) : [];
  const sheetTitle =
    sheet?.kind === "editor"
      ? editor?.mode === "edit"
        ? "Edit note"
        : editor?.mode === "create" && editor.selector === null
          ? "New page note"
          : "New note"
      : sheet?.kind === "panel"
        ? `Annotations (${totalVisible})`
        : sheetCards.length > 1
          ? `${sheetCards.length} annotations here`
          : "Annotation";

  return (
    <div
      ref={rootRef}
      className="relative"
      data-annotator
      data-layout={layout.mode}
      data-ready={ready && list ? "" : undefined}
      data-live={liveConnected === null ? undefined : liveConnected ? "connected" : "reconnecting"}
    >
      <p id="annotator-keyboard-help" className="sr-only">
        Use the arrow keys to move through the text and Shift with the arrow keys to select. Then press H to
        highlight, A to annotate, C to copy a link to the passage, Escape to cancel.
      </p>
      <div aria-live="polite" role="status" className="sr-only" data-testid="annotator-status">
        {announcement}
      </div>

      {alert || showArticleChanged ? (
        <div
          role="alert"
          className="border-rule bg-page fixed inset-x-2 bottom-20 z-40 mx-auto flex max-w-lg flex-wrap items-center gap-3 rounded-lg border p-3 text-sm shadow-lg"
          data-testid="annotator-alert"
        >
          <span className="flex-1">
            {showArticleChanged
              ? "The article changed — reload to see the current text. Your draft is kept."
              : alert}
          </span>
          {showArticleChanged ? (
            <button
              type="button"
              onClick={() => window.location.reload()}
              className="bg-accent text-accent-ink rounded px-3 py-1 font-semibold"
            >
              Reload
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => (setAlert(null), setArticleChanged(false), setChangeDismissed(true))}
            className="border-rule rounded border px-2 py-1"
          >
            Dismiss
          </button>
        </div>
      ) : null}

      {reattachId ? (
        <div className="border-accent bg-page fixed inset-x-2 top-2 z-40 mx-auto max-w-lg rounded-lg border p-3 text-sm shadow-lg">
          Select the new passage for “{shorten(byId.get(reattachId)?.originalExact ?? "", 60)}”, then choose
          Attach here.{" "}
          <button type="button" className="text-accent ml-2 underline" onClick={() => setReattachId(null)}>
            Cancel
          </button>
        </div>
      ) : null}

      {pending && toolbarState ? (
        <Suspense fallback={null}>
          <SelectionToolbar
            state={toolbarState}
            top={pending.top}
            left={pending.left}
            onHighlight={highlightSelection}
            onAnnotate={annotateSelection}
            onCopyLink={() => void copyPassageLink()}
            onReattach={confirmReattach}
            onChangeDestination={changeHighlightDestination}
          />
        </Suspense>
      ) : null}

      {/* Every highlight and note in document order, for keyboard and screen-reader users; visible when focused. */}
      <nav
        aria-label="Highlights and notes"
        className="sr-only focus-within:not-sr-only focus-within:mx-auto focus-within:my-6 focus-within:block focus-within:max-w-[68ch]"
      >
        <h2 className="text-sm font-semibold">Highlights and notes ({totalVisible})</h2>
        <ul className="mt-2 space-y-1 text-sm">
          {visible.map((annotation) => (
            <li key={annotation.id}>
              <button
                type="button"
                className="text-left underline"
                onClick={() => focusAnnotation(annotation.id)}
              >
                {describeAnnotation(annotation)}
              </button>
            </li>
          ))}
        </ul>
      </nav>

      {layout.mode === "margin" ? (
        <aside
          aria-label="Annotations"
          className="absolute"
          style={{ top: layout.articleTop, left: layout.columnLeft, width: layout.columnWidth }}
        >
          <div ref={headerRef} className="space-y-3 pb-2">
            {loadError ? <p className="text-muted text-sm">{loadError}</p> : null}
            {signInPrompt}
            {viewer && !canAnnotate ? (
              <p className="text-muted text-sm">{viewer.cannotAnnotateReason}</p>
            ) : null}
            {labelPicker}
            {filtersBar}
            {panelBody(false)}
            {exportLinks}
          </div>
        </aside>
      ) : null}

      {layout.mode === "margin"
        ? anchored.map((annotation) => {
            const top = cardTops.get(annotation.id);
            if (top === undefined) return null;
            return (
              <AnnotationCard
                key={annotation.id}
                ref={setCardRef(annotation.id)}
                annotation={annotation}
                active={annotation.id === activeId}
                pending={pendingIds.has(annotation.id)}
                actions={cardActions}
                threadVersion={threadVersions.get(annotation.id)}
                className="absolute"
                style={{ top, left: layout.columnLeft, width: layout.columnWidth }}
              />
            );
          })
        : null}

      {layout.mode === "margin"
        ? positions.paragraphs.map((paragraph) => (
            <button
              key={paragraph.key}
              type="button"
              onClick={() => focusAnnotation(paragraph.ids[0]!)}
              className="border-rule bg-panel text-muted hover:border-accent absolute rounded-full border px-1.5 text-xs leading-5"
              style={{
                top: paragraph.top,
                left: layout.columnLeft - MARGIN_GAP + 2,
                transform: "translateX(-50%)",
              }}
              aria-label={`${paragraph.count} ${paragraph.count === 1 ? "annotation" : "annotations"} on this paragraph`}
            >
              {paragraph.count}
            </button>
          ))
        : null}

      {layout.mode === "margin"
        ? positions.popular
            .filter(() => layout.articleLeft - POPULAR_LABEL_WIDTH - POPULAR_LABEL_GAP >= 0)
            .map((passage) => (
              <p
                key={passage.key}
                className="text-muted absolute text-right text-[0.7rem]"
                style={{
                  top: passage.top - POPULAR_LABEL_RISE,
                  left: layout.articleLeft - POPULAR_LABEL_WIDTH - POPULAR_LABEL_GAP,
                  width: POPULAR_LABEL_WIDTH,
                }}
              >
                Top highlight · {passage.readers} readers
              </p>
            ))
        : null}

      {waiting.size > 0 ? (
        // Fixed at the viewport's edge, so the reader sees it wherever they are, and nothing moves until
        // they ask. The announcement in the status region tells screen-reader users.
        <button
          type="button"
          onClick={() => void showWaiting()}
          className="border-accent bg-page text-accent fixed bottom-3 left-3 z-30 rounded-full border-2 px-4 py-2 text-sm font-semibold shadow-lg"
          data-testid="new-annotations"
        >
          {waiting.size} new{" "}
          <span className="sr-only">{waiting.size === 1 ? "annotation" : "annotations"}</span> — show
        </button>
      ) : null}

      {layout.mode === "sheet" && ready ? (
        <button
          type="button"
          onClick={() => setSheet({ kind: "panel" })}
          className="bg-accent text-accent-ink fixed right-3 bottom-3 z-30 rounded-full px-4 py-2 text-sm font-semibold shadow-lg"
          data-testid="annotations-button"
        >
          Annotations ({totalVisible})
        </button>
      ) : null}

      {/* Mounted from the first opening on, so the dialog keeps its state and focus handling afterwards. */}
      {sheetUsed ? (
        <Suspense fallback={null}>
          <Sheet open={sheet !== null} title={sheetTitle} onClose={closeSheet} testId="annotation-sheet">
            {sheet?.kind === "editor" ? editorView : null}
            {sheet?.kind === "cards" ? renderCardList(sheetCards) : null}
            {sheet?.kind === "panel" ? (
              <div className="space-y-3">
                {signInPrompt}
                {labelPicker}
                {filtersBar}
                {panelBody(true)}
                {exportLinks}
                {list && list.popular.length > 0 ? (
                  <div>
                    <h3 className="text-sm font-semibold">Top highlights</h3>
                    <ul className="mt-1 space-y-1 text-sm">
                      {list.popular.map((passage) => (
                        <li key={`${passage.start}-${passage.end}`}>
                          “{shorten(articleTextSlice(passage.start, passage.end), 80)}” · {passage.readers}{" "}
                          readers
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </div>
            ) : null}
          </Sheet>
        </Suspense>
      ) : null}
    </div>
  );
}

const ignoreLoadFailure = () => {};

// Stores for useSyncExternalStore: values that exist only in the browser, read without an effect.
const subscribeToNothing = () => () => {};
const isBrowser = () => true;
const isServer = () => false;
const readNothing = () => null;
const currentPath = () => window.location.pathname + window.location.search;
const rootPath = () => "/";
function subscribeToStorage(onChange: () => void) {
  window.addEventListener("storage", onChange);
  return () => window.removeEventListener("storage", onChange);
}
function readStoredLabel(): string | null {
  try {
    return localStorage.getItem(LABEL_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** A slice of the article's text projection (the body's textContent), read from the page. */
function articleTextSlice(start: number, end: number): string {
  return document.querySelector("[data-article-body]")?.textContent?.slice(start, end) ?? "";
}
