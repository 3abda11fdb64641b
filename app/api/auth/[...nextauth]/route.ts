// GET/POST /api/auth/* - Auth.js (sign-in, sign-out, session, CSRF token, OAuth and email callbacks).
// A credentials sign-in over the rate limit gets HTTP 429 with Retry-After before Auth.js runs.
import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/auth";
import { signInBlockedUntil } from "@/lib/accounts/sign-in";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/rate-limit/client-ip";
import { describeRetry, retryAfterSeconds } from "@/lib/rate-limit/limiter";

export const { GET } = handlers;

export async function POST(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = form?.get("email");
    const blockedUntil = await signInBlockedUntil(
      db,
      typeof email === "string" ? email : null,
      clientIp(request.headers),
    );
    if (blockedUntil) {
      return NextResponse.json(
        {
          error: `Too many sign-in attempts. Try again ${describeRetry(blockedUntil)}.`,
          retryAt: blockedUntil.toISOString(),
        },
        { status: 429, headers: { "Retry-After": String(retryAfterSeconds(blockedUntil)) } },
      );
    }
  }
  return handlers.POST(request);
}
