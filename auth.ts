// Auth.js (next-auth v5): email + password always; GitHub and magic links when configured.
// Exports auth() for server code, the route handlers, and signIn/signOut for server actions.
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import type { EmailConfig } from "next-auth/providers/email";
import GitHub from "next-auth/providers/github";
import { authConfig } from "@/auth.config";
import { isDatabaseUnavailable } from "@/lib/api/errors";
import { uniqueHandle } from "@/lib/accounts/handles";
import { DISPLAY_NAME_MAX_LENGTH } from "@/lib/accounts/schemas";
import { authenticate } from "@/lib/accounts/sign-in";
import { emailLinksEnabled, githubEnabled, parseAuthEnv } from "@/lib/auth/auth-env";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { magicLinkSender } from "@/lib/auth/magic-link";
import { createSessionRecord, loadSessionUser, revokeSession } from "@/lib/auth/session-store";
import type { SessionUser } from "@/lib/auth/session-user";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/rate-limit/client-ip";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
    /** The database could not be reached to check this session: currentUser() answers 503, not "signed out". */
    databaseUnavailable?: true;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** Id of the Session row backing this token. */
    sid?: string;
    /** The user's sessionVersion when the token was issued. */
    sv?: number;
    user?: SessionUser;
    databaseUnavailable?: true;
  }
}

/** Thrown by authorize when the rate limit is used up; carries when to retry. */
export class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
  retryAt = new Date();
}

const env = parseAuthEnv();

// Users created by GitHub or a magic link need the columns our User model requires (handle, name).
function accountsAdapter(): Adapter {
  const base = PrismaAdapter(db);
  return {
    ...base,
    async createUser(user: AdapterUser) {
      const email = user.email.toLowerCase();
      const name = (user.name?.trim() || email.split("@")[0] || "Reader").slice(0, DISPLAY_NAME_MAX_LENGTH);
      const created = await db.user.create({
        data: {
          email,
          name,
          image: user.image ?? null,
          emailVerified: user.emailVerified,
          handle: await uniqueHandle(db, name),
        },
        select: { id: true, email: true, emailVerified: true, name: true, image: true },
      });
      return created;
    },
  };
}

const providers: NextAuthConfig["providers"] = [
  Credentials({
    credentials: {
      email: { label: "Email", type: "email" },
      password: { label: "Password", type: "password" },
    },
    async authorize(credentials, request) {
      const result = await authenticate(db, credentials, { ip: clientIp(request.headers) });
      if (result.ok) return result.user;
      if (result.reason === "rate_limited") {
        const error = new RateLimitedSignIn();
        error.retryAt = result.retryAt;
        throw error;
      }
      return null;
    },
  }),
];

if (githubEnabled(env)) {
  providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
}

if (emailLinksEnabled(env)) {
  const magicLinks: EmailConfig = {
    id: "email",
    type: "email",
    name: "Email link",
    from: env.EMAIL_FROM,
    maxAge: 24 * 60 * 60,
    normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
    sendVerificationRequest: magicLinkSender(db, env),
  };
  providers.push(magicLinks);
}

export const enabledProviders = {
  github: githubEnabled(env),
  emailLinks: emailLinksEnabled(env),
};

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: accountsAdapter(),
  providers,
  callbacks: {
    async jwt({ token, user }) {
      // Sign-in: open a Session row for this token.
      if (user?.id) {
        const claims = await createSessionRecord(db, user.id);
        token.sid = claims.sid;
        token.sv = claims.sv;
      }
      // Every use of the session: re-read the user. null signs the browser out (cookie cleared).
      let fresh;
      try {
        fresh = await loadSessionUser(db, { sid: token.sid, sv: token.sv }, token.sub);
      } catch (error) {
        // The database is down for a moment: neither sign the browser out (Auth.js clears the cookie when
        // this callback throws) nor trust the old user; the session says so and currentUser() answers 503.
        if (isDatabaseUnavailable(error)) return { ...token, databaseUnavailable: true };
        throw error;
      }
      if (!fresh) return null;
      delete token.databaseUnavailable;
      token.user = fresh;
      token.name = fresh.name;
      token.email = fresh.email;
      token.picture = fresh.image;
      return token;
    },
    session({ session, token }) {
      if (token.databaseUnavailable) return { ...session, databaseUnavailable: true };
      if (token.user) session.user = { ...session.user, ...token.user };
      return session;
    },
    // Only ever redirect within the site, and as a path: the browser stays on the host it used, whatever
    // Host the server believes it has (behind proxies, or 127.0.0.1 vs localhost).
    redirect({ url, baseUrl }) {
      return safeCallbackPath(url, baseUrl);
    },
  },
  events: {
    // Sign-out ends the session for real: the row goes, so a copy of the token is worthless.
    async signOut(message) {
      if ("token" in message && message.token?.sid) await revokeSession(db, message.token.sid);
    },
  },
  logger: {
    error(error) {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
      console.error(error);
    },
  },
});
