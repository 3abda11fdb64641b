import { NextResponse } from "next/server";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { createAnnotation } from "@/lib/annotations/commands";
import { listAnnotations } from "@/lib/annotations/queries";
import { currentUser } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { ANNOTATION_WRITES_PER_USER } from "@/lib/rate-limit/limits";

type Context = { params: Promise<{ slug: string }> };

/** The newest live event id of the article (by slug), as a string: bigint does not survive JSON. */
async function liveCursorFor(slug: string): Promise<string> {
  const row = await db.liveEvent.findFirst({
    where: { article: { slug } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return (row?.id ?? 0n).toString();
}

// GET /api/articles/:slug/annotations - the annotations the viewer may see on the current revision, with
// the live cursor the client starts its event stream from
export const GET = apiHandler(async (_request: Request, { params }: Context) => {
  const { slug } = await params;
  // The cursor is read before the list, never alongside it: a change committed in between is then both
  // in the list and replayed by the stream (the client applies events idempotently), while reading it
  // after the list could skip a change committed between the two reads.
  const [liveCursor, user] = await Promise.all([liveCursorFor(slug), currentUser()]);
  const list = await listAnnotations(db, slug, user);
  // Per viewer: never cached by a shared cache.
  return NextResponse.json({ ...list, liveCursor }, { headers: { "Cache-Control": "private, no-store" } });
});

// POST /api/articles/:slug/annotations - create a highlight, an annotation or a page note
export const POST = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const user = await currentUser();
  const body = await readJsonBody(request);
  const { annotation, created } = await createAnnotation(db, user, slug, body, {
    enforceFloodLimit: true,
    writeLimit: ANNOTATION_WRITES_PER_USER,
  });
  return NextResponse.json(annotation, { status: created ? 201 : 200 });
});
