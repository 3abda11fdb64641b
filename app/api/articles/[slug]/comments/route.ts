import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { createArticleComment } from "@/lib/discussion/commands";
import { articleComments } from "@/lib/discussion/queries";
import { DISCUSSION_WRITES_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ slug: string }> };

// GET /api/articles/:slug/comments?sort=oldest|newest|reactions&page=&pageSize= - the comment section
export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const page = await articleComments(db, await currentUser(), slug, query);
  return NextResponse.json(page, { headers: { "Cache-Control": "private, no-store" } });
});

// POST /api/articles/:slug/comments - post a comment or answer one ({ body, parentId?, idempotencyKey? })
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const user = await currentUser();
  const body = await readJsonBody(request);
  const { comment, created } = await createArticleComment(db, user, slug, body, {
    enforceFloodLimit: true,
    writeLimit: DISCUSSION_WRITES_PER_USER,
  });
  return NextResponse.json(comment, { status: created ? 201 : 200 });
});
