import { auditLog, auditLogCsv, moderatorReach } from "@/lib/moderation/queries";
import { auditLogFilters, AUDIT_LOG_EXPORT_LIMIT } from "@/lib/moderation/schemas";
import { apiHandler } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";

// GET /moderation/log/export - the audit log within the caller's reach, with the page's filters, as CSV
export const GET = apiHandler(async (request: Request) => {
  const user = await currentUser();
  if (!user) throw new ApiError("unauthenticated", "Sign in to export the moderation log.");
  const reach = await moderatorReach(db, user);
  if (!reach)
    throw new ApiError("forbidden", "The moderation log is for moderators and team owners and admins.");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const rows = await auditLog(db, reach, auditLogFilters(params), AUDIT_LOG_EXPORT_LIMIT);
  return new Response(auditLogCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="moderation-log.csv"',
      "Cache-Control": "no-store",
    },
  });
});
