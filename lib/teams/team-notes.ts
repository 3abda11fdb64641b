// The way from a team's page to what the team wrote: the articles its members annotated for the team and
// the latest team notes, each a link into its article. For members only (checked here, not only by the
// page), and only published, not deleted team annotations: a note held for review or hidden by a
// moderator stays out, as it does in the reading view for other members.
import type { Db } from "../db/prisma-factory";

/** Articles listed on a team's page (those with the latest team notes first). */
export const TEAM_PAGE_ARTICLES = 20;
/** Latest team notes listed on a team's page. */
export const TEAM_PAGE_NOTES = 10;
/** Characters of a note or quote shown in the list; the whole note is one click away. */
export const TEAM_NOTE_EXCERPT = 160;

export interface TeamArticleView {
  slug: string;
  title: string;
  notes: number;
}

export interface TeamNoteView {
  id: string;
  articleSlug: string;
  articleTitle: string;
  authorName: string;
  excerpt: string;
  createdAt: string;
}

export interface TeamNotes {
  articles: TeamArticleView[];
  notes: TeamNoteView[];
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > TEAM_NOTE_EXCERPT ? `${flat.slice(0, TEAM_NOTE_EXCERPT - 1)}…` : flat;
}

/** The team's articles and latest notes, or null when `userId` is not a member of the team. */
export async function teamNotes(db: Db, userId: string, teamId: string): Promise<TeamNotes | null> {
  const membership = await db.teamMembership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true },
  });
  if (!membership) return null;
  const where = {
    visibility: "TEAM" as const,
    teamId,
    status: "PUBLISHED" as const,
    deletedAt: null,
  };
  const [perArticle, latest] = await Promise.all([
    db.annotation.groupBy({
      by: ["articleId"],
      where,
      _count: { _all: true },
      _max: { createdAt: true },
      orderBy: { _max: { createdAt: "desc" } },
      take: TEAM_PAGE_ARTICLES,
    }),
    db.annotation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: TEAM_PAGE_NOTES,
      select: {
        id: true,
        body: true,
        exact: true,
        createdAt: true,
        author: { select: { name: true } },
        article: { select: { slug: true, currentRevision: { select: { title: true } } } },
      },
    }),
  ]);
  const articles = await db.article.findMany({
    where: { id: { in: perArticle.map((row) => row.articleId) } },
    select: { id: true, slug: true, currentRevision: { select: { title: true } } },
  });
  const byId = new Map(articles.map((article) => [article.id, article]));
  return {
    articles: perArticle.flatMap((row) => {
      const article = byId.get(row.articleId);
      return article
        ? [
            {
              slug: article.slug,
              title: article.currentRevision?.title ?? article.slug,
              notes: row._count._all,
            },
          ]
        : [];
    }),
    notes: latest.map((note) => ({
      id: note.id,
      articleSlug: note.article.slug,
      articleTitle: note.article.currentRevision?.title ?? note.article.slug,
      authorName: note.author.name,
      excerpt: excerpt(note.body || note.exact || ""),
      createdAt: note.createdAt.toISOString(),
    })),
  };
}
