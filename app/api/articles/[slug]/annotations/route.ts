import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { createAnnotation } from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";

type Context = { params: Promise<{ slug: string }> };

// GET /api/articles/:slug/annotations - the annotations the viewer may see on the current revision
export const GET = apiHandler(async (_request: Request, { params }: Context) => {
  const { slug } = await params;
  const list = await listAnnotations(db, slug, await currentUser());
  // Per viewer: never cached by a shared cache.
  return NextResponse.json(list, { headers: { "Cache-Control": "private, no-store" } });
});

// POST /api/articles/:slug/annotations - create a highlight, an annotation or a page note
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const body = await readJsonBody(request);
  const { annotation, created } = await createAnnotation(db, await currentUser(), slug, body);
  return NextResponse.json(annotation, { status: created ? 201 : 200 });
});
