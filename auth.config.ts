// The part of the Auth.js configuration that needs neither the database nor Node-only packages
// (safe to import from proxy.ts or any runtime). auth.ts adds providers, adapter and callbacks.
import type { NextAuthConfig } from "next-auth";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-store-constants";

export const authConfig = {
  pages: { signIn: "/signin", error: "/signin", verifyRequest: "/signin/check-email" },
  // JWT sessions (required by the Credentials provider), each backed by a Session row that every request
  // re-reads, so revocation is immediate (see lib/auth/session-store.ts).
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Cookies keep Auth.js's defaults: HttpOnly, SameSite=Lax, Path=/, and Secure plus the __Secure- prefix
  // whenever the site is reached over HTTPS.
  providers: [],
} satisfies NextAuthConfig;
