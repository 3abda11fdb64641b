// @ts-check
import path from "node:path";
import { STATIC_SECURITY_HEADERS } from "./lib/auth/content-security-policy.js";

// Pages served from Next's page cache that proxy.ts does not run for (see its matcher): the home page and
// the article pages. They get the fixed security headers here and their Content-Security-Policy, which
// depends on each cached copy, from the page cache handler.
const CACHED_PAGES = ["/", "/articles/:slug"];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Prisma's generated client and the pg driver are server-only Node packages; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@node-rs/argon2", "@electric-sql/pglite"],
  // Each process that builds (a developer, a test run, a benchmark) may use its own output folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // The W3C annotation containers' URLs end in "/" (/api/annotations/<slug>/), which Next would redirect
  // away (and a CORS preflight cannot follow a redirect). proxy.ts redirects every other such URL instead.
  skipTrailingSlashRedirect: true,
  experimental: {
    // Largest server-action request (forms: account, teams, tokens, moderation). Next's default, named here
    // so docs/limits.md has one place to point at; route handlers have their own limits (lib/api/body.ts).
    serverActions: { bodySizeLimit: "1mb" },
  },
  // Next's own file-system page cache, plus each cached page's CSP stored with it (lib/auth/page-cache-handler.js).
  cacheHandler: path.resolve(import.meta.dirname, "lib/auth/page-cache-handler.js"),
  async headers() {
    const headers = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [
      ...CACHED_PAGES.map((source) => ({ source, headers })),
      // Web Annotation Protocol §4.1 discovery: the article's container, also as a <link> in the page.
      {
        source: "/articles/:slug",
        headers: [
          {
            key: "Link",
            value: '</api/annotations/:slug/>; rel="http://www.w3.org/ns/oa#annotationService"',
          },
        ],
      },
    ];
  },
};

export default nextConfig;
