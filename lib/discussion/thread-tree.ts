// Turns a flat list of replies into the nested thread readers see. Pure. Replies nest to
// MAX_THREAD_DISPLAY_DEPTH levels; a deeper reply is shown flat under its level-3 ancestor with
// "replying to @name" (Coral's readers asked for this: deep nesting leaves no room on a phone).
import { MAX_THREAD_DISPLAY_DEPTH } from "./limits";
import type { CommentDto } from "./schemas";

/**
 * `items` in display order (siblings keep it); each with `children: []`. Returns the top-level items.
 * A reply whose parent is not in the list (past a page or cap) is shown at the top level.
 */
export function nestThread(items: CommentDto[], maxDepth = MAX_THREAD_DISPLAY_DEPTH): CommentDto[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  // The level each item is displayed at (1 = top level), computed from the parent actually found.
  const level = new Map<string, number>();
  const roots: CommentDto[] = [];
  const ordered = [...items].sort((a, b) => a.depth - b.depth);
  const placement = new Map<string, CommentDto | null>();
  for (const item of ordered) {
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    if (!parent || !level.has(parent.id)) {
      level.set(item.id, 1);
      placement.set(item.id, null);
      continue;
    }
    const parentLevel = level.get(parent.id)!;
    if (parentLevel < maxDepth) {
      level.set(item.id, parentLevel + 1);
      placement.set(item.id, parent);
    } else {
      // Flattened: a sibling of its parent, under the same level-`maxDepth - 1` ancestor.
      level.set(item.id, maxDepth);
      placement.set(item.id, placement.get(parent.id) ?? null);
      item.replyingTo = parent.state === "visible" ? parent.author : null;
    }
  }
  // Children are attached in the original order so siblings read in the order asked for.
  for (const item of items) {
    const container = placement.get(item.id);
    if (container) container.children.push(item);
    else roots.push(item);
  }
  return roots;
}
