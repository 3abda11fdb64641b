// Conformance checks of the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/),
// written from its normative requirements (the MUSTs, plus the SHOULDs noted as such). Pure: used by the
// tests on everything the API and the export produce. Each check returns a list of violations, each
// naming where it is ("first.items[2].target.selector[0].exact: ...") and which requirement it breaks.
import { ANNO_CONTEXT } from "./constants";

type Json = unknown;
type Record_ = Record<string, unknown>;

const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i;
// xsd:dateTime; the model says a timezone SHOULD be given, and we require it of ourselves.
const XSD_DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/** Motivations (and body purposes) the model defines, section 3.3.5. */
export const MOTIVATIONS = [
  "assessing",
  "bookmarking",
  "classifying",
  "commenting",
  "describing",
  "editing",
  "highlighting",
  "identifying",
  "linking",
  "moderating",
  "questioning",
  "replying",
  "tagging",
] as const;
const AGENT_TYPES = ["Person", "Organization", "Software"];

const isObject = (value: Json): value is Record_ =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const asArray = (value: Json): Json[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const isIri = (value: Json): value is string => typeof value === "string" && IRI.test(value);
const isNonNegativeInteger = (value: Json) =>
  typeof value === "number" && Number.isInteger(value) && value >= 0;
const hasType = (value: Record_, type: string) => asArray(value.type).includes(type);

class Report {
  readonly violations: string[] = [];
  fail(path: string, message: string) {
    this.violations.push(`${path || "(root)"}: ${message}`);
  }
}

function checkContext(report: Report, path: string, value: Record_) {
  const contexts = asArray(value["@context"]);
  // 3.1: 1 or more @context values, and the Web Annotation context MUST be one of them.
  if (contexts.length === 0) report.fail(path, "MUST have 1 or more @context values");
  else if (!contexts.includes(ANNO_CONTEXT)) report.fail(path, `@context MUST include ${ANNO_CONTEXT}`);
}

function checkId(report: Report, path: string, value: Record_, what: string) {
  if (!isIri(value.id)) report.fail(`${path}.id`, `${what} MUST have exactly 1 IRI that identifies it`);
}

function checkDateTime(report: Report, path: string, value: Json) {
  if (value === undefined) return;
  if (typeof value !== "string" || !XSD_DATE_TIME.test(value))
    report.fail(path, "MUST be an xsd:dateTime (with a timezone)");
}

function checkAgent(report: Report, path: string, agent: Json) {
  if (isIri(agent)) return;
  if (!isObject(agent)) return report.fail(path, "an Agent MUST be an IRI or an object");
  if (agent.id !== undefined && !isIri(agent.id)) report.fail(`${path}.id`, "an Agent's id MUST be an IRI");
  const types = asArray(agent.type);
  if (types.some((type) => typeof type !== "string" || !AGENT_TYPES.includes(type)))
    report.fail(`${path}.type`, `SHOULD be one of ${AGENT_TYPES.join(", ")}`);
  for (const key of ["name", "nickname"]) {
    if (key === "nickname" && Array.isArray(agent[key]))
      report.fail(`${path}.nickname`, "MAY have 0 or 1 nickname, not several");
    if (asArray(agent[key]).some((name) => typeof name !== "string"))
      report.fail(`${path}.${key}`, "MUST be a string");
  }
}

function checkSelector(report: Report, path: string, selector: Json) {
  if (isIri(selector)) return;
  if (!isObject(selector)) return report.fail(path, "a Selector MUST be an object (or an IRI)");
  if (typeof selector.type !== "string")
    return report.fail(`${path}.type`, "a Selector MUST have exactly 1 type");
  if (selector.type === "TextQuoteSelector") {
    // 4.2.4: exactly 1 exact; 0 or 1 prefix and suffix, each a string.
    if (typeof selector.exact !== "string")
      report.fail(`${path}.exact`, "a TextQuoteSelector MUST have exactly 1 exact property (a string)");
    for (const key of ["prefix", "suffix"]) {
      if (selector[key] !== undefined && typeof selector[key] !== "string")
        report.fail(`${path}.${key}`, "MAY have 0 or 1 of it, a string");
    }
  }
  if (selector.type === "TextPositionSelector") {
    // 4.2.5: exactly 1 start and 1 end, non-negative integers; end is after start.
    if (!isNonNegativeInteger(selector.start))
      report.fail(
        `${path}.start`,
        "a TextPositionSelector MUST have exactly 1 start, a non-negative integer",
      );
    if (!isNonNegativeInteger(selector.end))
      report.fail(`${path}.end`, "a TextPositionSelector MUST have exactly 1 end, a non-negative integer");
    if (
      isNonNegativeInteger(selector.start) &&
      isNonNegativeInteger(selector.end) &&
      (selector.end as number) < (selector.start as number)
    ) {
      report.fail(path, "end MUST NOT come before start");
    }
  }
  if (selector.refinedBy !== undefined)
    asArray(selector.refinedBy).forEach((refined, index) =>
      checkSelector(report, `${path}.refinedBy[${index}]`, refined),
    );
}

function checkPurpose(report: Report, path: string, purpose: Json) {
  for (const one of asArray(purpose)) {
    if (typeof one !== "string" || (!(MOTIVATIONS as readonly string[]).includes(one) && !isIri(one))) {
      report.fail(path, "a purpose/motivation MUST be one of the model's Motivations or an IRI");
    }
  }
}

function checkResource(report: Report, path: string, resource: Json, role: "body" | "target") {
  if (isIri(resource)) return;
  if (!isObject(resource)) return report.fail(path, `a ${role} MUST be an IRI or an object`);
  if (hasType(resource, "TextualBody")) {
    // 3.2.4: exactly 1 value.
    if (typeof resource.value !== "string")
      report.fail(`${path}.value`, "a TextualBody MUST have exactly 1 value (a string)");
    if (
      asArray(resource.format).some(
        (format) => typeof format !== "string" || !/^[\w.+-]+\/[\w.+-]+$/.test(format),
      )
    ) {
      report.fail(`${path}.format`, "format MUST be a media type");
    }
  } else if (resource.source !== undefined) {
    // 4: a Specific Resource has exactly 1 source, an IRI; its selectors are checked one by one.
    if (Array.isArray(resource.source) || !isIri(resource.source))
      report.fail(`${path}.source`, "a SpecificResource MUST have exactly 1 source (an IRI)");
    asArray(resource.selector).forEach((selector, index) =>
      checkSelector(
        report,
        `${path}.selector${Array.isArray(resource.selector) ? `[${index}]` : ""}`,
        selector,
      ),
    );
  } else if (resource.value === undefined) {
    // 3.2.1: an External Web Resource MUST have exactly 1 IRI.
    if (!isIri(resource.id))
      report.fail(`${path}.id`, "an External Web Resource MUST have exactly 1 IRI (id)");
  }
  if (resource.id !== undefined && !isIri(resource.id)) report.fail(`${path}.id`, "an id MUST be an IRI");
  if (resource.purpose !== undefined) checkPurpose(report, `${path}.purpose`, resource.purpose);
  if (resource.creator !== undefined)
    asArray(resource.creator).forEach((agent, index) =>
      checkAgent(report, `${path}.creator[${index}]`, agent),
    );
  checkDateTime(report, `${path}.created`, resource.created);
  checkDateTime(report, `${path}.modified`, resource.modified);
}

function checkAnnotation(report: Report, path: string, annotation: Json, embedded: boolean) {
  if (!isObject(annotation)) return report.fail(path, "an Annotation MUST be an object");
  if (!embedded) checkContext(report, path, annotation);
  checkId(report, path, annotation, "an Annotation");
  // 3.1: 1 or more types, Annotation among them.
  if (!hasType(annotation, "Annotation"))
    report.fail(`${path}.type`, 'an Annotation MUST have 1 or more types, "Annotation" among them');
  // 3.1: 1 or more targets.
  const targets = asArray(annotation.target);
  if (targets.length === 0) report.fail(`${path}.target`, "an Annotation MUST have 1 or more targets");
  targets.forEach((target, index) =>
    checkResource(
      report,
      `${path}.target${Array.isArray(annotation.target) ? `[${index}]` : ""}`,
      target,
      "target",
    ),
  );
  asArray(annotation.body).forEach((body, index) =>
    checkResource(report, `${path}.body${Array.isArray(annotation.body) ? `[${index}]` : ""}`, body, "body"),
  );
  if (
    annotation.bodyValue !== undefined &&
    (typeof annotation.bodyValue !== "string" || annotation.body !== undefined)
  ) {
    report.fail(`${path}.bodyValue`, "bodyValue MUST be a single string, and MUST NOT be used with body");
  }
  if (annotation.motivation !== undefined) checkPurpose(report, `${path}.motivation`, annotation.motivation);
  asArray(annotation.creator).forEach((agent, index) =>
    checkAgent(report, `${path}.creator${Array.isArray(annotation.creator) ? `[${index}]` : ""}`, agent),
  );
  asArray(annotation.generator).forEach((agent, index) =>
    checkAgent(report, `${path}.generator[${index}]`, agent),
  );
  for (const key of ["created", "modified", "generated"])
    checkDateTime(report, `${path}.${key}`, annotation[key]);
  // 3.3.7: 0 or 1 canonical IRI; 0 or more via IRIs; rights are IRIs.
  if (annotation.canonical !== undefined && !isIri(annotation.canonical))
    report.fail(`${path}.canonical`, "canonical MUST be exactly 1 IRI");
  if (asArray(annotation.via).some((via) => !isIri(via))) report.fail(`${path}.via`, "via MUST be IRIs");
  if (asArray(annotation.rights).some((rights) => !isIri(rights)))
    report.fail(`${path}.rights`, "rights MUST be IRIs");
}

function checkPage(
  report: Report,
  path: string,
  page: Json,
  embedded: boolean,
  { last }: { last: boolean | null },
) {
  if (isIri(page)) return;
  if (!isObject(page)) return report.fail(path, "an AnnotationPage MUST be an object or an IRI");
  if (!embedded) checkContext(report, path, page);
  checkId(report, path, page, "an AnnotationPage");
  if (!hasType(page, "AnnotationPage"))
    report.fail(`${path}.type`, 'an AnnotationPage MUST have 1 or more types, "AnnotationPage" among them');
  // 5.2: the items list MUST hold 1 or more annotations (embedded or IRIs).
  const items = asArray(page.items);
  if (!Array.isArray(page.items) || items.length === 0)
    report.fail(`${path}.items`, "an AnnotationPage MUST have 1 or more annotations in items");
  items.forEach((item, index) => {
    if (!isIri(item)) checkAnnotation(report, `${path}.items[${index}]`, item, true);
  });
  // 5.2: next MUST be there unless this is the last page.
  if (last === false && !isIri(page.next))
    report.fail(`${path}.next`, "a page that is not the last MUST link to the next page (an IRI)");
  if (page.next !== undefined && !isIri(page.next)) report.fail(`${path}.next`, "next MUST be an IRI");
  if (page.prev !== undefined && !isIri(page.prev)) report.fail(`${path}.prev`, "prev MUST be an IRI");
  if (page.startIndex !== undefined && !isNonNegativeInteger(page.startIndex))
    report.fail(`${path}.startIndex`, "startIndex MUST be a non-negative integer");
  if (page.partOf !== undefined && !isIri(page.partOf) && !(isObject(page.partOf) && isIri(page.partOf.id))) {
    report.fail(`${path}.partOf`, "partOf MUST be the collection's IRI or an object with its id");
  }
}

export function validateAnnotation(document: Json): string[] {
  const report = new Report();
  checkAnnotation(report, "", document, false);
  return report.violations;
}

export function validateAnnotationCollection(document: Json): string[] {
  const report = new Report();
  if (!isObject(document)) return ["(root): an AnnotationCollection MUST be an object"];
  checkContext(report, "", document);
  checkId(report, "", document, "an AnnotationCollection");
  if (!hasType(document, "AnnotationCollection"))
    report.fail(
      "type",
      'an AnnotationCollection MUST have 1 or more types, "AnnotationCollection" among them',
    );
  if (document.total !== undefined && !isNonNegativeInteger(document.total))
    report.fail("total", "total MUST be a non-negative integer");
  // 5.1: a collection with annotations MUST link to its first page.
  const total = typeof document.total === "number" ? document.total : null;
  if (total !== 0 && document.first === undefined)
    report.fail("first", "a collection holding annotations MUST have exactly 1 first page");
  if (document.first !== undefined) {
    const firstIsLast =
      isObject(document.first) && total !== null && asArray(document.first.items).length >= total;
    checkPage(report, "first", document.first, true, { last: isObject(document.first) ? firstIsLast : null });
  }
  if (document.last !== undefined && !isIri(document.last) && !isObject(document.last))
    report.fail("last", "last MUST be a page IRI or a page");
  return report.violations;
}

export function validateAnnotationPage(document: Json, { last }: { last: boolean }): string[] {
  const report = new Report();
  checkPage(report, "", document, false, { last });
  return report.violations;
}
