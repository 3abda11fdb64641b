// Whether one viewer may receive one live event. Pure: the caller supplies the viewer's current team
// memberships (re-read from the database for every batch of events, so a removed member stops receiving
// team events at once). Mirrors visibleAnnotationsWhere in lib/annotations/visibility.ts.
import type { LiveScope } from "./events";

export interface LiveViewer {
  id: string;
  teamIds: ReadonlySet<string>;
}

export function mayReceive(scope: LiveScope, viewer: LiveViewer | null): boolean {
  if (scope.visibility === "PUBLIC" && scope.itemStatus === "PUBLISHED") return true;
  if (!viewer) return false;
  if (scope.authorId !== null && scope.authorId === viewer.id) return true;
  return (
    scope.visibility === "TEAM" &&
    scope.itemStatus === "PUBLISHED" &&
    scope.teamId !== null &&
    viewer.teamIds.has(scope.teamId)
  );
}
