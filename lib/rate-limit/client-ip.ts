// The client address used for per-IP limits. `next start` fills X-Forwarded-For with the socket address
// when the request has none; behind a reverse proxy, the proxy appends the address it saw, so the last
// entry is the one a client cannot forge. Deploy behind a proxy that appends X-Forwarded-For.

export const UNKNOWN_IP = "unknown";

export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? headers.get("x-real-ip")?.trim() ?? UNKNOWN_IP;
}
