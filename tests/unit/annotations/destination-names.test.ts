// The toolbar and the editor's Post button say where a highlight or note goes (issue 16, point 2).
import { describe, expect, it } from "vitest";
import { destinationName, postLabel } from "@/components/annotator/format";

const TEAMS = [
  { id: "team-a", name: "Alpha" },
  { id: "team-b", name: "Beta" },
];

describe("destination names", () => {
  it("names the team, the public and the private destination", () => {
    expect(destinationName("PRIVATE", null, TEAMS)).toBe("Only me");
    expect(destinationName("PUBLIC", null, TEAMS)).toBe("Public");
    expect(destinationName("TEAM", "team-b", TEAMS)).toBe("Team Beta");
  });

  it("labels the Post button by where the note goes", () => {
    expect(postLabel("PRIVATE", null, TEAMS)).toBe("Save privately");
    expect(postLabel("PUBLIC", null, TEAMS)).toBe("Post publicly");
    expect(postLabel("TEAM", "team-a", TEAMS)).toBe("Post to Team Alpha");
  });

  it("never names a team the reader is not in", () => {
    expect(destinationName("TEAM", "gone", TEAMS)).toBe("Team");
  });
});
