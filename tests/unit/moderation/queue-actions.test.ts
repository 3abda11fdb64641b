import { describe, expect, it } from "vitest";
import { countOf, decisionsFor } from "@/lib/moderation/queue-actions";

describe("decisions the queue offers", () => {
  it("offers Dismiss reports only when there are open reports", () => {
    expect(decisionsFor("PENDING", 0)).toEqual(["approve", "hide", "remove", "spam"]);
    expect(decisionsFor("PENDING", 2)).toEqual(["approve", "hide", "remove", "spam", "dismiss"]);
    expect(decisionsFor("PUBLISHED", 1)).toEqual(["approve", "hide", "remove", "spam", "dismiss"]);
  });

  it("offers no decision that would leave the status as it is", () => {
    expect(decisionsFor("PUBLISHED", 0)).toEqual(["hide", "remove", "spam"]);
    expect(decisionsFor("HIDDEN", 3)).toEqual(["restore", "remove", "spam", "dismiss"]);
    expect(decisionsFor("REMOVED", 0)).toEqual(["restore"]);
    expect(decisionsFor("SPAM", 0)).toEqual(["restore"]);
  });

  it("counts in the right number", () => {
    expect(countOf(1, "item")).toBe("1 item");
    expect(countOf(2, "item")).toBe("2 items");
    expect(countOf(0, "item")).toBe("0 items");
    expect(countOf(1, "reply", "replies")).toBe("1 reply");
  });
});
