import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { mentionableUsers } from "@/lib/discussion/queries";

type Context = { params: Promise<{ id: string }> };

// GET /api/annotation-items/:id/replies/mentionable?q= - people an @mention in this thread may name
export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const people = await mentionableUsers(db, await currentUser(), { q, annotationId: id });
  return NextResponse.json({ people }, { headers: { "Cache-Control": "private, no-store" } });
});
