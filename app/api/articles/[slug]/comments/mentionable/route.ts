import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { mentionableUsers } from "@/lib/discussion/queries";

type Context = { params: Promise<{ slug: string }> };

// GET /api/articles/:slug/comments/mentionable?q= - people an @mention in the comment section may name
export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const people = await mentionableUsers(db, await currentUser(), { q, slug });
  return NextResponse.json({ people }, { headers: { "Cache-Control": "private, no-store" } });
});
