// Live updates through PostgreSQL LISTEN/NOTIFY: two hubs (as two app instances would) on the shared
// database; authorised viewers receive each event, unauthorised ones never do (checked against current
// team membership), and resuming after an event id replays exactly what was missed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import type { SessionUser } from "@/lib/auth/session-user";
import { createArticleComment, createReply, setReaction } from "@/lib/discussion/commands";
import { createSessionRecord, revokeAllSessions, revokeSession } from "@/lib/auth/session-store";
import { LiveHub, type LiveDelivery, type LiveMessage, type LiveSession } from "@/lib/live/hub";
import { liveEventStream } from "@/lib/live/sse";
import { testDatabaseUrl, testDb } from "../../helpers/db";
import { createArticle, createTeam, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();
const DELIVERY_TIMEOUT_MS = 10_000;
// After the last expected event, how long we keep listening to be sure nothing else (unauthorised) comes.
const QUIET_MS = 400;

class Inbox {
  readonly messages: LiveMessage[] = [];
  resets = 0;
  ended = 0;
  private waiters: (() => void)[] = [];
  readonly deliver = (delivery: LiveDelivery) => {
    if (delivery.kind === "reset") this.resets += 1;
    else if (delivery.kind === "ended") this.ended += 1;
    else this.messages.push(delivery.message);
    for (const wake of this.waiters.splice(0)) wake();
  };
  async waitFor(predicate: (messages: LiveMessage[]) => boolean): Promise<void> {
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(`timed out; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
  ids(): string[] {
    return this.messages.map((message) => message.payload.id);
  }
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

describe("live updates across two app instances", () => {
  let hubA: LiveHub, hubB: LiveHub;
  let author: SessionUser, member: SessionUser, outsider: SessionUser, leaver: SessionUser;
  let article: Awaited<ReturnType<typeof createArticle>>;
  let teamId: string;
  const unsubscribes: (() => void)[] = [];

  beforeAll(async () => {
    hubA = new LiveHub(db, testDatabaseUrl());
    hubB = new LiveHub(db, testDatabaseUrl());
    [author, member, outsider, leaver] = await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
    article = await createArticle(db);
    teamId = (await createTeam(db, [author!, member!, leaver!])).id;
  });

  afterAll(async () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    await Promise.all([hubA.close(), hubB.close()]);
  });

  async function subscribe(
    hub: LiveHub,
    user: SessionUser | null,
    after: bigint | null = null,
    session: LiveSession | null = null,
  ) {
    const inbox = new Inbox();
    unsubscribes.push(
      await hub.subscribe({
        articleId: article.id,
        userId: user?.id ?? null,
        after,
        session,
        deliver: inbox.deliver,
      }),
    );
    return inbox;
  }

  async function teamAnnotation(quote: string) {
    return (
      await createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, quote),
        visibility: "TEAM",
        teamId,
      })
    ).annotation;
  }

  // Issue 20: a stream opened before sign-out kept receiving the team's event ids.
  it("ends a member's stream when its session is signed out, before the next team event", async () => {
    const session = await createSessionRecord(db, member.id);
    const otherDevice = await createSessionRecord(db, member.id);
    const signedOut = await subscribe(hubA, member, null, session);
    const stillSignedIn = await subscribe(hubB, member, null, otherDevice);
    const before = await teamAnnotation("tight coordination");
    await signedOut.waitFor((messages) => messages.some((message) => message.payload.id === before.id));

    await revokeSession(db, session.sid);
    const after = await createReply(db, author, before.id, { body: "after sign-out" });
    await stillSignedIn.waitFor((messages) =>
      messages.some((message) => message.payload.id === after.comment.id),
    );
    await quiet();
    expect(signedOut.ended).toBe(1);
    expect(signedOut.ids()).toEqual([before.id]);
    // The same user's other device keeps its stream.
    expect(stillSignedIn.ended).toBe(0);
  });

  it("ends an idle stream whose session was revoked (sign out of all devices) on the next check", async () => {
    const session = await createSessionRecord(db, outsider.id);
    const inbox = await subscribe(hubA, outsider, null, session);
    await revokeAllSessions(db, outsider.id);
    await hubA.endSignedOutStreams();
    expect(inbox.ended).toBe(1);
    // Once ended, nothing more, not even public events.
    await createArticleComment(db, author, article.slug, { body: "public after revocation" });
    await quiet();
    await quiet();
    expect(inbox.messages).toEqual([]);
  });

  it("closes the SSE stream with an ended event on sign-out", async () => {
    const session = await createSessionRecord(db, member.id);
    const controller = new AbortController();
    const stream = await liveEventStream(hubA, {
      articleId: article.id,
      userId: member.id,
      session,
      after: null,
      signal: controller.signal,
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    await revokeSession(db, session.sid);
    await hubA.endSignedOutStreams();
    let text = "";
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    for (;;) {
      const { value, done } = await reader.read();
      if (done || Date.now() > deadline) break;
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toContain("event: ended\n");
  });

  it("delivers a team annotation to its members on both instances, and never to others", async () => {
    const authorInbox = await subscribe(hubA, author);
    const memberInbox = await subscribe(hubB, member);
    const outsiderInbox = await subscribe(hubA, outsider);
    const anonymousInbox = await subscribe(hubB, null);

    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "tight coordination"),
      visibility: "TEAM",
      teamId,
    });
    const { comment } = await createReply(db, member, annotation.id, { body: "team-only words" });

    await memberInbox.waitFor((messages) => messages.length === 2);
    await authorInbox.waitFor((messages) => messages.length === 2);
    await quiet();
    expect(memberInbox.messages.map((message) => message.type)).toEqual([
      "annotation.created",
      "reply.created",
    ]);
    expect(memberInbox.ids()).toEqual([annotation.id, comment.id]);
    expect(outsiderInbox.messages).toEqual([]);
    expect(anonymousInbox.messages).toEqual([]);
    // Ids only: the words themselves never travel on the stream.
    expect(JSON.stringify(memberInbox.messages)).not.toContain("team-only words");
  });

  it("stops sending team events to a member removed from the team, at once", async () => {
    const leaverInbox = await subscribe(hubA, leaver);
    const memberInbox = await subscribe(hubB, member);
    const { annotation } = await createAnnotation(db, author, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(article.revision.plainText, "processing capacity"),
      visibility: "TEAM",
      teamId,
    });
    await createReply(db, author, annotation.id, { body: "before" });
    // The annotation and the first reply, while still a member.
    await leaverInbox.waitFor((messages) => messages.length === 2);
    await db.teamMembership.delete({ where: { teamId_userId: { teamId, userId: leaver.id } } });
    await createReply(db, author, annotation.id, { body: "after" });
    await memberInbox.waitFor((messages) => messages.length === 3);
    await quiet();
    expect(leaverInbox.messages.map((message) => message.type)).toEqual([
      "annotation.created",
      "reply.created",
    ]);
  });

  it("sends public comments and reactions to everyone, anonymous readers included", async () => {
    const anonymousInbox = await subscribe(hubA, null);
    const { comment } = await createArticleComment(db, outsider, article.slug, { body: "hello all" });
    await setReaction(db, member, { kind: "AGREE", commentId: comment.id }, true);
    await anonymousInbox.waitFor((messages) => messages.length === 2);
    expect(anonymousInbox.messages.map((message) => message.type)).toEqual([
      "comment.created",
      "reaction.changed",
    ]);
    expect(anonymousInbox.messages[0]!.payload.actorId).toBe(outsider.id);
  });

  it("resumes after a Last-Event-ID with nothing lost and nothing duplicated, filtered by permission", async () => {
    const watcher = await subscribe(hubA, member);
    const { comment: first } = await createArticleComment(db, author, article.slug, { body: "one" });
    await watcher.waitFor((messages) => messages.some((message) => message.payload.id === first.id));
    const lastSeen = BigInt(watcher.messages[watcher.messages.length - 1]!.id);

    // While "disconnected": a public comment, a team reply the member may see, a private annotation's
    // reply they may not.
    const { comment: second } = await createArticleComment(db, author, article.slug, { body: "two" });
    const teamAnnotation = (
      await createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "refining"),
        visibility: "TEAM",
        teamId,
      })
    ).annotation;
    const { comment: teamReply } = await createReply(db, author, teamAnnotation.id, { body: "three" });
    const privateAnnotation = (
      await createAnnotation(db, author, article.slug, {
        revisionId: article.revision.id,
        selector: selectorFor(article.revision.plainText, "allies"),
        visibility: "PRIVATE",
      })
    ).annotation;
    await createReply(db, author, privateAnnotation.id, { body: "four" });

    const resumed = await subscribe(hubB, member, lastSeen);
    const { comment: fifth } = await createArticleComment(db, author, article.slug, { body: "five" });
    await resumed.waitFor((messages) => messages.some((message) => message.payload.id === fifth.id));
    await quiet();
    // The private annotation and its reply are never sent to the member.
    expect(resumed.ids()).toEqual([second.id, teamAnnotation.id, teamReply.id, fifth.id]);
    expect(new Set(resumed.messages.map((message) => message.id)).size).toBe(resumed.messages.length);
    const ids = resumed.messages.map((message) => BigInt(message.id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
    expect(ids[0]! > lastSeen).toBe(true);
  });

  it("frames events as SSE with id lines, a retry hint and the event data", async () => {
    const controller = new AbortController();
    const stream = await liveEventStream(hubA, {
      articleId: article.id,
      userId: null,
      after: null,
      signal: controller.signal,
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const { comment } = await createArticleComment(db, author, article.slug, { body: "framed" });
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while (!text.includes(comment.id) && Date.now() < deadline) {
      const { value } = await reader.read();
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toMatch(/^retry: \d+\n/);
    expect(text).toMatch(new RegExp(`id: \\d+\\nevent: live\\ndata: \\{.*"id":"${comment.id}".*\\}\\n\\n`));
  });
});
