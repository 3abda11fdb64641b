// Layers of the margin (issue 5, part 2): Public, each of my teams, Only me, or All I can see at once.
// A layer only narrows what the server already decided the viewer may see (lib/annotations/visibility.ts);
// it is never the thing that hides private or team content. Pure, shared by server and browser.

export type Layer =
  { kind: "all" } | { kind: "public" } | { kind: "private" } | { kind: "team"; teamId: string };

export type VisibilityChoice =
  | { visibility: "PRIVATE"; teamId: null }
  | { visibility: "PUBLIC"; teamId: null }
  | { visibility: "TEAM"; teamId: string };

const TEAM_PREFIX = "team:";
/** How User.lastVisibility stores a team choice (written by lib/annotations/commands.ts). */
const REMEMBERED_TEAM_PREFIX = "TEAM:";

/** A layer as a string for URLs, selects and storage: "all", "public", "private" or "team:<id>". */
export function layerKey(layer: Layer): string {
  return layer.kind === "team" ? `${TEAM_PREFIX}${layer.teamId}` : layer.kind;
}

/** Reads a layer key; anything unknown, or a team the viewer is not in, falls back to "all". */
export function parseLayer(value: string | null | undefined, myTeamIds: readonly string[]): Layer {
  if (value === "public" || value === "private" || value === "all") return { kind: value };
  if (value?.startsWith(TEAM_PREFIX)) {
    const teamId = value.slice(TEAM_PREFIX.length);
    if (myTeamIds.includes(teamId)) return { kind: "team", teamId };
  }
  return { kind: "all" };
}

export function inLayer(
  annotation: { visibility: "PRIVATE" | "TEAM" | "PUBLIC"; team: { id: string } | null },
  layer: Layer,
): boolean {
  switch (layer.kind) {
    case "all":
      return true;
    case "public":
      return annotation.visibility === "PUBLIC";
    case "private":
      return annotation.visibility === "PRIVATE";
    case "team":
      return annotation.visibility === "TEAM" && annotation.team?.id === layer.teamId;
  }
}

/**
 * The visibility a new annotation starts with: the user's last choice, unless it named a team they are no
 * longer in, in which case Only me (never silently wider than what they chose).
 */
export function rememberedVisibility(
  lastVisibility: string | null,
  myTeamIds: readonly string[],
): VisibilityChoice {
  if (lastVisibility === "PUBLIC") return { visibility: "PUBLIC", teamId: null };
  if (lastVisibility?.startsWith(REMEMBERED_TEAM_PREFIX)) {
    const teamId = lastVisibility.slice(REMEMBERED_TEAM_PREFIX.length);
    if (myTeamIds.includes(teamId)) return { visibility: "TEAM", teamId };
  }
  return { visibility: "PRIVATE", teamId: null };
}
