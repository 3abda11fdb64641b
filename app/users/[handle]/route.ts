// GET /users/:handle - the public profile behind a Web Annotation's creator.id: the display name only
// (HTML, or JSON-LD when Accept prefers it).
import { apiHandler } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";
import {
  findPublicProfile,
  negotiatedResponse,
  profileHtml,
  profileJsonLd,
} from "@/lib/linked-data/resources";

type Context = { params: Promise<{ handle: string }> };

export const GET = apiHandler(async (request: Request, { params }: Context) => {
  const { handle } = await params;
  const profile = await findPublicProfile(db, handle);
  const baseUrl = siteUrl();
  return negotiatedResponse(request, profileHtml(baseUrl, profile), profileJsonLd(baseUrl, profile));
});
