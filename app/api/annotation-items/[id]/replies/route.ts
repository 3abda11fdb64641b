import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { createReply } from "@/lib/discussion/commands";
import { annotationThread } from "@/lib/discussion/queries";
import { DISCUSSION_WRITES_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ id: string }> };

// GET /api/annotation-items/:id/replies - the thread of an annotation the viewer can see (404 otherwise)
export const GET = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  const thread = await annotationThread(db, await currentUser(), id);
  return NextResponse.json(thread, { headers: { "Cache-Control": "private, no-store" } });
});

// POST /api/annotation-items/:id/replies - reply to the annotation ({ body, parentId? , idempotencyKey? })
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const user = await currentUser();
  const body = await readJsonBody(request);
  const { comment, created } = await createReply(db, user, id, body, {
    enforceFloodLimit: true,
    writeLimit: DISCUSSION_WRITES_PER_USER,
  });
  return NextResponse.json(comment, { status: created ? 201 : 200 });
});
