// The Prefer request header (RFC 7240) as the Annotation Protocol uses it on containers (section 5.3):
//   Prefer: return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"
// Several IRIs may share one include, separated by spaces. RFC 7240 §2: a preference the server does not
// understand or support MUST be ignored, so unknown tokens (wait=10, respond-async, handling=…), unknown
// parameters and unknown IRIs are ignored. LDP's hints are honoured where they apply: omitting
// ldp#PreferContainment is the minimal container (no contained annotations); ldp#PreferMembership has
// nothing to act on (a BasicContainer has no membership triples), so it is ignored. Only a request that
// contradicts itself (IRIs and descriptions at once) is refused, as it cannot be answered as asked.
import {
  PREFER_CONTAINED_DESCRIPTIONS,
  PREFER_CONTAINED_IRIS,
  PREFER_CONTAINMENT,
  PREFER_MINIMAL_CONTAINER,
} from "./constants";

export interface ContainerPreference {
  /** Describe the container only: `first`/`last` as links, no annotations. */
  minimal: boolean;
  /** Annotations (or page links) as IRIs rather than full descriptions. */
  iris: boolean;
  /** Whether the request expressed a preference we applied (then Preference-Applied is sent). */
  applied: boolean;
}

export class PreferError extends Error {}

interface Preference {
  name: string;
  value: string;
  params: Map<string, string>;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2
    ? trimmed.slice(1, -1)
    : trimmed;
}

/** Splits on `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function parsePreferences(header: string): Preference[] {
  return splitOutsideQuotes(header, ",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [first = "", ...rest] = splitOutsideQuotes(part, ";").map((piece) => piece.trim());
      const [name = "", value = ""] = first.split("=", 2);
      const params = new Map<string, string>();
      for (const piece of rest.filter(Boolean)) {
        const equals = piece.indexOf("=");
        params.set(
          (equals < 0 ? piece : piece.slice(0, equals)).trim().toLowerCase(),
          equals < 0 ? "" : unquote(piece.slice(equals + 1)),
        );
      }
      return { name: name.trim().toLowerCase(), value: unquote(value), params };
    });
}

function iriList(value: string | undefined): string[] {
  return (value ?? "").split(/\s+/).filter(Boolean);
}

/** The container representation asked for. Unknown preferences are ignored; a contradiction is a PreferError (400). */
export function parseContainerPreference(header: string | null): ContainerPreference {
  const preference: ContainerPreference = { minimal: false, iris: false, applied: false };
  if (header === null || header.trim() === "") return preference;
  let descriptions = false;
  for (const { name, value, params } of parsePreferences(header)) {
    // return=minimal and every other token: not applicable to a GET of a container, so ignored.
    if (name !== "return" || value !== "representation") continue;
    for (const iri of iriList(params.get("include"))) {
      if (iri === PREFER_MINIMAL_CONTAINER) preference.minimal = true;
      else if (iri === PREFER_CONTAINED_IRIS) preference.iris = true;
      else if (iri === PREFER_CONTAINED_DESCRIPTIONS) descriptions = true;
      else continue;
      preference.applied = true;
    }
    for (const iri of iriList(params.get("omit"))) {
      if (iri === PREFER_CONTAINMENT) {
        preference.minimal = true;
        preference.applied = true;
      }
    }
  }
  if (preference.iris && descriptions) {
    throw new PreferError(
      "PreferContainedIRIs and PreferContainedDescriptions contradict each other; ask for one.",
    );
  }
  return preference;
}
