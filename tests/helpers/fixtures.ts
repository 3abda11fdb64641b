// Builders for integration tests: real rows in the real database, each under fresh unique ids.
import type { SessionUser } from "@/lib/auth/session-user";
import { publishRevision } from "@/lib/articles/publish-revision";
import type { Db } from "@/lib/db/prisma-factory";
import type { Role } from "@/lib/generated/prisma/enums";
import { uniqueId } from "./db";

export const FIXTURE_ARTICLE_BODY = [
  "::: highlights",
  "- Rare earths are concentrated in a few places.",
  ":::",
  "",
  "The first paragraph talks about tight coordination between state-owned enterprises and agencies.",
  "",
  "The second paragraph is about processing capacity and refining in Inner Mongolia.",
  "",
  "## Implications",
  "",
  "The third paragraph draws conclusions for allies and their supply chains.",
].join("\n");

/**
 * Fixture accounts are established by default (created long ago), so the automatic moderation rules for
 * new accounts (lib/moderation/rules.ts) do not hold their posts; pass `createdAt` for a new account.
 */
export const ESTABLISHED_ACCOUNT_CREATED_AT = new Date("2025-01-01T00:00:00Z");

export async function createUser(
  db: Db,
  {
    role = "READER",
    status = "ACTIVE",
    createdAt = ESTABLISHED_ACCOUNT_CREATED_AT,
  }: { role?: Role; status?: SessionUser["status"]; createdAt?: Date } = {},
): Promise<SessionUser> {
  const id = uniqueId("user");
  const user = await db.user.create({
    data: { email: `${id}@example.test`, handle: id, name: `Reader ${id}`, role, status, createdAt },
    select: {
      id: true,
      email: true,
      name: true,
      handle: true,
      image: true,
      role: true,
      status: true,
      statusReason: true,
    },
  });
  return { ...user, suspendedUntil: null };
}

export async function createArticle(db: Db, body = FIXTURE_ARTICLE_BODY) {
  const slug = uniqueId("article");
  const article = await db.article.create({
    data: { slug, publishedAt: new Date("2025-01-01"), status: "PUBLISHED" },
  });
  const { revisionId } = await publishRevision(db, article.id, {
    title: `Article ${slug}`,
    summary: "Summary.",
    categories: [],
    body,
  });
  const revision = await db.articleRevision.findUniqueOrThrow({ where: { id: revisionId } });
  return { id: article.id, slug, revision };
}

export async function createTeam(db: Db, members: SessionUser[]) {
  const slug = uniqueId("team");
  return db.team.create({
    data: {
      slug,
      name: `Team ${slug}`,
      memberships: {
        create: members.map((member, index) => ({
          userId: member.id,
          role: index === 0 ? "OWNER" : "MEMBER",
        })),
      },
    },
  });
}

/** A selector for the first occurrence of `quote` in the revision's text. */
export function selectorFor(plainText: string, quote: string) {
  const start = plainText.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return { exact: quote, prefix: "", suffix: "", start, end: start + quote.length };
}
