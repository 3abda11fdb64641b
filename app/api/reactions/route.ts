import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { setReaction } from "@/lib/discussion/commands";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { REACTIONS_PER_USER } from "@/lib/rate-limit/limits";

async function react(request: Request, on: boolean) {
  const user = await currentUser();
  const body = await readJsonBody(request);
  await enforceRateLimit(db, REACTIONS_PER_USER, user?.id);
  return NextResponse.json(await setReaction(db, user, body, on));
}

// POST /api/reactions - add a reaction ({ kind, annotationId | commentId }); adding twice changes nothing
export const POST = apiHandler((request: Request) => react(request, true));

// DELETE /api/reactions - take one's reaction back (same body)
export const DELETE = apiHandler((request: Request) => react(request, false));
