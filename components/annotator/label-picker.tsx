"use client";
// The colour (label) new highlights get, for a reader who may annotate. Its own chunk: readers who are
// not signed in never see it, and the article page's first load is held to 150 KB gzipped (issue 4).
import { ANNOTATION_LABELS, type AnnotationLabelId } from "@/lib/annotations/labels";

export function LabelPicker({
  current,
  onChoose,
}: {
  current: AnnotationLabelId;
  onChoose: (label: AnnotationLabelId) => void;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-1.5 text-xs">
      <legend className="sr-only">Colour for new highlights</legend>
      <span aria-hidden="true" className="text-muted">
        Highlight colour:
      </span>
      {ANNOTATION_LABELS.map((label) => (
        <label
          key={label.id}
          className="border-rule has-checked:border-accent has-focus-visible:outline-accent inline-flex cursor-pointer items-center gap-1 rounded-full border px-1.5 py-0.5 has-checked:font-semibold has-focus-visible:outline-3"
        >
          <input
            type="radio"
            name="annotator-current-label"
            value={label.id}
            checked={current === label.id}
            onChange={() => onChoose(label.id)}
            className="sr-only"
          />
          <span
            aria-hidden="true"
            className="size-2.5 rounded-full"
            style={{ backgroundColor: label.color }}
          />
          {label.name}
        </label>
      ))}
    </fieldset>
  );
}
