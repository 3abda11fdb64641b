// Notifications against the real database: each reader lists, counts and marks only their own; email is
// sent only when an SMTP transport is configured, and a failing or missing one never fails the caller.
import { createTransport } from "nodemailer";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session-user";
import { deliverNotificationEmails } from "@/lib/notifications/email";
import { notify, type NewNotification } from "@/lib/notifications/notify";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadNotificationCount,
} from "@/lib/notifications/queries";
import { testDb } from "../../helpers/db";
import { createUser } from "../../helpers/fixtures";

const db = testDb();

async function invitationFor(
  user: SessionUser,
  actor: SessionUser,
  teamName: string,
): Promise<NewNotification> {
  const notification: NewNotification = {
    type: "TEAM_INVITATION",
    userId: user.id,
    actorId: actor.id,
    data: { teamName },
  };
  await notify(db, [notification]);
  return notification;
}

describe("reading notifications", () => {
  it("lists a reader's own notifications, newest first, with who did what", async () => {
    const [reader, other, actor] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    await invitationFor(reader, actor, "First desk");
    await invitationFor(reader, actor, "Second desk");
    await invitationFor(other, actor, "Someone else's desk");

    const list = await listNotifications(db, reader.id);
    expect(list.map((item) => item.text)).toEqual([
      `${actor.name} invited you to join Second desk`,
      `${actor.name} invited you to join First desk`,
    ]);
    expect(list.every((item) => !item.read)).toBe(true);
    expect(await unreadNotificationCount(db, reader.id)).toBe(2);
    expect(await unreadNotificationCount(db, other.id)).toBe(1);
  });

  it("never notifies people of their own actions", async () => {
    const reader = await createUser(db);
    await notify(db, [{ type: "MENTION", userId: reader.id, actorId: reader.id }]);
    expect(await unreadNotificationCount(db, reader.id)).toBe(0);
  });
});

describe("marking notifications read", () => {
  it("marks one of one's own as read, once", async () => {
    const [reader, actor] = await Promise.all([createUser(db), createUser(db)]);
    await invitationFor(reader, actor, "Desk A");
    await invitationFor(reader, actor, "Desk B");
    const [first] = await listNotifications(db, reader.id);
    expect(await markNotificationRead(db, reader.id, first!.id)).toBe(true);
    expect(await markNotificationRead(db, reader.id, first!.id)).toBe(false);
    expect(await unreadNotificationCount(db, reader.id)).toBe(1);
    const after = await listNotifications(db, reader.id);
    expect(after.find((item) => item.id === first!.id)?.read).toBe(true);
  });

  it("cannot mark someone else's notification, even with its id", async () => {
    const [victim, intruder, actor] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    await invitationFor(victim, actor, "Private desk");
    const [theirs] = await listNotifications(db, victim.id);
    expect(await markNotificationRead(db, intruder.id, theirs!.id)).toBe(false);
    expect(await markAllNotificationsRead(db, intruder.id)).toBe(0);
    expect(await unreadNotificationCount(db, victim.id)).toBe(1);
    expect(await listNotifications(db, intruder.id)).toEqual([]);
  });

  it("marks all of one's own as read and leaves others' alone", async () => {
    const [reader, other, actor] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    for (const name of ["One", "Two", "Three"]) await invitationFor(reader, actor, name);
    await invitationFor(other, actor, "Theirs");
    expect(await markAllNotificationsRead(db, reader.id)).toBe(3);
    expect(await unreadNotificationCount(db, reader.id)).toBe(0);
    expect(await unreadNotificationCount(db, other.id)).toBe(1);
  });
});

describe("email delivery", () => {
  it("sends nothing and fails nothing without SMTP", async () => {
    const [reader, actor] = await Promise.all([createUser(db), createUser(db)]);
    const notification = await invitationFor(reader, actor, "Quiet desk");
    const previous = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      await expect(
        deliverNotificationEmails(db, [notification], { origin: "http://localhost:3000" }),
      ).resolves.toEqual({
        sent: 0,
        skipped: 1,
      });
    } finally {
      if (previous !== undefined) process.env.SMTP_URL = previous;
    }
  });

  it("emails the recipient what happened and where to see it when a transport is configured", async () => {
    const [reader, actor] = await Promise.all([createUser(db), createUser(db)]);
    const notification = await invitationFor(reader, actor, "Mail desk");
    // nodemailer's JSON transport builds the real message without a server; the sent info carries it.
    const transport = createTransport({ jsonTransport: true });
    const messages: string[] = [];
    const original = transport.sendMail.bind(transport);
    const recording: typeof transport.sendMail = async (mail: Parameters<typeof original>[0]) => {
      const info = await original(mail);
      messages.push(String(info.message));
      return info;
    };
    transport.sendMail = recording;

    const result = await deliverNotificationEmails(db, [notification], {
      transport,
      origin: "https://marginalia.example",
      from: "m@example.test",
    });
    expect(result).toEqual({ sent: 1, skipped: 0 });
    const message = JSON.parse(messages[0]!) as { to: { address: string }[]; subject: string; text: string };
    expect(message.to[0]?.address).toBe(reader.email);
    expect(message.subject).toBe(`${actor.name} invited you to join Mail desk`);
    expect(message.text).toContain("https://marginalia.example/notifications");
  });

  it("logs and carries on when the SMTP server cannot be reached", async () => {
    const [reader, actor] = await Promise.all([createUser(db), createUser(db)]);
    const notification = await invitationFor(reader, actor, "Offline desk");
    // Port 1 on loopback refuses connections at once.
    const result = await deliverNotificationEmails(db, [notification], {
      smtpUrl: "smtp://127.0.0.1:1",
      origin: "http://localhost:3000",
      from: "m@example.test",
    });
    expect(result).toEqual({ sent: 0, skipped: 1 });
    expect(await unreadNotificationCount(db, reader.id)).toBe(1);
  });
});
