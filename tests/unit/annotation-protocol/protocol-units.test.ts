// Pure parts of the annotation API: Prefer parsing, content negotiation, entity tags, CORS headers.
import { describe, expect, it } from "vitest";
import {
  PREFER_CONTAINED_DESCRIPTIONS,
  PREFER_CONTAINED_IRIS,
  PREFER_MINIMAL_CONTAINER,
} from "@/lib/annotation-protocol/constants";
import { corsHeaders, isPreflight, preflightHeaders } from "@/lib/annotation-protocol/cors";
import { computeEtag, ifMatchSatisfied, ifNoneMatchHit } from "@/lib/annotation-protocol/etag";
import { acceptsJsonLd, isJsonContentType } from "@/lib/annotation-protocol/negotiation";
import { parseContainerPreference, PreferError } from "@/lib/annotation-protocol/prefer";

describe("parseContainerPreference", () => {
  it("defaults to full descriptions when no preference is sent", () => {
    expect(parseContainerPreference(null)).toEqual({ minimal: false, iris: false, applied: false });
    expect(parseContainerPreference("  ")).toEqual({ minimal: false, iris: false, applied: false });
  });

  it.each([
    [`return=representation;include="${PREFER_MINIMAL_CONTAINER}"`, { minimal: true, iris: false }],
    [`return=representation; include="${PREFER_CONTAINED_IRIS}"`, { minimal: false, iris: true }],
    [`return=representation;include="${PREFER_CONTAINED_DESCRIPTIONS}"`, { minimal: false, iris: false }],
    [
      `return=representation;include="${PREFER_MINIMAL_CONTAINER} ${PREFER_CONTAINED_IRIS}"`,
      { minimal: true, iris: true },
    ],
    [`RETURN=representation ; INCLUDE="${PREFER_CONTAINED_IRIS}"`, { minimal: false, iris: true }],
  ])("reads %s", (header, expected) => {
    expect(parseContainerPreference(header)).toEqual({ ...expected, applied: true });
  });

  // RFC 7240 §2: preferences not understood or not supported are ignored.
  it.each([
    'return=representation;include="http://www.w3.org/ns/ldp#PreferMembership"',
    'return=representation;include="http://www.w3.org/ns/ldp#PreferContainment"',
    'return=representation;omit="http://www.w3.org/ns/ldp#PreferMembership"',
    "return=minimal",
    "respond-async",
    "wait=10",
    "handling=lenient, respond-async",
    'return=representation;include=""',
    'return=representation;include="http://example.org/unknown#Preference"',
  ])("ignores %s (RFC 7240 §2)", (header) => {
    expect(parseContainerPreference(header)).toEqual({ minimal: false, iris: false, applied: false });
  });

  it("honours the known hints among unknown tokens, and omit PreferContainment as a minimal container", () => {
    expect(
      parseContainerPreference(
        `wait=10, respond-async, return=representation; include="${PREFER_CONTAINED_IRIS}"; foo=bar`,
      ),
    ).toEqual({ minimal: false, iris: true, applied: true });
    expect(
      parseContainerPreference('return=representation;omit="http://www.w3.org/ns/ldp#PreferContainment"'),
    ).toEqual({ minimal: true, iris: false, applied: true });
  });

  it("refuses a preference that contradicts itself", () => {
    expect(() =>
      parseContainerPreference(
        `return=representation;include="${PREFER_CONTAINED_IRIS} ${PREFER_CONTAINED_DESCRIPTIONS}"`,
      ),
    ).toThrow(PreferError);
  });
});

describe("content negotiation", () => {
  it.each([
    [null, true],
    ["*/*", true],
    ["application/ld+json", true],
    ['application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', true],
    ["text/html, application/json;q=0.5", true],
    ["text/turtle", false],
    ["application/ld+json;q=0, text/html", false],
  ])("Accept %s → %s", (accept, expected) => {
    expect(acceptsJsonLd(accept)).toBe(expected);
  });

  it("accepts JSON-LD and JSON bodies only", () => {
    expect(isJsonContentType('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"')).toBe(true);
    expect(isJsonContentType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonContentType("text/plain")).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});

describe("entity tags", () => {
  it("change with the bytes and match strongly for If-Match, weakly for If-None-Match", () => {
    const etag = computeEtag('{"a":1}');
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(computeEtag('{"a":2}')).not.toBe(etag);
    expect(ifMatchSatisfied(etag, etag)).toBe(true);
    expect(ifMatchSatisfied(`"other", ${etag}`, etag)).toBe(true);
    expect(ifMatchSatisfied("*", etag)).toBe(true);
    expect(ifMatchSatisfied(`W/${etag}`, etag)).toBe(false);
    expect(ifMatchSatisfied('"other"', etag)).toBe(false);
    expect(ifNoneMatchHit(`W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHit('"other"', etag)).toBe(false);
    expect(ifNoneMatchHit(null, etag)).toBe(false);
  });
});

describe("CORS", () => {
  const request = (headers: Record<string, string>, method = "GET") =>
    new Request("http://localhost:3000/api/annotations/a/", { method, headers });

  it("allows any origin to read anonymously, and echoes the origin (never `*`) when a token is sent", () => {
    expect(corsHeaders(request({ Origin: "https://tool.example" }))["Access-Control-Allow-Origin"]).toBe("*");
    expect(
      corsHeaders(request({ Origin: "https://tool.example", Authorization: "Bearer x" }))[
        "Access-Control-Allow-Origin"
      ],
    ).toBe("https://tool.example");
    expect(corsHeaders(request({}))["Access-Control-Expose-Headers"]).toContain("Content-Location");
  });

  it("recognises a preflight and answers it with methods, headers and no credentials", () => {
    const preflight = request(
      { Origin: "https://tool.example", "Access-Control-Request-Method": "PUT" },
      "OPTIONS",
    );
    expect(isPreflight(preflight)).toBe(true);
    expect(isPreflight(request({}, "OPTIONS"))).toBe(false);
    const headers = preflightHeaders(preflight, ["GET", "PUT"]);
    expect(headers["Access-Control-Allow-Methods"]).toBe("GET, PUT");
    expect(headers["Access-Control-Allow-Headers"]).toContain("If-Match");
    expect(headers).not.toHaveProperty("Access-Control-Allow-Credentials");
  });
});
