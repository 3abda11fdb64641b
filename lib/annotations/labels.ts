// Highlight colours carry a meaning the reader can see and filter by. Colours are chosen to stay
// readable under text in both themes (they are painted with transparency by ::highlight()).
export const ANNOTATION_LABELS = [
  { id: "key-point", name: "Key point", color: "#facc15" },
  { id: "question", name: "Question", color: "#60a5fa" },
  { id: "disagree", name: "Disagree", color: "#f87171" },
  { id: "evidence", name: "Evidence", color: "#4ade80" },
] as const;

export type AnnotationLabelId = (typeof ANNOTATION_LABELS)[number]["id"];
export const ANNOTATION_LABEL_IDS = ANNOTATION_LABELS.map((label) => label.id) as [
  AnnotationLabelId,
  ...AnnotationLabelId[],
];
export const DEFAULT_LABEL: AnnotationLabelId = "key-point";

export function labelById(id: string) {
  return ANNOTATION_LABELS.find((label) => label.id === id);
}
