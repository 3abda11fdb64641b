import { apiHandler } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/permissions";
import { sessionClaimsFromRequest } from "@/lib/auth/session-claims";
import { db } from "@/lib/db/client";
import { findPublishedArticle } from "@/lib/discussion/access";
import { appLiveHub } from "@/lib/live/app-hub";
import { liveEventStream, parseEventId } from "@/lib/live/sse";

// A long-lived stream per reader: never cached, never pre-rendered, always on the Node.js runtime (pg).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ slug: string }> };

// GET /api/articles/:slug/events?after=<id> - Server-Sent Events for the article: annotations, replies,
// reactions and comments the viewer may see. Reconnects resume from the Last-Event-ID header.
export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { slug } = await params;
  const [article, user, session] = await Promise.all([
    findPublishedArticle(db, slug),
    currentUser(),
    sessionClaimsFromRequest(request),
  ]);
  const after =
    parseEventId(request.headers.get("last-event-id")) ??
    parseEventId(new URL(request.url).searchParams.get("after"));
  const stream = await liveEventStream(appLiveHub(), {
    articleId: article.id,
    userId: user?.id ?? null,
    // Re-checked with every batch and every few seconds: sign-out (or a revocation) closes the stream.
    session: user ? session : null,
    after,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Tells a reverse proxy (nginx) not to buffer the stream.
      "X-Accel-Buffering": "no",
    },
  });
});
