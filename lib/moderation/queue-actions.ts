// Which decisions the queue offers on an item, from its status and whether it has open reports: nothing
// that would do nothing ("Approve" on a published item nobody reported) or close what is not there ("Dismiss reports" on
// a pending item nobody reported). Pure, so the page and the unit tests share it.
import type { ItemStatus } from "../generated/prisma/enums";
import type { Decision } from "./schemas";

export function decisionsFor(status: ItemStatus, openReports: number): Decision[] {
  const dismiss: Decision[] = openReports > 0 ? ["dismiss"] : [];
  switch (status) {
    case "PENDING":
      return ["approve", "hide", "remove", "spam", ...dismiss];
    case "PUBLISHED":
      // Reported but published: Approve keeps it and closes its reports (as in Coral), the `a` key's job.
      return openReports > 0 ? ["approve", "hide", "remove", "spam", ...dismiss] : ["hide", "remove", "spam"];
    case "HIDDEN":
      // Hidden by the report rule or a moderator: publish it again, or go further.
      return ["restore", "remove", "spam", ...dismiss];
    case "REMOVED":
    case "SPAM":
      return ["restore"];
  }
}

/** "1 item", "2 items": a count with its noun in the right number. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
