import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { reattachAnnotation } from "@/lib/annotations/commands";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { ANNOTATION_WRITES_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ id: string }> };

// POST /api/annotation-items/:id/reattach - attach an orphaned annotation of one's own to a new passage
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const user = await currentUser();
  const body = await readJsonBody(request);
  await enforceRateLimit(db, ANNOTATION_WRITES_PER_USER, user?.id);
  const annotation = await reattachAnnotation(db, user, id, body);
  return NextResponse.json(annotation);
});
