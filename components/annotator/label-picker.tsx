"use client";
// The colour (label) new highlights get, for a reader who may annotate, and the label chips the editor
// shares. Its own chunk: readers who are not signed in never see it, and the article page's first load
// is held to 150 KB gzipped (issue 4).
import { ANNOTATION_LABELS, type AnnotationLabelId } from "@/lib/annotations/labels";

/** One label as a radio chip with its colour: the picker's and the editor's. */
export function LabelChip({
  name,
  label,
  checked,
  onChoose,
  large = false,
}: {
  name: string;
  label: (typeof ANNOTATION_LABELS)[number];
  checked: boolean;
  onChoose: (label: AnnotationLabelId) => void;
  large?: boolean;
}) {
  return (
    <label
      className={`border-rule has-checked:border-accent has-focus-visible:outline-accent inline-flex cursor-pointer items-center rounded-full border has-checked:font-semibold has-focus-visible:outline-3 ${large ? "gap-1.5 px-2.5 py-1" : "gap-1 px-1.5 py-0.5"}`}
    >
      <input
        type="radio"
        name={name}
        value={label.id}
        checked={checked}
        onChange={() => onChoose(label.id)}
        className="sr-only"
      />
      <span
        aria-hidden="true"
        className={`${large ? "size-3" : "size-2.5"} rounded-full`}
        style={{ backgroundColor: label.color }}
      />
      {label.name}
    </label>
  );
}

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
        <LabelChip
          key={label.id}
          name="annotator-current-label"
          label={label}
          checked={current === label.id}
          onChoose={onChoose}
        />
      ))}
    </fieldset>
  );
}
