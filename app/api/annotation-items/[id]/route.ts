import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { deleteAnnotation, updateAnnotation } from "@/lib/annotations/commands";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { ANNOTATION_WRITES_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ id: string }> };

// PATCH /api/annotation-items/:id - edit one's own annotation (label, note, tags, visibility)
export const PATCH = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const user = await currentUser();
  const body = await readJsonBody(request);
  await enforceRateLimit(db, ANNOTATION_WRITES_PER_USER, user?.id);
  const annotation = await updateAnnotation(db, user, id, body);
  return NextResponse.json(annotation);
});

// DELETE /api/annotation-items/:id - soft-delete one's own annotation
export const DELETE = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  const user = await currentUser();
  await enforceRateLimit(db, ANNOTATION_WRITES_PER_USER, user?.id);
  await deleteAnnotation(db, user, id);
  return new Response(null, { status: 204 });
});
