import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { reattachAnnotation } from "@/lib/annotations/commands";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";

type Context = { params: Promise<{ id: string }> };

// POST /api/annotation-items/:id/reattach - attach an orphaned annotation of one's own to a new passage
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const annotation = await reattachAnnotation(db, await currentUser(), id, await readJsonBody(request));
  return NextResponse.json(annotation);
});
