import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { setThreadResolved } from "@/lib/discussion/commands";

type Context = { params: Promise<{ id: string }> };

// POST /api/annotation-items/:id/resolve - resolve a team annotation's thread
export const POST = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json(await setThreadResolved(db, await currentUser(), id, true));
});

// DELETE /api/annotation-items/:id/resolve - reopen it
export const DELETE = apiHandler(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json(await setThreadResolved(db, await currentUser(), id, false));
});
