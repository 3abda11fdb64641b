// npm run bench:annotations (server part): 10,000 annotations on the article, 1,000 of them visible to
// the viewer; times the viewer's annotation list (the query behind GET /api/articles/:slug/annotations)
// in-process against PostgreSQL. A benchmark, not a test: it prints figures for docs/benchmarks.md.
//
// Uses a fresh database of its own on the PostgreSQL server of DATABASE_URL (default: the local server);
// scripts/bench/annotations.ts drives it and drops the database afterwards.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { describeRange } from "../../lib/annotations/anchoring";
import { ANNOTATION_LIST_SELECT, withAuthorsAndTeams } from "../../lib/annotations/dto";
import { annotationRowsByIds } from "../../lib/annotations/list-sql";
import { annotationViewer, listAnnotations } from "../../lib/annotations/queries";
import { visibleAnnotationsWhere } from "../../lib/annotations/visibility";
import { seedArticles } from "../../lib/articles/seed-articles";
import type { SessionUser } from "../../lib/auth/session-user";
import { applyPendingMigrations } from "../../lib/db/migrations";
import { createPrismaClient } from "../../lib/db/prisma-factory";

export const BENCH_SLUG = "chinas-northern-rare-earths-mineral-superpower";
export const TOTAL_ANNOTATIONS = 10_000;
export const VISIBLE_TO_VIEWER = 1_000;
const OTHER_READERS = 50;
const WARMUP_RUNS = 20;
const MEASURED_RUNS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Creates the bench database with its data; returns its URL and the viewer. */
export async function prepareBenchDatabase(serverUrl: string) {
  const name = `marginalia_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  await applyPendingMigrations(connectionString);
  const db = createPrismaClient(connectionString);
  await seedArticles(db, path.resolve(import.meta.dirname, "../../content/articles"));
  const article = await db.article.findUniqueOrThrow({
    where: { slug: BENCH_SLUG },
    include: { currentRevision: true },
  });
  const text = article.currentRevision!.plainText;

  const viewer = await db.user.create({
    data: { email: "viewer@bench.test", handle: "bench-viewer", name: "Bench Viewer" },
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
  const others = await Promise.all(
    Array.from({ length: OTHER_READERS }, (_, i) =>
      db.user.create({
        data: { email: `reader${i}@bench.test`, handle: `bench-reader-${i}`, name: `Reader ${i}` },
        select: { id: true },
      }),
    ),
  );
  // Word-aligned passages of 3 to 12 words spread over the whole text.
  const wordStarts = [...text.matchAll(/\S+/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const rows = Array.from({ length: TOTAL_ANNOTATIONS }, (_, i) => {
    const first = (i * 7919) % (wordStarts.length - 12);
    const last = first + 2 + (i % 10);
    const selector = describeRange(text, wordStarts[first]!.start, wordStarts[last]!.end);
    // 300 of the viewer's own (private), 700 public by others, 9,000 private by others.
    const mine = i < 300;
    const isPublic = !mine && i < VISIBLE_TO_VIEWER;
    return {
      articleId: article.id,
      revisionId: article.currentRevisionId!,
      authorId: mine ? viewer.id : others[i % OTHER_READERS]!.id,
      visibility: isPublic ? ("PUBLIC" as const) : ("PRIVATE" as const),
      label: ["key-point", "question", "disagree", "evidence"][i % 4]!,
      body: i % 3 === 0 ? null : `Note ${i}: **why** this passage matters.`,
      bodyHtml: i % 3 === 0 ? null : `<p>Note ${i}: <strong>why</strong> this passage matters.</p>`,
      tags: i % 5 === 0 ? ["supply"] : [],
      ...selector,
      originalExact: selector.exact,
    };
  });
  for (let offset = 0; offset < rows.length; offset += 1_000)
    await db.annotation.createMany({ data: rows.slice(offset, offset + 1_000) });
  await db.$executeRawUnsafe("ANALYZE");
  return {
    name,
    connectionString,
    db,
    viewer: { ...viewer, suspendedUntil: null } satisfies SessionUser,
    admin: serverUrl,
  };
}

export async function dropBenchDatabase(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

export interface ServerFigures {
  visible: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function measureServerList(
  bench: Awaited<ReturnType<typeof prepareBenchDatabase>>,
): Promise<ServerFigures> {
  let visible = 0;
  for (let i = 0; i < WARMUP_RUNS; i++)
    visible = (await listAnnotations(bench.db, BENCH_SLUG, bench.viewer)).annotations.length;
  if (visible !== VISIBLE_TO_VIEWER)
    throw new Error(`expected ${VISIBLE_TO_VIEWER} visible annotations, got ${visible}`);
  const timings: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const started = performance.now();
    await listAnnotations(bench.db, BENCH_SLUG, bench.viewer);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return {
    visible,
    p50: percentile(timings, 50),
    p95: percentile(timings, 95),
    p99: percentile(timings, 99),
  };
}

export interface RowsComparison {
  prisma: { p50: number; p95: number };
  sql: { p50: number; p95: number };
}

/**
 * The step the list's SQL replaced, timed both ways back to back on the same data (alternating, so that
 * load on the machine hits both alike): the 1,000 visible rows with authors and teams through Prisma
 * (ANNOTATION_LIST_SELECT + withAuthorsAndTeams, as the list did before), and the same rows picked by id
 * through Prisma then loaded in one SQL query (annotationRowsByIds, as it does now).
 */
export async function compareRowLoading(
  bench: Awaited<ReturnType<typeof prepareBenchDatabase>>,
): Promise<RowsComparison> {
  const { db } = bench;
  const article = await db.article.findUniqueOrThrow({
    where: { slug: BENCH_SLUG },
    select: { id: true, currentRevisionId: true },
  });
  const where = {
    AND: [
      visibleAnnotationsWhere(await annotationViewer(db, bench.viewer)),
      {
        articleId: article.id,
        revisionId: article.currentRevisionId!,
        anchorStatus: { not: "ORPHANED" as const },
      },
    ],
  };
  const orderBy = [{ start: "asc" as const }, { createdAt: "asc" as const }];
  const viaPrisma = async () =>
    withAuthorsAndTeams(db, await db.annotation.findMany({ where, select: ANNOTATION_LIST_SELECT, orderBy }));
  const viaSql = async () =>
    annotationRowsByIds(
      db,
      (await db.annotation.findMany({ where, select: { id: true }, orderBy })).map((row) => row.id),
    );
  for (let i = 0; i < WARMUP_RUNS; i++) await Promise.all([viaPrisma(), viaSql()]);
  const timings = { prisma: [] as number[], sql: [] as number[] };
  for (let i = 0; i < MEASURED_RUNS; i++) {
    for (const [name, run] of [
      ["prisma", viaPrisma],
      ["sql", viaSql],
    ] as const) {
      const started = performance.now();
      const rows = await run();
      timings[name].push(performance.now() - started);
      if (rows.length !== VISIBLE_TO_VIEWER)
        throw new Error(`${name}: expected ${VISIBLE_TO_VIEWER} rows, got ${rows.length}`);
    }
  }
  const figures = (values: number[]) => {
    values.sort((a, b) => a - b);
    return { p50: percentile(values, 50), p95: percentile(values, 95) };
  };
  return { prisma: figures(timings.prisma), sql: figures(timings.sql) };
}

export function formatRowsComparison({ prisma, sql }: RowsComparison): string {
  return (
    `Loading the ${VISIBLE_TO_VIEWER} visible rows, back to back, ${MEASURED_RUNS} runs each: ` +
    `Prisma rows + authors/teams (before) p50 ${prisma.p50.toFixed(1)} ms, p95 ${prisma.p95.toFixed(1)} ms; ` +
    `ids through Prisma + one SQL query (now) p50 ${sql.p50.toFixed(1)} ms, p95 ${sql.p95.toFixed(1)} ms`
  );
}

export function formatServerFigures(figures: ServerFigures): string {
  return (
    `Viewer's annotation list (${figures.visible} of ${TOTAL_ANNOTATIONS}), ${MEASURED_RUNS} runs: ` +
    `p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms ` +
    `(budget p95 < 50 ms) ${figures.p95 < 50 ? "OK" : "OVER BUDGET"}`
  );
}
