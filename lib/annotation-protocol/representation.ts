// The JSON-LD documents of the protocol: an annotation, a container (BasicContainer + AnnotationCollection)
// and its pages (AnnotationPage). Pure: the rows come from ./store.ts.
import {
  annotationIri,
  marginaliaNamespace,
  toWebAnnotation,
  type WebAnnotationContext,
} from "../annotations/web-annotation";
import type { AnnotationDto } from "../annotations/schemas";
import { ANNO_CONTEXT, ANNOTATION_PAGE_SIZE, LDP_CONTEXT } from "./constants";

/** An annotation as the API shows it: the Markdown source goes to everyone who may see the annotation. */
export type ApiAnnotation = AnnotationDto & { canonical: string | null; markdown: string | null };

export function containerIri(baseUrl: string, slug: string): string {
  return `${baseUrl}/api/annotations/${slug}/`;
}

export { annotationIri };

export function toApiWebAnnotation(annotation: ApiAnnotation, context: WebAnnotationContext) {
  // lib/annotations/dto.ts sends the Markdown source to its author only (the margin renders bodyHtml);
  // a Web Annotation client needs the text itself, and anyone who may see the annotation may read it.
  const web = toWebAnnotation({ ...annotation, body: annotation.markdown }, context);
  return annotation.team ? { ...web, "marginalia:team": annotation.team.id } : web;
}

export type ApiWebAnnotation = ReturnType<typeof toApiWebAnnotation>;

function withoutContext(annotation: ApiWebAnnotation): Omit<ApiWebAnnotation, "@context"> {
  const { "@context": _context, ...rest } = annotation;
  return rest;
}

export interface ContainerView {
  baseUrl: string;
  slug: string;
  title: string;
  total: number;
  /** Representation of contained annotations: IRIs only, or full descriptions. */
  iris: boolean;
}

export function lastPageIndex(total: number): number {
  return Math.max(0, Math.ceil(total / ANNOTATION_PAGE_SIZE) - 1);
}

/** The id of one representation of the container (the protocol distinguishes them by query). */
export function containerRepresentationIri(view: Pick<ContainerView, "baseUrl" | "slug" | "iris">): string {
  return `${containerIri(view.baseUrl, view.slug)}?iris=${view.iris ? 1 : 0}`;
}

export function pageIri(view: Pick<ContainerView, "baseUrl" | "slug" | "iris">, page: number): string {
  return `${containerRepresentationIri(view)}&page=${page}`;
}

function pageItems(view: ContainerView, items: ApiWebAnnotation[]) {
  return view.iris ? items.map((item) => item.id) : items.map(withoutContext);
}

function contexts(baseUrl: string) {
  return { anno: ANNO_CONTEXT, extension: { marginalia: marginaliaNamespace(baseUrl) } };
}

export function containerDocument(view: ContainerView, firstPageItems: ApiWebAnnotation[] | null) {
  const { anno, extension } = contexts(view.baseUrl);
  const last = lastPageIndex(view.total);
  const first =
    firstPageItems === null
      ? pageIri(view, 0)
      : {
          id: pageIri(view, 0),
          type: "AnnotationPage",
          startIndex: 0,
          ...(last > 0 ? { next: pageIri(view, 1) } : {}),
          items: pageItems(view, firstPageItems),
        };
  return {
    "@context": [anno, LDP_CONTEXT, extension],
    id: containerRepresentationIri(view),
    type: ["BasicContainer", "AnnotationCollection"],
    label: `Annotations on “${view.title}”`,
    total: view.total,
    // An empty container has no pages: the model requires every AnnotationPage to hold an annotation.
    ...(view.total > 0 ? { first, last: pageIri(view, last) } : {}),
  };
}

export function pageDocument(view: ContainerView, page: number, items: ApiWebAnnotation[]) {
  const { anno, extension } = contexts(view.baseUrl);
  const last = lastPageIndex(view.total);
  return {
    "@context": [anno, extension],
    id: pageIri(view, page),
    type: "AnnotationPage",
    partOf: { id: containerRepresentationIri(view), total: view.total },
    startIndex: page * ANNOTATION_PAGE_SIZE,
    ...(page > 0 ? { prev: pageIri(view, page - 1) } : {}),
    ...(page < last ? { next: pageIri(view, page + 1) } : {}),
    items: pageItems(view, items),
  };
}
