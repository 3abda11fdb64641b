// The margin's layers: parsing never widens access (an unknown team falls back to "all", which is still
// only what the server sent), and the remembered visibility never outlives a membership.
import { describe, expect, it } from "vitest";
import { inLayer, layerKey, parseLayer, rememberedVisibility, type Layer } from "@/lib/teams/layers";

const MY_TEAMS = ["team-a", "team-b"];
const items = {
  mine: { visibility: "PRIVATE" as const, team: null },
  everyone: { visibility: "PUBLIC" as const, team: null },
  teamA: { visibility: "TEAM" as const, team: { id: "team-a" } },
  teamB: { visibility: "TEAM" as const, team: { id: "team-b" } },
};

function shown(layer: Layer): string[] {
  return Object.entries(items)
    .filter(([, item]) => inLayer(item, layer))
    .map(([name]) => name);
}

describe("layers", () => {
  it("shows exactly the items of the chosen layer", () => {
    expect(shown({ kind: "all" })).toEqual(["mine", "everyone", "teamA", "teamB"]);
    expect(shown({ kind: "public" })).toEqual(["everyone"]);
    expect(shown({ kind: "private" })).toEqual(["mine"]);
    expect(shown({ kind: "team", teamId: "team-b" })).toEqual(["teamB"]);
  });

  it("round-trips keys, and falls back to all for unknown keys and teams one is not in", () => {
    for (const layer of [
      { kind: "all" },
      { kind: "public" },
      { kind: "private" },
      { kind: "team", teamId: "team-a" },
    ] as Layer[]) {
      expect(parseLayer(layerKey(layer), MY_TEAMS)).toEqual(layer);
    }
    expect(parseLayer("team:someone-elses", MY_TEAMS)).toEqual({ kind: "all" });
    expect(parseLayer("everything", MY_TEAMS)).toEqual({ kind: "all" });
    expect(parseLayer(null, MY_TEAMS)).toEqual({ kind: "all" });
  });

  it("remembers the last visibility only while it still applies", () => {
    expect(rememberedVisibility("PUBLIC", MY_TEAMS)).toEqual({ visibility: "PUBLIC", teamId: null });
    expect(rememberedVisibility("TEAM:team-a", MY_TEAMS)).toEqual({ visibility: "TEAM", teamId: "team-a" });
    expect(rememberedVisibility("TEAM:left-team", MY_TEAMS)).toEqual({ visibility: "PRIVATE", teamId: null });
    expect(rememberedVisibility(null, MY_TEAMS)).toEqual({ visibility: "PRIVATE", teamId: null });
    expect(rememberedVisibility("garbage", MY_TEAMS)).toEqual({ visibility: "PRIVATE", teamId: null });
  });
});
