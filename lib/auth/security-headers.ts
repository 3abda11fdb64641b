// Security headers for every response. The policy itself lives in content-security-policy.js (plain
// JavaScript, so that next.config.js and the page cache handler share it); proxy.ts applies it to pages
// rendered per request, with a nonce made here.
export {
  contentSecurityPolicy,
  formActionOrigins,
  STATIC_SECURITY_HEADERS,
  type CspOptions,
} from "./content-security-policy.js";

export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
