import { NextResponse } from "next/server";
import { parseOrThrow } from "@/lib/api/errors";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { enforceRateLimit } from "@/lib/rate-limit/enforce";
import { createReport } from "@/lib/moderation/commands";
import { reportedBy } from "@/lib/moderation/report-alerts";
import { reportedLookupSchema } from "@/lib/moderation/schemas";
import { can } from "@/lib/auth/can";
import { REPORTS_PER_USER } from "@/lib/rate-limit/limits";

// POST /api/reports - report an item one can see ({ annotationId | commentId, reason, note }); 201 on success
export const POST = apiHandler(async (request: Request) => {
  const user = await currentUser();
  const body = await readJsonBody(request);
  await enforceRateLimit(db, REPORTS_PER_USER, user?.id);
  return NextResponse.json(await createReport(db, user, body), { status: 201 });
});

// GET /api/reports?annotationIds=a,b&commentIds=c - which of these the signed-in reader has reported, and
// whether they may report at all (a visitor or a suspended account may not: the Report button hides).
// Only the reader's own reports are looked at, so it says nothing about anyone else's.
export const GET = apiHandler(async (request: Request) => {
  const user = await currentUser();
  const params = new URL(request.url).searchParams;
  const input = parseOrThrow(reportedLookupSchema, {
    annotationIds: params.get("annotationIds") ?? undefined,
    commentIds: params.get("commentIds") ?? undefined,
  });
  if (!user || !can(user, "report:create"))
    return NextResponse.json(
      { canReport: false, annotationIds: [], commentIds: [] },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  const reported = await reportedBy(db, user.id, input);
  return NextResponse.json(
    { canReport: true, ...reported },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
