import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { createReport } from "@/lib/moderation/commands";
import { REPORTS_PER_USER } from "@/lib/rate-limit/limits";

// POST /api/reports - report an item one can see ({ annotationId | commentId, reason, note }); 201 on success
export const POST = apiHandler(async (request: Request) => {
  const user = await currentUser();
  const body = await readJsonBody(request);
  await enforceRateLimit(db, REPORTS_PER_USER, user?.id);
  return NextResponse.json(await createReport(db, user, body), { status: 201 });
});
