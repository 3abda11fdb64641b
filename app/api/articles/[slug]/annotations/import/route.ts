import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { importAnnotations } from "@/lib/annotations/export-import";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { ANNOTATION_IMPORTS_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ slug: string }> };

/** An export of thousands of annotations is a few megabytes. */
const MAX_IMPORT_BYTES = 10_000_000;

// POST /api/articles/:slug/annotations/import - import W3C Web Annotation JSON-LD as my annotations
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const user = await currentUser();
  const document = await readJsonBody(request, MAX_IMPORT_BYTES);
  await enforceRateLimit(db, ANNOTATION_IMPORTS_PER_USER, user?.id);
  const report = await importAnnotations(db, user, slug, document, siteUrl(), {
    enforceFloodLimit: true,
  });
  return NextResponse.json(report);
});
