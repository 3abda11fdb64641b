// One LISTEN connection per app process, fanning live events out to the Server-Sent Event streams open
// in this process. Several app instances each run their own hub on the shared PostgreSQL, so an event
// written by any instance reaches the readers of every instance; nothing is kept in a process-only bus.
//
// NOTIFY only wakes the hub: the events themselves are read from the LiveEvent table, in id order, after
// the last id this hub fetched for the article. A lost or coalesced notification therefore loses nothing
// (the next one, or the safety poll, fetches everything after the cursor), and a client resuming with
// Last-Event-ID reads exactly the rows after its last one.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db } from "../db/prisma-factory";
import type { ItemStatus, Visibility } from "../generated/prisma/enums";
import { mayReceive, type LiveViewer } from "./audience";
import { LIVE_CHANNEL, type LivePayload } from "./events";

/** Most missed events replayed on reconnect; beyond that the client is told to reload instead. */
export const MAX_LIVE_BACKFILL = 500;
/** Re-reads the table this often even without notifications, in case the LISTEN connection dropped. */
export const LIVE_SAFETY_POLL_MS = 5_000;
/**
 * Polling interval when notifications do not arrive at all: the embedded PostgreSQL's socket server
 * (PGlite) accepts LISTEN but delivers no notifications, so there the table is read this often instead.
 */
export const LIVE_FALLBACK_POLL_MS = 1_000;
/** How long the hub waits for its own probe notification before falling back to polling. */
const PROBE_TIMEOUT_MS = 1_000;
const RECONNECT_DELAY_MS = 1_000;

/** What a subscriber receives: the event as sent to the browser. */
export interface LiveMessage {
  id: string;
  type: string;
  articleId: string;
  payload: LivePayload;
}

// "ended": the session the stream was opened with is over (signed out, revoked, expired); nothing more is
// sent and the stream should close.
export type LiveDelivery = { kind: "event"; message: LiveMessage } | { kind: "reset" } | { kind: "ended" };

/** The session a signed-in subscriber opened the stream with (the token's sid and sessionVersion). */
export interface LiveSession {
  sid: string;
  sv: number;
}

export interface LiveSubscription {
  articleId: string;
  /** Null for an anonymous reader. */
  userId: string | null;
  /** Resume after this event id (Last-Event-ID); null starts from now. */
  after: bigint | null;
  /** For a signed-in reader: re-checked before every batch and on every poll, so sign-out ends the stream. */
  session?: LiveSession | null;
  deliver: (delivery: LiveDelivery) => void;
}

interface Subscriber {
  articleId: string;
  userId: string | null;
  session: LiveSession | null;
  /** Set once its session is found over; such a subscriber receives nothing more. */
  ended: boolean;
  lastId: bigint;
  /** Events that arrived while the subscriber was still catching up. */
  queue: EventRow[] | null;
  deliver: (delivery: LiveDelivery) => void;
}

interface Viewers {
  byUser: Map<string, LiveViewer>;
  /** Sids of the subscribers' sessions that are still valid; a subscriber whose sid is missing signed out. */
  liveSessions: Set<string>;
}

interface EventRow {
  id: bigint;
  articleId: string;
  type: string;
  visibility: Visibility;
  teamId: string | null;
  authorId: string | null;
  itemStatus: ItemStatus;
  payload: unknown;
}

const EVENT_SELECT = {
  id: true,
  articleId: true,
  type: true,
  visibility: true,
  teamId: true,
  authorId: true,
  itemStatus: true,
  payload: true,
} as const;

// One message object per row, shared by every subscriber it goes to (and so encoded once, see sse.ts).
const messages = new WeakMap<EventRow, LiveMessage>();

function toMessage(row: EventRow): LiveMessage {
  let message = messages.get(row);
  if (!message) {
    message = {
      id: row.id.toString(),
      type: row.type,
      articleId: row.articleId,
      payload: row.payload as LivePayload,
    };
    messages.set(row, message);
  }
  return message;
}

export class LiveHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  /** Per article: the highest event id this hub has fetched and dispatched. */
  private readonly cursors = new Map<string, bigint>();
  /** Per article: the fetch in progress, so two notifications never dispatch the same rows twice. */
  private readonly fetching = new Map<string, Promise<void>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private poll: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly connectionString: string,
  ) {}

  /** Number of open subscriptions (for tests and the benchmark). */
  get size(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  async subscribe(subscription: LiveSubscription): Promise<() => void> {
    await this.listen();
    const subscriber: Subscriber = {
      articleId: subscription.articleId,
      userId: subscription.userId,
      session: subscription.session ?? null,
      ended: false,
      lastId: subscription.after ?? 0n,
      queue: [],
      deliver: subscription.deliver,
    };
    let set = this.subscribers.get(subscription.articleId);
    if (!set) {
      set = new Set();
      this.subscribers.set(subscription.articleId, set);
    }
    set.add(subscriber);
    const unsubscribe = () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(subscription.articleId) === set) {
        this.subscribers.delete(subscription.articleId);
        this.cursors.delete(subscription.articleId);
      }
    };

    try {
      // Registered first, then caught up: anything dispatched meanwhile waits in the queue.
      if (!this.cursors.has(subscription.articleId)) {
        this.cursors.set(subscription.articleId, await this.latestId(subscription.articleId));
      }
      if (subscription.after === null) {
        subscriber.lastId = this.cursors.get(subscription.articleId) ?? 0n;
      } else {
        await this.backfill(subscriber);
      }
      // Flush what was queued meanwhile; the queue is dropped synchronously once it is empty, so no
      // event can slip between the last flush and live delivery.
      for (;;) {
        const queued = subscriber.queue ?? [];
        if (queued.length === 0) {
          subscriber.queue = null;
          break;
        }
        subscriber.queue = [];
        this.deliverTo(subscriber, queued, await this.viewers([subscriber], queued));
      }
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async latestId(articleId: string): Promise<bigint> {
    const row = await this.db.liveEvent.findFirst({
      where: { articleId },
      orderBy: { id: "desc" },
      select: { id: true },
    });
    return row?.id ?? 0n;
  }

  private async backfill(subscriber: Subscriber): Promise<void> {
    const rows = await this.db.liveEvent.findMany({
      where: { articleId: subscriber.articleId, id: { gt: subscriber.lastId } },
      orderBy: { id: "asc" },
      take: MAX_LIVE_BACKFILL + 1,
      select: EVENT_SELECT,
    });
    if (rows.length > MAX_LIVE_BACKFILL) {
      // Too much was missed to replay: the client reloads its data and carries on from the latest event.
      subscriber.lastId =
        this.cursors.get(subscriber.articleId) ?? (await this.latestId(subscriber.articleId));
      subscriber.deliver({ kind: "reset" });
      return;
    }
    this.deliverTo(subscriber, rows, await this.viewers([subscriber], rows));
  }

  /** Sends each row to each subscriber allowed to receive it, once, in id order. */
  private async send(subscribers: Subscriber[], rows: EventRow[]): Promise<void> {
    const fresh = rows.filter((row) => subscribers.some((subscriber) => row.id > subscriber.lastId));
    if (fresh.length === 0) return;
    const viewers = await this.viewers(subscribers, fresh);
    for (const subscriber of subscribers) {
      if (subscriber.queue) subscriber.queue.push(...fresh);
      else this.deliverTo(subscriber, fresh, viewers);
    }
  }

  /** Synchronous, so lastId moves with each delivery and nothing is sent twice or out of order. */
  private deliverTo(subscriber: Subscriber, rows: EventRow[], viewers: Viewers): void {
    if (subscriber.ended) return;
    if (subscriber.session && !viewers.liveSessions.has(subscriber.session.sid)) {
      // Its session is over: a stream opened before sign-out must not keep receiving the team's events.
      subscriber.ended = true;
      subscriber.deliver({ kind: "ended" });
      return;
    }
    const viewer = subscriber.userId ? (viewers.byUser.get(subscriber.userId) ?? null) : null;
    for (const row of rows) {
      if (row.id <= subscriber.lastId) continue;
      subscriber.lastId = row.id;
      // Checked against the viewer's permissions now, never assumed from when the stream opened.
      if (mayReceive(row, viewer)) subscriber.deliver({ kind: "event", message: toMessage(row) });
    }
  }

  /**
   * Current team memberships of the subscribers, for the teams these rows belong to (one query), and
   * which of their sessions are still valid (one more query).
   */
  private async viewers(subscribers: Subscriber[], rows: EventRow[]): Promise<Viewers> {
    const liveSessions = await this.liveSessions(subscribers);
    const userIds = [
      ...new Set(subscribers.flatMap((subscriber) => (subscriber.userId ? [subscriber.userId] : []))),
    ];
    const teamIds = [
      ...new Set(rows.flatMap((row) => (row.visibility === "TEAM" && row.teamId ? [row.teamId] : []))),
    ];
    const viewers = new Map<string, LiveViewer>(
      userIds.map((id) => [id, { id, teamIds: new Set<string>() }]),
    );
    if (userIds.length && teamIds.length) {
      const memberships = await this.db.teamMembership.findMany({
        where: { teamId: { in: teamIds }, userId: { in: userIds } },
        select: { teamId: true, userId: true },
      });
      for (const membership of memberships)
        (viewers.get(membership.userId)?.teamIds as Set<string> | undefined)?.add(membership.teamId);
    }
    return { byUser: viewers, liveSessions };
  }

  /** The sids among these subscribers' sessions that are still valid: row present, unexpired, same version. */
  private async liveSessions(subscribers: Subscriber[]): Promise<Set<string>> {
    const sessions = subscribers.flatMap((subscriber) => (subscriber.session ? [subscriber.session] : []));
    if (sessions.length === 0) return new Set();
    const rows = await this.db.session.findMany({
      where: {
        sessionToken: { in: [...new Set(sessions.map((session) => session.sid))] },
        expires: { gt: new Date() },
      },
      select: { sessionToken: true, user: { select: { sessionVersion: true } } },
    });
    const versions = new Map(rows.map((row) => [row.sessionToken, row.user.sessionVersion]));
    return new Set(
      sessions.filter((session) => versions.get(session.sid) === session.sv).map((session) => session.sid),
    );
  }

  /** Closes the streams of sessions that ended while no event came (run with the safety poll). */
  async endSignedOutStreams(): Promise<void> {
    const subscribers = [...this.subscribers.values()].flatMap((set) =>
      [...set].filter((subscriber) => subscriber.session && !subscriber.ended),
    );
    if (subscribers.length === 0) return;
    const live = await this.liveSessions(subscribers);
    for (const subscriber of subscribers) {
      if (subscriber.session && !live.has(subscriber.session.sid) && !subscriber.ended) {
        subscriber.ended = true;
        subscriber.deliver({ kind: "ended" });
      }
    }
  }

  /** Fetches and dispatches everything after the article's cursor; serialised per article. */
  private dispatch(articleId: string): Promise<void> {
    const previous = this.fetching.get(articleId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const set = this.subscribers.get(articleId);
      const cursor = this.cursors.get(articleId);
      if (!set?.size || cursor === undefined) return;
      const rows = await this.db.liveEvent.findMany({
        where: { articleId, id: { gt: cursor } },
        orderBy: { id: "asc" },
        take: MAX_LIVE_BACKFILL,
        select: EVENT_SELECT,
      });
      if (rows.length === 0) return;
      this.cursors.set(articleId, rows[rows.length - 1]!.id);
      await this.send([...set], rows);
      // More than one batch arrived at once: keep going until caught up.
      if (rows.length === MAX_LIVE_BACKFILL) void this.dispatch(articleId);
    });
    const settled = next.catch((error: unknown) => console.error("Live update dispatch failed:", error));
    this.fetching.set(articleId, settled);
    void settled.then(() => {
      if (this.fetching.get(articleId) === settled) this.fetching.delete(articleId);
    });
    return settled;
  }

  private dispatchAll(): void {
    for (const articleId of this.subscribers.keys()) void this.dispatch(articleId);
  }

  private sweep(): void {
    this.dispatchAll();
    this.endSignedOutStreams().catch((error: unknown) => console.error("Live session check failed:", error));
  }

  private async listen(): Promise<void> {
    if (this.client) return;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    await this.connecting;
  }

  /**
   * Tries to listen again after a lost connection, and keeps trying while the database is away (a restart
   * takes longer than one delay); meanwhile the safety poll still delivers events once queries work again.
   */
  private reconnectLater(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed || this.client) return;
      this.listen().then(
        () => this.dispatchAll(),
        () => this.reconnectLater(),
      );
    }, RECONNECT_DELAY_MS).unref();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    const probe = `probe:${randomBytes(8).toString("hex")}`;
    let heardProbe: (() => void) | null = null;
    client.on("notification", (message) => {
      if (message.channel !== LIVE_CHANNEL || !message.payload) return;
      if (message.payload === probe) return heardProbe?.();
      const articleId = message.payload.slice(message.payload.indexOf(":") + 1);
      if (this.subscribers.has(articleId)) void this.dispatch(articleId);
    });
    client.on("error", (error) => {
      console.error("Live update listener lost its connection:", error.message);
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    const notificationsWork = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      heardProbe = () => {
        clearTimeout(timer);
        resolve(true);
      };
      // Sent through the app's pool, not the listening connection: what matters is hearing other sessions.
      this.db.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${probe})`.catch(() => resolve(false));
    });
    if (!notificationsWork)
      console.warn("Live updates: the database delivers no notifications; polling instead.");
    this.client = client;
    if (this.poll) clearInterval(this.poll);
    this.poll = setInterval(
      () => this.sweep(),
      notificationsWork ? LIVE_SAFETY_POLL_MS : LIVE_FALLBACK_POLL_MS,
    );
    this.poll.unref();
  }
}
