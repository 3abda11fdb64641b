// The annotator's writes: create (optimistic, with rollback), edit, delete, re-attach an orphan, and a
// draft brought back after "the article changed — reload". A module of its own, loaded the first time a
// reader selects text or acts on a card (annotator.tsx `loadWriting`), so a reader who only reads never
// downloads it: the article page's first load is held to 150 KB of gzipped JavaScript (issue 4).
//
// Each function gets the annotator's current state and setters (`WritingContext`) when it runs. Lists
// are changed through functional updates only, so writes that overlap never undo each other.
import type { Dispatch, SetStateAction } from "react";
import { describeRange, type TextSelector } from "@/lib/annotations/selectors";
import { labelById } from "@/lib/annotations/labels";
import type { AnnotationDto, AnnotationListDto } from "@/lib/annotations/schemas";
import { AnnotationApiError, annotationApi } from "./api";
import { newKey, parseTags, type EditorDraft } from "./format";

export type EditorState =
  | {
      mode: "create";
      selector: TextSelector | null;
      draft: EditorDraft;
      idempotencyKey: string;
      error: string | null;
      fields: Record<string, string[]>;
    }
  | { mode: "edit"; id: string; draft: EditorDraft; error: string | null; fields: Record<string, string[]> };

export type SheetState = null | { kind: "cards"; ids: string[] } | { kind: "panel" } | { kind: "editor" };

/** What is kept in sessionStorage while a note is being written, so a reload does not lose it. */
export interface SavedDraft {
  selector: TextSelector | null;
  draft: EditorDraft;
  idempotencyKey: string;
}

export interface WritingContext {
  slug: string;
  revisionId: string;
  list: AnnotationListDto | null;
  annotations: readonly AnnotationDto[];
  orphans: readonly AnnotationDto[];
  activeId: string | null;
  /** The article's text projection, as the page shows it. */
  text: string;
  setAnnotations: Dispatch<SetStateAction<AnnotationDto[]>>;
  setOrphans: Dispatch<SetStateAction<AnnotationDto[]>>;
  setActiveId: Dispatch<SetStateAction<string | null>>;
  setEditor: Dispatch<SetStateAction<EditorState | null>>;
  setSheet: Dispatch<SetStateAction<SheetState>>;
  setAlert: Dispatch<SetStateAction<string | null>>;
  setArticleChanged: Dispatch<SetStateAction<boolean>>;
  setChangeDismissed: Dispatch<SetStateAction<boolean>>;
  markPending: (id: string, on: boolean) => void;
  announce: (message: string) => void;
  saveDraftForReload: (saved: SavedDraft) => void;
  clearSavedDraft: () => void;
}

function apiErrorOf(error: unknown): AnnotationApiError {
  return error instanceof AnnotationApiError
    ? error
    : new AnnotationApiError("Could not save.", 0, "unknown");
}

/** What the reader sees while a new annotation is being saved: their own, published, exactly anchored. */
function optimisticDto(
  context: WritingContext,
  id: string,
  selector: TextSelector | null,
  draft: EditorDraft,
): AnnotationDto {
  const { list, revisionId } = context;
  const viewer = list?.viewer ?? null;
  const now = new Date().toISOString();
  return {
    id,
    articleId: list?.article.id ?? "",
    revisionId,
    kind: selector === null ? "page-note" : draft.body.trim() ? "annotation" : "highlight",
    visibility: draft.visibility,
    team: draft.teamId ? (viewer?.teams.find((team) => team.id === draft.teamId) ?? null) : null,
    label: draft.label,
    tags: parseTags(draft.tags),
    body: draft.body.trim() ? draft.body : null,
    bodyHtml: null,
    exact: selector?.exact ?? null,
    prefix: selector?.prefix ?? null,
    suffix: selector?.suffix ?? null,
    start: selector?.start ?? null,
    end: selector?.end ?? null,
    originalExact: selector?.exact ?? null,
    anchorStatus: "EXACT",
    anchorScore: null,
    status: "PUBLISHED",
    author: viewer
      ? { id: viewer.id, name: viewer.name, handle: viewer.handle }
      : { id: "", name: "You", handle: "" },
    isMine: true,
    createdAt: now,
    updatedAt: now,
    editedAt: null,
    version: 0,
  };
}

export async function createAnnotation(
  context: WritingContext,
  selector: TextSelector | null,
  draft: EditorDraft,
  idempotencyKey: string,
  fromEditor: boolean,
): Promise<void> {
  const { slug, revisionId, setAnnotations, markPending } = context;
  const tempId = `pending-${idempotencyKey}`;
  setAnnotations((previous) => [...previous, optimisticDto(context, tempId, selector, draft)]);
  markPending(tempId, true);
  context.setAlert(null);
  try {
    const saved = await annotationApi.create(slug, {
      revisionId,
      selector,
      label: draft.label,
      body: draft.body,
      tags: parseTags(draft.tags),
      visibility: draft.visibility,
      teamId: draft.teamId,
      makeDefault: draft.makeDefault ?? false,
      idempotencyKey,
    });
    // The live stream may have brought the saved annotation in already: it is shown once.
    setAnnotations((previous) =>
      previous
        .filter((annotation) => annotation.id !== saved.id)
        .map((annotation) => (annotation.id === tempId ? saved : annotation)),
    );
    context.clearSavedDraft();
    context.announce(
      saved.kind === "highlight"
        ? `Highlighted as ${labelById(saved.label)?.name ?? saved.label}.`
        : "Note saved.",
    );
  } catch (error) {
    setAnnotations((previous) => previous.filter((annotation) => annotation.id !== tempId));
    const apiError = apiErrorOf(error);
    if (apiError.code === "article_changed") {
      context.setArticleChanged(true);
      context.setChangeDismissed(false);
      context.saveDraftForReload({ selector, draft, idempotencyKey });
    }
    const message =
      apiError.code === "article_changed"
        ? "The article changed — reload to save your note."
        : `Not saved: ${apiError.message}`;
    context.setAlert(message);
    if (fromEditor || draft.body.trim() !== "") {
      // Nothing typed is lost: the editor comes back with the text and the reason.
      context.setEditor({
        mode: "create",
        selector,
        draft,
        idempotencyKey,
        error: message,
        fields: apiError.fields,
      });
      context.setSheet({ kind: "editor" });
    }
  } finally {
    markPending(tempId, false);
  }
}

export async function updateAnnotation(
  context: WritingContext,
  id: string,
  draft: EditorDraft,
): Promise<void> {
  const { setAnnotations, markPending } = context;
  const before = context.annotations.find((annotation) => annotation.id === id);
  if (!before) return;
  const teams = context.list?.viewer?.teams ?? [];
  const optimistic: AnnotationDto = {
    ...before,
    label: draft.label,
    body: draft.body.trim() ? draft.body : null,
    bodyHtml: draft.body === (before.body ?? "") ? before.bodyHtml : null,
    tags: parseTags(draft.tags),
    visibility: draft.visibility,
    team: draft.teamId ? (teams.find((team) => team.id === draft.teamId) ?? null) : null,
  };
  setAnnotations((previous) =>
    previous.map((annotation) => (annotation.id === id ? optimistic : annotation)),
  );
  markPending(id, true);
  context.setAlert(null);
  try {
    const saved = await annotationApi.update(id, {
      label: draft.label,
      body: draft.body,
      tags: parseTags(draft.tags),
      visibility: draft.visibility,
      teamId: draft.teamId,
      // The version this edit started from: another tab's save in between makes the server refuse it.
      version: before.version,
    });
    setAnnotations((previous) => previous.map((annotation) => (annotation.id === id ? saved : annotation)));
    context.announce("Changes saved.");
  } catch (error) {
    const apiError = apiErrorOf(error);
    // Refused as stale: the margin shows what is saved now (so saving again is against that version),
    // and the editor keeps the reader's own text.
    const shown = apiError.current ?? before;
    setAnnotations((previous) => previous.map((annotation) => (annotation.id === id ? shown : annotation)));
    const message = `Not saved: ${apiError.message}`;
    context.setAlert(message);
    context.setEditor({ mode: "edit", id, draft, error: message, fields: apiError.fields });
    context.setSheet({ kind: "editor" });
  } finally {
    markPending(id, false);
  }
}

export async function removeAnnotation(context: WritingContext, id: string): Promise<void> {
  const { setAnnotations, setOrphans } = context;
  const inList = context.annotations.find((annotation) => annotation.id === id);
  const inOrphans = context.orphans.find((annotation) => annotation.id === id);
  setAnnotations((previous) => previous.filter((annotation) => annotation.id !== id));
  setOrphans((previous) => previous.filter((annotation) => annotation.id !== id));
  if (context.activeId === id) context.setActiveId(null);
  context.setAlert(null);
  try {
    await annotationApi.remove(id);
    context.announce("Deleted.");
  } catch (error) {
    if (inList) setAnnotations((previous) => [...previous, inList]);
    if (inOrphans) setOrphans((previous) => [...previous, inOrphans]);
    context.setAlert(
      `Not deleted: ${error instanceof AnnotationApiError ? error.message : "the server did not answer."}`,
    );
  }
}

export async function reattachAnnotation(
  context: WritingContext,
  id: string,
  selector: TextSelector,
): Promise<void> {
  context.setAlert(null);
  try {
    const saved = await annotationApi.reattach(id, context.revisionId, selector);
    context.setOrphans((previous) => previous.filter((annotation) => annotation.id !== id));
    context.setAnnotations((previous) => [...previous.filter((annotation) => annotation.id !== id), saved]);
    context.announce("Re-attached to the new passage.");
  } catch (error) {
    context.setAlert(
      `Not re-attached: ${error instanceof AnnotationApiError ? error.message : "the server did not answer."}`,
    );
  }
}

/**
 * Opens the editor again on a draft kept across "the article changed — reload". The text may have
 * changed since: the passage is found again in this revision the way the server would (the fuzzy matcher
 * is loaded only here), or the draft becomes a page note when its passage is gone.
 */
export async function restoreSavedDraft(context: WritingContext, raw: string): Promise<void> {
  try {
    const saved = JSON.parse(raw) as SavedDraft;
    let selector = saved.selector;
    let note: string | null = "Your unsaved note was restored.";
    if (selector) {
      const { reanchor } = await import("@/lib/annotations/anchoring");
      const found = reanchor(selector, context.text);
      if (found.status === "ORPHANED") {
        selector = null;
        note =
          "Your unsaved note was restored, but its passage is gone: it will be saved as a page note unless you cancel.";
      } else {
        selector = describeRange(context.text, found.start, found.end);
      }
    }
    if (selector === null && saved.draft.body.trim() === "") return;
    context.setEditor({
      mode: "create",
      selector,
      draft: saved.draft,
      idempotencyKey: newKey(),
      error: note,
      fields: {},
    });
    context.setSheet({ kind: "editor" });
  } catch {
    // A draft we cannot read is dropped.
  }
}
