import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { exportMyAnnotationsAsJsonLd, exportMyAnnotationsAsMarkdown } from "@/lib/annotations/export-import";
import { ANNO_PROFILE_MEDIA_TYPE } from "@/lib/annotations/web-annotation";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";

type Context = { params: Promise<{ slug: string }> };

function attachment(filename: string) {
  return `attachment; filename="${filename.replace(/[^a-z0-9._-]/gi, "_")}"`;
}

// GET /api/articles/:slug/annotations/export?format=markdown|jsonld - download my annotations
export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const format = new URL(request.url).searchParams.get("format") ?? "markdown";
  const user = await currentUser();
  if (format === "markdown") {
    const { filename, content } = await exportMyAnnotationsAsMarkdown(db, user, slug, siteUrl());
    return new Response(content, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": attachment(filename),
        "Cache-Control": "private, no-store",
      },
    });
  }
  if (format === "jsonld") {
    const { filename, content } = await exportMyAnnotationsAsJsonLd(db, user, slug, siteUrl());
    return NextResponse.json(content, {
      headers: {
        "Content-Type": ANNO_PROFILE_MEDIA_TYPE,
        "Content-Disposition": attachment(filename),
        "Cache-Control": "private, no-store",
      },
    });
  }
  throw new ApiError("bad_request", 'format must be "markdown" or "jsonld".');
});
