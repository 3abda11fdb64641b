// Server-Sent Events framing for the live stream: `id:` lines carry the LiveEvent id, so the browser's
// EventSource sends it back as Last-Event-ID when it reconnects; a retry hint and comment heartbeats keep
// proxies from closing an idle connection.
import type { LiveDelivery, LiveHub, LiveSession } from "./hub";

/** How long the browser waits before reconnecting after the connection drops. */
export const SSE_RETRY_MS = 2_000;
/** A comment line this often keeps the connection open through proxies and detects dead clients. */
export const SSE_HEARTBEAT_MS = 15_000;

// A message fans out to every reader of the article: it is framed once, not once per reader.
const framed = new WeakMap<object, string>();

export function encodeDelivery(delivery: LiveDelivery): string {
  if (delivery.kind === "reset") return `event: reset\ndata: {}\n\n`;
  if (delivery.kind === "ended") return `event: ended\ndata: {}\n\n`;
  const { message } = delivery;
  let text = framed.get(message);
  if (text === undefined) {
    // JSON.stringify never emits a raw newline, so the data fits on one `data:` line.
    text = `id: ${message.id}\nevent: live\ndata: ${JSON.stringify(message)}\n\n`;
    framed.set(message, text);
  }
  return text;
}

/** Parses Last-Event-ID (or the `after` query parameter of a first connection). */
export function parseEventId(value: string | null | undefined): bigint | null {
  if (!value || !/^\d{1,19}$/.test(value.trim())) return null;
  return BigInt(value.trim());
}

export interface LiveStreamOptions {
  articleId: string;
  userId: string | null;
  /** The session the stream was opened with: when it ends (sign-out, revocation), the stream closes. */
  session?: LiveSession | null;
  after: bigint | null;
  signal: AbortSignal;
  heartbeatMs?: number;
}

export async function liveEventStream(
  hub: LiveHub,
  options: LiveStreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const pending: string[] = [`retry: ${SSE_RETRY_MS}\n: connected\n\n`];
  let closed = false;
  const write = (text: string) => {
    if (closed) return;
    if (!controller) {
      pending.push(text);
      return;
    }
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      stop();
    }
  };
  let unsubscribe: (() => void) | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  const stop = () => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    unsubscribe?.();
    try {
      controller?.close();
    } catch {
      // Already closed by the client.
    }
  };

  unsubscribe = await hub.subscribe({
    articleId: options.articleId,
    userId: options.userId,
    after: options.after,
    session: options.session ?? null,
    deliver: (delivery) => {
      write(encodeDelivery(delivery));
      // After the close the browser's EventSource reconnects as whoever its cookie now says (anonymous
      // after sign-out), so from then on it only receives what that reader may see.
      if (delivery.kind === "ended") stop();
    },
  });
  // Ended while subscribing (the session was already over): stop() ran before unsubscribe was known.
  if (closed) unsubscribe();
  if (options.signal.aborted) stop();
  options.signal.addEventListener("abort", stop, { once: true });

  return new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      for (const text of pending.splice(0)) write(text);
      heartbeat = setInterval(() => write(`: heartbeat\n\n`), options.heartbeatMs ?? SSE_HEARTBEAT_MS);
    },
    cancel() {
      stop();
    },
  });
}
