// Importing annotations (W3C JSON-LD) is a way of creating them: each imported annotation is announced on
// the live stream like a note written on the page, to exactly the viewers who may see it, and goes
// through the same automatic moderation (a new account's public items wait in Pending, seen by nobody else).
import { describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/commands";
import { exportMyAnnotationsAsJsonLd, importAnnotations } from "@/lib/annotations/export-import";
import type { SessionUser } from "@/lib/auth/session-user";
import { mayReceive } from "@/lib/live/audience";
import type { LivePayload } from "@/lib/live/events";
import { testDb } from "../../helpers/db";
import { createArticle, createUser, selectorFor } from "../../helpers/fixtures";

const db = testDb();
const BASE = "http://localhost:3000";

/** A JSON-LD export holding one public and one private note, written by someone else on the article. */
async function exportedDocument(article: Awaited<ReturnType<typeof createArticle>>) {
  const writer = await createUser(db);
  const text = article.revision.plainText;
  for (const [quote, visibility] of [
    ["first paragraph", "PUBLIC"],
    ["second paragraph", "PRIVATE"],
  ] as const) {
    await createAnnotation(db, writer, article.slug, {
      revisionId: article.revision.id,
      selector: selectorFor(text, quote),
      body: `A ${visibility.toLowerCase()} note`,
      visibility,
    });
  }
  const { content } = await exportMyAnnotationsAsJsonLd(db, writer, article.slug, BASE);
  return JSON.parse(JSON.stringify(content)) as unknown;
}

async function importEvents(articleId: string, importer: SessionUser) {
  const rows = await db.liveEvent.findMany({
    where: { articleId, authorId: importer.id },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({ ...row, payload: row.payload as unknown as LivePayload }));
}

describe("live events of an import", () => {
  it("announces each imported annotation to those who may see it: the public one to everyone, the private one to its owner", async () => {
    const article = await createArticle(db);
    const document = await exportedDocument(article);
    const [importer, reader] = await Promise.all([createUser(db), createUser(db)]);

    const report = await importAnnotations(db, importer, article.slug, document, BASE);
    expect(report.failed).toBe(0);

    const imported = await db.annotation.findMany({
      where: { authorId: importer.id },
      select: { id: true, visibility: true, status: true },
    });
    expect(imported.map((row) => [row.visibility, row.status]).sort()).toEqual([
      ["PRIVATE", "PUBLISHED"],
      ["PUBLIC", "PUBLISHED"],
    ]);
    const events = await importEvents(article.id, importer);
    expect(events.map((event) => event.type)).toEqual(["annotation.created", "annotation.created"]);
    expect(events.map((event) => event.payload.id).sort()).toEqual(imported.map((row) => row.id).sort());
    for (const event of events)
      expect(event.payload).toMatchObject({ actorId: importer.id, annotationId: event.payload.id });

    const publicId = imported.find((row) => row.visibility === "PUBLIC")!.id;
    const receivedBy = (viewer: SessionUser | null) =>
      events
        .filter((event) => mayReceive(event, viewer && { id: viewer.id, teamIds: new Set() }))
        .map((event) => event.payload.id);
    expect(receivedBy(importer).sort()).toEqual(imported.map((row) => row.id).sort());
    expect(receivedBy(reader)).toEqual([publicId]);
    expect(receivedBy(null)).toEqual([publicId]);
  });

  it("holds a new account's imported public annotation in Pending, announced to nobody but its owner", async () => {
    const article = await createArticle(db);
    const document = await exportedDocument(article);
    const [newcomer, reader] = await Promise.all([createUser(db, { createdAt: new Date() }), createUser(db)]);

    const report = await importAnnotations(db, newcomer, article.slug, document, BASE);
    expect(report.failed).toBe(0);
    const held = await db.annotation.findFirstOrThrow({
      where: { authorId: newcomer.id, visibility: "PUBLIC" },
      select: { id: true, status: true },
    });
    expect(held.status).toBe("PENDING");

    const events = await importEvents(article.id, newcomer);
    expect(events).toHaveLength(2);
    const heldEvent = events.find((event) => event.payload.id === held.id)!;
    expect(heldEvent.itemStatus).toBe("PENDING");
    expect(mayReceive(heldEvent, { id: reader.id, teamIds: new Set() })).toBe(false);
    expect(mayReceive(heldEvent, null)).toBe(false);
    expect(mayReceive(heldEvent, { id: newcomer.id, teamIds: new Set() })).toBe(true);
  });
});
