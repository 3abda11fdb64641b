// GET|HEAD|OPTIONS /api/annotations/:slug/:id - one annotation as a W3C Web Annotation
// PUT /api/annotations/:slug/:id - replace one's own annotation (If-Match required); DELETE - delete it (204)
import { annotationHandlers } from "@/lib/annotation-protocol/handlers";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";

export const { GET, HEAD, OPTIONS, PUT, DELETE } = annotationHandlers({
  db,
  baseUrl: siteUrl,
  readSession: currentUser,
});
