// @ts-check
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
};

export default nextConfig;
