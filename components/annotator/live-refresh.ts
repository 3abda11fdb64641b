// Bringing the annotator's list up to date from the server while the page is open: after a live event
// (someone's edit, an annotation that became visible, a reset of the stream), after an import, and when
// the reader shows the others' new annotations waiting behind "N new — show". Loaded with the first such
// refresh, not with the page (issue 4: the first load is held to 150 KB of gzipped JavaScript).
import type { Dispatch, SetStateAction } from "react";
import type { AnnotationDto, AnnotationListDto } from "@/lib/annotations/schemas";
import { annotationApi } from "./api";

/**
 * One list request at a time; a refresh asked for meanwhile runs once more after it. `generation` tells
 * which waiting ids were heard of before a request started (and so must be in its answer).
 */
export interface RefreshState {
  running: boolean;
  again: boolean;
  reveal: boolean;
  generation: number;
}

export interface RefreshContext {
  slug: string;
  state: RefreshState;
  /** The annotations on screen and the ids with a change in flight, as they are when read. */
  shown: () => readonly AnnotationDto[];
  inFlight: () => ReadonlySet<string>;
  setList: Dispatch<SetStateAction<AnnotationListDto | null>>;
  setOrphans: Dispatch<SetStateAction<AnnotationDto[]>>;
  setAnnotations: Dispatch<SetStateAction<AnnotationDto[]>>;
  /** Others' new annotations waiting behind the prompt: id → the generation when it was heard of. */
  setWaiting: Dispatch<SetStateAction<ReadonlyMap<string, number>>>;
}

/**
 * The shown annotations brought up to date with a fresh list: each shown one replaced by its fresh copy
 * or dropped when it is gone (deleted, or no longer visible to the viewer); the viewer's own new ones
 * added; others' new ones added only when `reveal` (the reader asked for them). Unsaved (optimistic)
 * items and those with a change in flight keep their local copy.
 */
export function mergeFresh(
  shown: readonly AnnotationDto[],
  fresh: readonly AnnotationDto[],
  reveal: boolean,
  inFlight: ReadonlySet<string>,
): AnnotationDto[] {
  const freshById = new Map(fresh.map((annotation) => [annotation.id, annotation]));
  const result: AnnotationDto[] = [];
  for (const annotation of shown) {
    if (annotation.id.startsWith("pending-") || inFlight.has(annotation.id)) result.push(annotation);
    else {
      const update = freshById.get(annotation.id);
      if (update) result.push(update);
    }
  }
  const present = new Set(result.map((annotation) => annotation.id));
  for (const annotation of fresh) {
    if (!present.has(annotation.id) && (reveal || annotation.isMine)) result.push(annotation);
  }
  return result;
}

/** Reloads the list; `reveal`: the reader asked to see the others' new annotations too. */
export async function refreshAnnotations(context: RefreshContext, reveal: boolean): Promise<void> {
  const { state, setAnnotations, setWaiting } = context;
  state.reveal ||= reveal;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  try {
    do {
      state.again = false;
      const revealNow = state.reveal;
      state.reveal = false;
      const generation = ++state.generation;
      let fresh: AnnotationListDto;
      try {
        fresh = await annotationApi.list(context.slug);
      } catch {
        // Offline or refused: the next event (or the reader's next click) tries again.
        return;
      }
      const shownIds = new Set(context.shown().map((annotation) => annotation.id));
      const freshIds = new Set(fresh.annotations.map((annotation) => annotation.id));
      context.setList(fresh);
      context.setOrphans(fresh.orphans);
      setAnnotations((previous) => mergeFresh(previous, fresh.annotations, revealNow, context.inFlight()));
      setWaiting((previous) => {
        const next = new Map<string, number>();
        for (const [id, heard] of previous) {
          // Shown now, or heard of before this request and absent from its answer (gone): no longer waiting.
          if (freshIds.has(id) ? revealNow : heard < generation) continue;
          next.set(id, heard);
        }
        if (!revealNow) {
          // Others' annotations the list has and the page does not (e.g. after a reset) wait too.
          for (const annotation of fresh.annotations) {
            if (!annotation.isMine && !shownIds.has(annotation.id) && !next.has(annotation.id))
              next.set(annotation.id, generation);
          }
        }
        return next;
      });
    } while (state.again);
  } finally {
    state.running = false;
  }
}
