// Names the W3C Web Annotation Protocol (https://www.w3.org/TR/annotation-protocol/) fixes, and the
// limits of our implementation of it.
export { ANNO_CONTEXT, ANNO_PROFILE_MEDIA_TYPE } from "../annotations/web-annotation";

export const LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld";
export const LDP_BASIC_CONTAINER = "http://www.w3.org/ns/ldp#BasicContainer";
export const LDP_RESOURCE = "http://www.w3.org/ns/ldp#Resource";
export const LDP_CONSTRAINED_BY = "http://www.w3.org/ns/ldp#constrainedBy";
export const ANNOTATION_PROTOCOL_SPEC = "http://www.w3.org/TR/annotation-protocol/";

export const PREFER_MINIMAL_CONTAINER = "http://www.w3.org/ns/ldp#PreferMinimalContainer";
export const PREFER_CONTAINED_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs";
export const PREFER_CONTAINED_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions";
/** LDP: the containment triples (our contained annotations); omitting them asks for the container only. */
export const PREFER_CONTAINMENT = "http://www.w3.org/ns/ldp#PreferContainment";

/** Annotations per AnnotationPage. */
export const ANNOTATION_PAGE_SIZE = 100;
/** Highest page number accepted in `?page=`; beyond any real container, it only bounds parsing. */
export const MAX_PAGE_NUMBER = 1_000_000;
/** Largest POST or PUT body: one annotation, whose note is at most 10,000 characters. */
export const MAX_ANNOTATION_BODY_BYTES = 100_000;

export const CONTAINER_METHODS = ["GET", "HEAD", "OPTIONS", "POST"] as const;
export const ANNOTATION_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] as const;

/** Request headers a cross-origin browser tool may send (answered in preflight). */
export const CORS_ALLOWED_HEADERS = [
  "Accept",
  "Authorization",
  "Content-Type",
  "If-Match",
  "If-None-Match",
  "Idempotency-Key",
  "Prefer",
];
/** Response headers a cross-origin script may read. */
export const CORS_EXPOSED_HEADERS = [
  "Accept-Post",
  "Allow",
  "Content-Location",
  "ETag",
  "Link",
  "Location",
  "Preference-Applied",
  "Retry-After",
  "Vary",
  "WWW-Authenticate",
];
/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/** The link relation by which an article page names its annotation container (Protocol §4.1 discovery). */
export const ANNOTATION_SERVICE_REL = "http://www.w3.org/ns/oa#annotationService";
