// Security headers for every response, built here and applied by proxy.ts.
//
// Content-Security-Policy: no 'unsafe-inline' for scripts anywhere.
// - Dynamic pages get a fresh nonce per request; Next.js reads it from the request's CSP header and puts
//   it on its own scripts, and 'strict-dynamic' lets those scripts load the app's chunks.
// - Statically cached pages (rendered once per revision, no request to take a nonce from) get a policy
//   whose script-src is 'self' plus the hashes of the inline scripts the cached HTML carries (see
//   static-page-csp.ts for how those hashes are known).

export interface CspOptions {
  /** Per-request nonce (dynamic pages), or null. */
  nonce: string | null;
  /** 'sha256-…' sources for inline scripts of a cached page. */
  scriptHashes?: readonly string[];
  development: boolean;
  /** Emit upgrade-insecure-requests (only when served over HTTPS: on plain http://localhost it breaks). */
  https: boolean;
  /** Origins a form may lead to besides this site (GitHub's authorisation page, when GitHub sign-in is on). */
  formActions?: readonly string[];
}

export function contentSecurityPolicy({
  nonce,
  scriptHashes = [],
  development,
  https,
  formActions = [],
}: CspOptions): string {
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

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  // Older browsers that ignore frame-ancestors.
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
