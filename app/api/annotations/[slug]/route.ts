// GET|HEAD|OPTIONS /api/annotations/:slug/ - the article's W3C annotation container (and its pages)
// POST /api/annotations/:slug/ - create an annotation (API token with write scope, or a same-origin session)
// The protocol itself lives in lib/annotation-protocol/handlers.ts; docs/api.md documents it.
import { containerHandlers } from "@/lib/annotation-protocol/handlers";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";

export const { GET, HEAD, OPTIONS, POST } = containerHandlers({
  db,
  baseUrl: siteUrl,
  readSession: currentUser,
});
