// Annotation limits without zod, so browser code (the annotator on the article page) can show them
// without shipping the schema library (~30 KB gzipped). lib/annotations/schemas.ts enforces these.
export const MAX_ANNOTATION_BODY_LENGTH = 10_000;
export const MAX_QUOTE_LENGTH = 5_000;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 40;
