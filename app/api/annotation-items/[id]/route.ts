import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { deleteAnnotation, updateAnnotation } from "@/lib/annotations/commands";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";

type Context = { params: Promise<{ id: string }> };

// PATCH /api/annotation-items/:id - edit one's own annotation (label, note, tags, visibility)
export const PATCH = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const annotation = await updateAnnotation(db, await currentUser(), id, await readJsonBody(request));
  return NextResponse.json(annotation);
});

// DELETE /api/annotation-items/:id - soft-delete one's own annotation
export const DELETE = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await deleteAnnotation(db, await currentUser(), id);
  return new Response(null, { status: 204 });
});
