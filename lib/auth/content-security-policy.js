// The Content-Security-Policy and the fixed security headers, in one place for everything that sets them:
// proxy.ts (via security-headers.ts) for pages rendered per request, the page cache handler
// (page-cache-handler.js) for cached pages, next.config.js for the fixed headers of cached pages.
// Plain JavaScript with JSDoc types because next.config.js and the cache handler are loaded by Node
// without a TypeScript step.
//
// Content-Security-Policy: no 'unsafe-inline' for scripts anywhere.
// - Dynamic pages get a fresh nonce per request; Next.js reads it from the request's CSP header and puts
//   it on its own scripts, and 'strict-dynamic' lets those scripts load the app's chunks.
// - Statically cached pages (rendered once per revision, no request to take a nonce from) get a policy
//   whose script-src is 'self' plus the hashes of the inline scripts the cached HTML carries (see
//   static-page-csp.js).

/**
 * @typedef {object} CspOptions
 * @property {string | null} nonce Per-request nonce (dynamic pages), or null.
 * @property {readonly string[]} [scriptHashes] 'sha256-…' sources for inline scripts of a cached page.
 * @property {boolean} development
 * @property {boolean} https Emit upgrade-insecure-requests (only when served over HTTPS: on plain
 *   http://localhost it breaks).
 * @property {readonly string[]} [formActions] Origins a form may lead to besides this site (GitHub's
 *   authorisation page, when GitHub sign-in is on).
 */

/**
 * @param {CspOptions} options
 * @returns {string}
 */
export function contentSecurityPolicy({ nonce, scriptHashes = [], development, https, formActions = [] }) {
  const scriptSources = ["'self'"];
  if (nonce) scriptSources.push(`'nonce-${nonce}'`, "'strict-dynamic'");
  scriptSources.push(...scriptHashes.map((hash) => `'${hash}'`));
  // React's development build evaluates code to rebuild server stack traces; production never does.
  if (development) scriptSources.push("'unsafe-eval'");
  const directives = [
    "default-src 'self'",
    `script-src ${scriptSources.join(" ")}`,
    // Inline style attributes (React style props, Next's route announcer) are not scripts; allowing them
    // keeps the pages working without opening script injection.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...formActions].join(" ")}`,
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self' blob:",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** @type {Readonly<Record<string, string>>} */
export const STATIC_SECURITY_HEADERS = Object.freeze({
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  // Older browsers that ignore frame-ancestors.
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/**
 * Origins forms may post to besides this site, from the environment: GitHub's authorisation page when
 * GitHub sign-in is configured.
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function formActionOrigins(env) {
  return env.AUTH_GITHUB_ID ? ["https://github.com"] : [];
}
