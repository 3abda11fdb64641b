import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { deleteComment, editComment } from "@/lib/discussion/commands";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { DISCUSSION_STATE_CHANGES_PER_USER, DISCUSSION_WRITES_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ id: string }> };

// PATCH /api/comments/:id - edit one's own reply or article comment ({ body }); marked "edited"
export const PATCH = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const user = await currentUser();
  const body = await readJsonBody(request);
  await enforceRateLimit(db, DISCUSSION_WRITES_PER_USER, user?.id);
  return NextResponse.json(await editComment(db, user, id, body));
});

// DELETE /api/comments/:id - soft-delete one's own reply or comment ("[deleted]" keeps the thread's shape)
export const DELETE = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  const user = await currentUser();
  await enforceRateLimit(db, DISCUSSION_STATE_CHANGES_PER_USER, user?.id);
  await deleteComment(db, user, id);
  return new Response(null, { status: 204 });
});
