// The Prefer request header (RFC 7240) as the Annotation Protocol uses it on containers (section 5.3):
//   Prefer: return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"
// Several IRIs may share one include, separated by spaces. RFC 7240 lets a server ignore preferences it
// does not know; this API refuses them instead (400), so a typo in an IRI is noticed rather than silently
// answered with another representation.
import { PREFER_CONTAINED_DESCRIPTIONS, PREFER_CONTAINED_IRIS, PREFER_MINIMAL_CONTAINER } from "./constants";

export interface ContainerPreference {
  /** Describe the container only: `first`/`last` as links, no annotations. */
  minimal: boolean;
  /** Annotations (or page links) as IRIs rather than full descriptions. */
  iris: boolean;
  /** Whether the request expressed a preference we applied (then Preference-Applied is sent). */
  applied: boolean;
}

export class PreferError extends Error {}

const KNOWN_INCLUDES = new Set([
  PREFER_MINIMAL_CONTAINER,
  PREFER_CONTAINED_IRIS,
  PREFER_CONTAINED_DESCRIPTIONS,
]);

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

const SUPPORTED = `Supported: Prefer: return=representation;include="<IRI>" with ${[...KNOWN_INCLUDES].join(", ")}.`;

/** The container representation asked for; PreferError (400) for anything this API does not support. */
export function parseContainerPreference(header: string | null): ContainerPreference {
  const preference: ContainerPreference = { minimal: false, iris: false, applied: false };
  if (header === null || header.trim() === "") return preference;
  let descriptions = false;
  for (const { name, value, params } of parsePreferences(header)) {
    if (name !== "return" || value !== "representation") {
      throw new PreferError(`Unsupported preference "${name}${value ? `=${value}` : ""}". ${SUPPORTED}`);
    }
    for (const [param, paramValue] of params) {
      if (param !== "include") throw new PreferError(`Unsupported Prefer parameter "${param}". ${SUPPORTED}`);
      const iris = paramValue.split(/\s+/).filter(Boolean);
      if (iris.length === 0) throw new PreferError(`Prefer include is empty. ${SUPPORTED}`);
      for (const iri of iris) {
        if (!KNOWN_INCLUDES.has(iri)) throw new PreferError(`Unknown Prefer include "${iri}". ${SUPPORTED}`);
        if (iri === PREFER_MINIMAL_CONTAINER) preference.minimal = true;
        if (iri === PREFER_CONTAINED_IRIS) preference.iris = true;
        if (iri === PREFER_CONTAINED_DESCRIPTIONS) descriptions = true;
      }
    }
  }
  if (preference.iris && descriptions) {
    throw new PreferError(
      "PreferContainedIRIs and PreferContainedDescriptions contradict each other; ask for one.",
    );
  }
  preference.applied = true;
  return preference;
}
