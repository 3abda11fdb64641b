import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { setThreadResolved } from "@/lib/discussion/commands";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { DISCUSSION_STATE_CHANGES_PER_USER } from "@/lib/rate-limit/limits";

async function resolve(id: string, resolved: boolean) {
  const user = await currentUser();
  await enforceRateLimit(db, DISCUSSION_STATE_CHANGES_PER_USER, user?.id);
  return NextResponse.json(await setThreadResolved(db, user, id, resolved));
}

type Context = { params: Promise<{ id: string }> };

// POST /api/annotation-items/:id/resolve - resolve a team annotation's thread
export const POST = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return resolve(id, true);
});

// DELETE /api/annotation-items/:id/resolve - reopen it
export const DELETE = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return resolve(id, false);
});
