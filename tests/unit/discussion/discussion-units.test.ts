// Pure discussion and live-update logic: @mention parsing and linking, thread nesting and flattening,
// who may receive a live event, and SSE framing.
import { describe, expect, it } from "vitest";
import { emptyCounts } from "@/lib/discussion/dto";
import { MAX_MENTIONS_PER_TEXT } from "@/lib/discussion/limits";
import { linkMentions, parseMentions } from "@/lib/discussion/mentions";
import type { CommentDto } from "@/lib/discussion/schemas";
import { nestThread } from "@/lib/discussion/thread-tree";
import { mayReceive } from "@/lib/live/audience";
import { encodeDelivery, parseEventId } from "@/lib/live/sse";

describe("parseMentions", () => {
  it("finds distinct handles, case-insensitively, in order", () => {
    expect(parseMentions("@ada and @Bob-2, again @ada. (@carol)")).toEqual(["ada", "bob-2", "carol"]);
  });
  it("ignores email addresses, trailing hyphens and a bare @", () => {
    expect(parseMentions("write to ada@example.com or @ or @x- please")).toEqual(["x"]);
  });
  it(`keeps at most ${MAX_MENTIONS_PER_TEXT}`, () => {
    const text = Array.from({ length: 15 }, (_, index) => `@user${index}`).join(" ");
    expect(parseMentions(text)).toHaveLength(MAX_MENTIONS_PER_TEXT);
  });
});

describe("linkMentions", () => {
  const people = new Map([["ada", { name: "Ada <Lovelace>" }]]);
  it("marks allowed handles only, and escapes the title", () => {
    const html = linkMentions("<p>hi @ada and @bob</p>", people);
    expect(html).toBe(
      '<p>hi <span class="mention" data-mention="ada" title="Ada &lt;Lovelace&gt;">@ada</span> and @bob</p>',
    );
  });
  it("leaves code and links alone", () => {
    const html = '<p><code>@ada</code> <a href="https://x.test/@ada">@ada</a></p>';
    expect(linkMentions(html, people)).toBe(html);
  });
});

function item(id: string, parentId: string | null, depth: number, handle = id): CommentDto {
  return {
    id,
    kind: "ANNOTATION_REPLY",
    annotationId: "a",
    parentId,
    rootId: null,
    depth,
    state: "visible",
    author: { id: handle, name: handle, handle },
    body: null,
    bodyHtml: id,
    isMine: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    editedAt: null,
    version: 0,
    reactions: emptyCounts(),
    myReactions: [],
    replyingTo: null,
    children: [],
  };
}

describe("nestThread", () => {
  it("nests three levels and flattens deeper replies under the level-3 reply's parent with replyingTo", () => {
    const roots = nestThread([
      item("r1", null, 0),
      item("r2", "r1", 1),
      item("r3", "r2", 2),
      item("r4", "r3", 3),
      item("r5", "r4", 4),
      item("s", null, 0),
    ]);
    expect(roots.map((root) => root.id)).toEqual(["r1", "s"]);
    const level2 = roots[0]!.children[0]!;
    expect(level2.children.map((child) => [child.id, child.replyingTo?.handle ?? null])).toEqual([
      ["r3", null],
      ["r4", "r3"],
      ["r5", "r4"],
    ]);
  });
  it("shows a reply whose parent is missing at the top level", () => {
    expect(nestThread([item("orphan", "gone", 2)]).map((root) => root.id)).toEqual(["orphan"]);
  });
});

describe("mayReceive", () => {
  const member = { id: "m", teamIds: new Set(["t"]) };
  const outsider = { id: "o", teamIds: new Set<string>() };
  const team = { visibility: "TEAM", teamId: "t", authorId: "a", itemStatus: "PUBLISHED" } as const;
  it("sends team events to members and the author only", () => {
    expect(mayReceive(team, member)).toBe(true);
    expect(mayReceive(team, { id: "a", teamIds: new Set() })).toBe(true);
    expect(mayReceive(team, outsider)).toBe(false);
    expect(mayReceive(team, null)).toBe(false);
  });
  it("sends private events to their author only, and held public items to their author only", () => {
    expect(mayReceive({ ...team, visibility: "PRIVATE", teamId: null }, member)).toBe(false);
    expect(mayReceive({ ...team, visibility: "PUBLIC", itemStatus: "PENDING" }, outsider)).toBe(false);
    expect(
      mayReceive({ ...team, visibility: "PUBLIC", itemStatus: "PENDING" }, { id: "a", teamIds: new Set() }),
    ).toBe(true);
    expect(mayReceive({ ...team, visibility: "PUBLIC" }, null)).toBe(true);
  });
});

describe("SSE framing", () => {
  it("writes id, event and one data line", () => {
    const text = encodeDelivery({
      kind: "event",
      message: { id: "42", type: "comment.created", articleId: "x", payload: { id: "c", actorId: "u" } },
    });
    expect(text).toBe(
      'id: 42\nevent: live\ndata: {"id":"42","type":"comment.created","articleId":"x","payload":{"id":"c","actorId":"u"}}\n\n',
    );
  });
  it("accepts only decimal event ids", () => {
    expect(parseEventId("17")).toBe(17n);
    expect(parseEventId("-1")).toBeNull();
    expect(parseEventId("1; DROP")).toBeNull();
    expect(parseEventId(null)).toBeNull();
  });
});
