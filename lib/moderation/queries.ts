// Read side of moderation: whom a user moderates (site-wide, or some teams), the queues (reported,
// pending, recently decided), authors' records and the audit log. Every read is limited, in its `where`,
// to the items the user may moderate (the same rules as lib/moderation/permissions.ts).
import type { Prisma } from "../generated/prisma/client";
import type { ItemStatus, ReportReason } from "../generated/prisma/enums";
import { can } from "../auth/can";
import type { SessionUser } from "../auth/session-user";
import type { Db } from "../db/prisma-factory";
import {
  AUDIT_LOG_EXPORT_LIMIT,
  AUDIT_LOG_PAGE_SIZE,
  type ItemKind,
  MODERATION_QUEUE_SIZE,
  type QueueFilters,
} from "./schemas";
import { type HoldReason, parseHoldReasons } from "./rules";

/** What a user moderates: everything moderable (site moderators), or their teams' content. */
export interface ModeratorReach {
  site: boolean;
  /** Teams the user owns or administers. */
  teamIds: string[];
}

/** The user's reach, or null when they moderate nothing (the moderation pages are then not for them). */
export async function moderatorReach(db: Db, user: SessionUser | null): Promise<ModeratorReach | null> {
  if (!user || user.status !== "ACTIVE") return null;
  const memberships = await db.teamMembership.findMany({
    where: { userId: user.id, role: { in: ["OWNER", "ADMIN"] } },
    select: { teamId: true },
  });
  const reach = {
    site: can(user, "moderation:access"),
    teamIds: memberships.map((membership) => membership.teamId),
  };
  return reach.site || reach.teamIds.length > 0 ? reach : null;
}

function moderableAnnotations(reach: ModeratorReach): Prisma.AnnotationWhereInput {
  if (reach.site) return { OR: [{ visibility: "PUBLIC" }, { visibility: "TEAM", teamId: { not: null } }] };
  return { visibility: "TEAM", teamId: { in: reach.teamIds } };
}

function moderableComments(reach: ModeratorReach): Prisma.CommentWhereInput {
  const replies: Prisma.CommentWhereInput = { annotation: moderableAnnotations(reach) };
  return reach.site ? { OR: [{ kind: "ARTICLE_COMMENT" }, replies] } : replies;
}

function moderableAuditEntries(reach: ModeratorReach): Prisma.AuditLogEntryWhereInput {
  return reach.site ? {} : { teamId: { in: reach.teamIds } };
}

export const QUEUES = ["reported", "pending", "appeals", "decided"] as const;
export type Queue = (typeof QUEUES)[number];

export interface QueueItem {
  kind: ItemKind;
  id: string;
  version: number;
  status: ItemStatus;
  text: string;
  /** What the item is about: the highlighted quote, or the thread's first words. */
  context: string | null;
  /** The thread around the item: the annotation a reply belongs to, the message it answers. */
  thread: string[];
  teamName: string | null;
  articleSlug: string;
  /** The article's current title (its slug when it has no revision yet). */
  articleTitle: string;
  /** The item's Markdown as rendered and sanitised on write ("" for a highlight without a note). */
  html: string;
  /** Why the automatic rules held it: shown on a pending item ([] when not held or held before this was stored). */
  holdReasons: HoldReason[];
  createdAt: Date;
  author: { id: string; name: string; handle: string };
  openReports: number;
  reasons: Partial<Record<ReportReason, number>>;
  notes: string[];
}

const ARTICLE_SELECT = { select: { slug: true, currentRevision: { select: { title: true } } } } as const;
const AUTHOR_SELECT = { select: { id: true, name: true, handle: true } } as const;
const OPEN_REPORTS = {
  where: { closedAt: null },
  select: { reason: true, note: true },
  orderBy: { createdAt: "asc" },
} as const;

function reportSummary(reports: { reason: ReportReason; note: string }[]) {
  const reasons: Partial<Record<ReportReason, number>> = {};
  for (const report of reports) reasons[report.reason] = (reasons[report.reason] ?? 0) + 1;
  return {
    openReports: reports.length,
    reasons,
    notes: reports.map((report) => report.note).filter(Boolean),
  };
}

/**
 * The items of one queue, most reported (then oldest) first. Filters (all optional, server-side): `kind`
 * (annotations or comments), `reason` (an open report with it), `article` (slug), `team` (id).
 * A bare `kind` string is accepted for older callers.
 */
export async function queueItems(
  db: Db,
  reach: ModeratorReach,
  queue: Exclude<Queue, "decided">,
  filtersOrKind?: QueueFilters | ItemKind,
): Promise<QueueItem[]> {
  const filters: QueueFilters =
    typeof filtersOrKind === "string" ? { kind: filtersOrKind } : (filtersOrKind ?? {});
  const { kind } = filters;
  const openReports = { closedAt: null, ...(filters.reason ? { reason: filters.reason } : {}) };
  const filter =
    queue === "reported"
      ? { reports: { some: openReports } }
      : { status: "PENDING" as const, ...(filters.reason ? { reports: { some: openReports } } : {}) };
  const onArticle = filters.article ? { article: { slug: filters.article } } : {};
  const annotationTeam: Prisma.AnnotationWhereInput = filters.team
    ? { visibility: "TEAM", teamId: filters.team }
    : {};
  // An article comment belongs to no team: a team filter keeps only replies in that team's threads.
  const commentTeam: Prisma.CommentWhereInput = filters.team
    ? { annotation: { visibility: "TEAM", teamId: filters.team } }
    : {};
  const [annotations, comments] = await Promise.all([
    kind === "comment"
      ? []
      : db.annotation.findMany({
          where: {
            AND: [moderableAnnotations(reach), { deletedAt: null }, filter, onArticle, annotationTeam],
          },
          orderBy: { createdAt: "asc" },
          take: MODERATION_QUEUE_SIZE,
          select: {
            id: true,
            version: true,
            status: true,
            body: true,
            bodyHtml: true,
            holdReasons: true,
            exact: true,
            createdAt: true,
            article: ARTICLE_SELECT,
            team: { select: { name: true } },
            author: AUTHOR_SELECT,
            reports: OPEN_REPORTS,
            _count: { select: { comments: { where: { deletedAt: null } } } },
          },
        }),
    kind === "annotation"
      ? []
      : db.comment.findMany({
          where: { AND: [moderableComments(reach), { deletedAt: null }, filter, onArticle, commentTeam] },
          orderBy: { createdAt: "asc" },
          take: MODERATION_QUEUE_SIZE,
          select: {
            id: true,
            version: true,
            status: true,
            body: true,
            bodyHtml: true,
            holdReasons: true,
            createdAt: true,
            article: ARTICLE_SELECT,
            author: AUTHOR_SELECT,
            reports: OPEN_REPORTS,
            annotation: {
              select: {
                exact: true,
                body: true,
                team: { select: { name: true } },
                author: { select: { name: true } },
              },
            },
            root: { select: { body: true } },
            parent: { select: { body: true, author: { select: { name: true } } } },
          },
        }),
  ]);
  const items: QueueItem[] = [
    ...annotations.map((row) => ({
      kind: "annotation" as const,
      id: row.id,
      version: row.version,
      status: row.status,
      text: row.body ?? "",
      context: row.exact,
      thread: row._count.comments
        ? [`${row._count.comments} ${row._count.comments === 1 ? "reply" : "replies"} in its thread`]
        : [],
      teamName: row.team?.name ?? null,
      articleSlug: row.article.slug,
      articleTitle: row.article.currentRevision?.title ?? row.article.slug,
      html: row.bodyHtml ?? "",
      holdReasons: parseHoldReasons(row.holdReasons),
      createdAt: row.createdAt,
      author: row.author,
      ...reportSummary(row.reports),
    })),
    ...comments.map((row) => ({
      kind: "comment" as const,
      id: row.id,
      version: row.version,
      status: row.status,
      text: row.body,
      context: row.annotation?.exact ?? row.annotation?.body ?? row.root?.body ?? null,
      thread: [
        ...(row.annotation?.exact && row.annotation.body
          ? [`Annotation by ${row.annotation.author.name}: ${row.annotation.body}`]
          : []),
        ...(row.parent ? [`In reply to ${row.parent.author.name}: ${row.parent.body}`] : []),
      ],
      teamName: row.annotation?.team?.name ?? null,
      articleSlug: row.article.slug,
      articleTitle: row.article.currentRevision?.title ?? row.article.slug,
      html: row.bodyHtml ?? "",
      holdReasons: parseHoldReasons(row.holdReasons),
      createdAt: row.createdAt,
      author: row.author,
      ...reportSummary(row.reports),
    })),
  ];
  return items
    .sort((a, b) => b.openReports - a.openReports || a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, MODERATION_QUEUE_SIZE);
}

export interface AuthorRecord {
  joinedAt: Date;
  items: number;
  removed: number;
  sanctions: number;
  status: "ACTIVE" | "SUSPENDED" | "BANNED";
}

const WITHDRAWN: ItemStatus[] = ["REMOVED", "SPAM"];

/** Each author's record: when they joined, how many items they wrote, how many were removed or spam. */
export async function authorRecords(db: Db, authorIds: string[]): Promise<Map<string, AuthorRecord>> {
  const ids = [...new Set(authorIds)];
  if (ids.length === 0) return new Map();
  const [users, annotationCounts, commentCounts, removedAnnotations, removedComments, sanctionCounts] =
    await Promise.all([
      db.user.findMany({ where: { id: { in: ids } }, select: { id: true, createdAt: true, status: true } }),
      db.annotation.groupBy({
        by: ["authorId"],
        where: { authorId: { in: ids }, deletedAt: null },
        _count: { _all: true },
      }),
      db.comment.groupBy({
        by: ["authorId"],
        where: { authorId: { in: ids }, deletedAt: null },
        _count: { _all: true },
      }),
      db.annotation.groupBy({
        by: ["authorId"],
        where: { authorId: { in: ids }, status: { in: WITHDRAWN } },
        _count: { _all: true },
      }),
      db.comment.groupBy({
        by: ["authorId"],
        where: { authorId: { in: ids }, status: { in: WITHDRAWN } },
        _count: { _all: true },
      }),
      db.sanction.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _count: { _all: true } }),
    ]);
  const countOf = (rows: { authorId: string; _count: { _all: number } }[], id: string) =>
    rows.find((row) => row.authorId === id)?._count._all ?? 0;
  return new Map(
    users.map((user) => [
      user.id,
      {
        joinedAt: user.createdAt,
        items: countOf(annotationCounts, user.id) + countOf(commentCounts, user.id),
        removed: countOf(removedAnnotations, user.id) + countOf(removedComments, user.id),
        sanctions: sanctionCounts.find((row) => row.userId === user.id)?._count._all ?? 0,
        status: user.status,
      },
    ]),
  );
}

export interface AuditLogFilters {
  action?: string;
  itemKind?: ItemKind;
  /** An actor's handle. */
  actor?: string;
}

export interface AuditRow {
  id: string;
  createdAt: Date;
  action: string;
  actor: { name: string; handle: string } | null;
  targetUser: { name: string; handle: string } | null;
  itemKind: string | null;
  itemId: string | null;
  before: string;
  after: string;
  reason: string;
}

function statusOf(value: Prisma.JsonValue): string {
  return value && typeof value === "object" && !Array.isArray(value) && typeof value.status === "string"
    ? value.status
    : "";
}

/** The audit log within the user's reach, newest first. `limit`: a page on screen, more for CSV. */
export async function auditLog(
  db: Db,
  reach: ModeratorReach,
  filters: AuditLogFilters,
  limit = AUDIT_LOG_PAGE_SIZE,
): Promise<AuditRow[]> {
  const rows = await db.auditLogEntry.findMany({
    where: {
      AND: [
        moderableAuditEntries(reach),
        filters.action ? { action: filters.action } : {},
        filters.itemKind ? { itemKind: filters.itemKind } : {},
        filters.actor ? { actor: { handle: filters.actor } } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(limit, AUDIT_LOG_EXPORT_LIMIT),
    select: {
      id: true,
      createdAt: true,
      action: true,
      actor: { select: { name: true, handle: true } },
      targetUser: { select: { name: true, handle: true } },
      itemKind: true,
      itemId: true,
      before: true,
      after: true,
      reason: true,
    },
  });
  return rows.map((row) => ({ ...row, before: statusOf(row.before), after: statusOf(row.after) }));
}

const CSV_COLUMNS = [
  "time",
  "action",
  "actor",
  "author",
  "item kind",
  "item id",
  "before",
  "after",
  "reason",
] as const;

function csvField(value: string): string {
  // Quote every field; a leading =, +, - or @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function auditLogCsv(rows: AuditRow[]): string {
  const lines = rows.map((row) =>
    [
      row.createdAt.toISOString(),
      row.action,
      row.actor?.handle ?? "",
      row.targetUser?.handle ?? "",
      row.itemKind ?? "",
      row.itemId ?? "",
      row.before,
      row.after,
      row.reason,
    ]
      .map(csvField)
      .join(","),
  );
  return [CSV_COLUMNS.map(csvField).join(","), ...lines].join("\r\n") + "\r\n";
}

/** What the queue's filters offer: articles and teams that have items in the user's reach. */
export async function queueFilterOptions(db: Db, reach: ModeratorReach) {
  const [articles, teams] = await Promise.all([
    db.article.findMany({
      where: { status: "PUBLISHED" },
      orderBy: { publishedAt: "desc" },
      take: 200,
      select: { slug: true, currentRevision: { select: { title: true } } },
    }),
    db.team.findMany({
      where: reach.site ? {} : { id: { in: reach.teamIds } },
      orderBy: { name: "asc" },
      take: 200,
      select: { id: true, name: true },
    }),
  ]);
  return {
    articles: articles.map((article) => ({
      slug: article.slug,
      title: article.currentRevision?.title ?? article.slug,
    })),
    teams,
  };
}

/** One user's record for a moderator: standing, counts, sanctions and the latest audit entries about them. */
export async function userRecord(db: Db, reach: ModeratorReach, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      handle: true,
      role: true,
      status: true,
      statusReason: true,
      suspendedUntil: true,
      createdAt: true,
    },
  });
  if (!user) return null;
  const [records, history] = await Promise.all([
    authorRecords(db, [userId]),
    db.auditLogEntry.findMany({
      where: { AND: [moderableAuditEntries(reach), { targetUserId: userId }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: AUDIT_LOG_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        action: true,
        reason: true,
        itemKind: true,
        itemId: true,
        before: true,
        after: true,
        actor: { select: { name: true } },
      },
    }),
  ]);
  return {
    user,
    record: records.get(userId) ?? null,
    history: history.map((row) => ({ ...row, before: statusOf(row.before), after: statusOf(row.after) })),
  };
}

/** The current status and version of the items named by audit rows, so "Recently decided" can offer Restore. */
export async function currentItemStates(
  db: Db,
  rows: Pick<AuditRow, "itemKind" | "itemId">[],
): Promise<Map<string, { status: ItemStatus; version: number }>> {
  const ids = (kind: string) => [
    ...new Set(rows.flatMap((row) => (row.itemKind === kind && row.itemId ? [row.itemId] : []))),
  ];
  const [annotations, comments] = await Promise.all([
    db.annotation.findMany({
      where: { id: { in: ids("annotation") }, deletedAt: null },
      select: { id: true, status: true, version: true },
    }),
    db.comment.findMany({
      where: { id: { in: ids("comment") }, deletedAt: null },
      select: { id: true, status: true, version: true },
    }),
  ]);
  return new Map(
    [...annotations, ...comments].map((row) => [row.id, { status: row.status, version: row.version }]),
  );
}
