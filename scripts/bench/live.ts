// npm run bench:live: live updates at scale. 200 concurrent Server-Sent Event clients on one article,
// spread over two app instances (two `next start` processes on different ports sharing one PostgreSQL),
// receive new team annotations. Budget: every authorised client receives each annotation with p95 < 500 ms,
// and no unauthorised client (signed-in non-members, anonymous readers) ever receives one.
//
//   1. a database of the run's own, created beside DATABASE_URL's (a PostgreSQL server: LISTEN/NOTIFY is
//      what the instances share) and dropped at the end;
//   2. `npm start`'s code (scripts/start.ts) migrates, seeds, builds into .next-bench-live when needed and
//      serves instance A; instance B is `next start` on the same build and database;
//   3. users, a team and sessions are written directly; session cookies are minted with the run's secret;
//   4. the clients connect (alternating instances), then the author posts team annotations one by one
//      through instance A's API and every client's receipt time is recorded;
//   5. figures are printed and appended to docs/benchmarks.md.
//
// Options: --clients <n> (200), --rounds <n> (20), --members <share of clients, 0.6>,
//          --event-source api|direct (api: POST the annotation to the app, which records the live event;
//          direct: write the annotation and its event in one transaction from here, the same calls the
//          app makes, for a tree whose annotation commands are not wired to live events yet).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { createAnnotation } from "../../lib/annotations/commands";
import { createSessionRecord, SESSION_MAX_AGE_SECONDS } from "../../lib/auth/session-store";
import { createPrismaClient, type Db } from "../../lib/db/prisma-factory";
import { annotationScope, recordLiveEvent } from "../../lib/live/events";
import { MODERATION_SETTINGS_ID, SETTING_BOUNDS } from "../../lib/moderation/settings";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT_A = Number(process.env.BENCH_LIVE_PORT_A ?? 3760);
const PORT_B = Number(process.env.BENCH_LIVE_PORT_B ?? 3761);
const DIST_DIR = ".next-bench-live";
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const RESULTS_FILE = path.join(ROOT, "docs/benchmarks.md");
const SESSION_COOKIE = "authjs.session-token";
const BUDGET_P95_MS = 500;
const SERVER_READY_TIMEOUT_MS = 10 * 60_000;
const POLL_INTERVAL_MS = 500;
/** How long after a post we wait for every authorised client before counting it as missed. */
const DELIVERY_WAIT_MS = 5_000;
/** Pause between annotations, so rounds do not overlap. */
const ROUND_GAP_MS = 300;
const STOP_TIMEOUT_MS = 15_000;
const MARKER_BEGIN = "<!-- bench:live:begin -->";
const MARKER_END = "<!-- bench:live:end -->";
const QUOTE = "rare earth";

const { values: options } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    rounds: { type: "string", default: "20" },
    members: { type: "string", default: "0.6" },
    "event-source": { type: "string", default: "api" },
  },
});
const clientCount = Number(options.clients);
const rounds = Number(options.rounds);
const memberShare = Number(options.members);
const eventSource = options["event-source"];
if (
  !(clientCount >= 2) ||
  !(rounds >= 1) ||
  !(memberShare > 0 && memberShare < 1) ||
  (eventSource !== "api" && eventSource !== "direct")
) {
  console.error(
    "Usage: npm run bench:live -- [--clients n>=2] [--rounds n>=1] [--members 0..1] [--event-source api|direct]",
  );
  process.exit(2);
}

type Kind = "member" | "outsider" | "anonymous";
interface Client {
  index: number;
  kind: Kind;
  port: number;
  cookie: string | null;
  received: Map<string, number>;
  controller: AbortController;
  connected: Promise<void>;
}

const servers: ChildProcess[] = [];
let runDatabase: { url: string; drop: () => Promise<void> } | null = null;
let db: Db | null = null;

async function adminQuery(connectionString: string, sql: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createRunDatabase(configured: string) {
  const name = `marginalia_bench_live_${randomBytes(4).toString("hex")}`;
  await adminQuery(configured, `CREATE DATABASE "${name}"`);
  const url = new URL(configured);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(configured, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

function spawnServer(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  servers.push(child);
  return child;
}

async function waitForOk(url: string, child: ChildProcess) {
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The server for ${url} exited; see its output above.`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${SERVER_READY_TIMEOUT_MS / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

async function stopServers() {
  await Promise.all(
    servers.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
}

async function cleanUp() {
  await stopServers();
  await db?.$disconnect();
  // Route types written by the build would join everyone's type check (see scripts/bench/page.ts).
  rmSync(path.join(ROOT, DIST_DIR, "types"), { recursive: true, force: true });
  await runDatabase
    ?.drop()
    .catch((error: unknown) => console.error("Could not drop the run's database:", error));
}

/** Reads an SSE stream, recording when each annotation event arrived. */
function connect(client: Client, slug: string): Promise<void> {
  return new Promise<void>((resolveConnected, rejectConnected) => {
    void (async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${client.port}/api/articles/${slug}/events?after=0`, {
          headers: {
            Accept: "text/event-stream",
            ...(client.cookie ? { Cookie: `${SESSION_COOKIE}=${client.cookie}` } : {}),
          },
          signal: client.controller.signal,
        });
        if (!response.ok || !response.body)
          throw new Error(`client ${client.index}: HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        let connected = false;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          if (!connected && buffer.includes(": connected")) {
            connected = true;
            resolveConnected();
          }
          let end = buffer.indexOf("\n\n");
          while (end !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split("\n").find((line) => line.startsWith("data: "));
            if (data) {
              const message = JSON.parse(data.slice(6)) as { type: string; payload: { id: string } };
              if (message.type === "annotation.created" && !client.received.has(message.payload.id)) {
                client.received.set(message.payload.id, performance.now());
              }
            }
            end = buffer.indexOf("\n\n");
          }
        }
      } catch (error) {
        if (!client.controller.signal.aborted)
          rejectConnected(error instanceof Error ? error : new Error(String(error)));
      }
    })();
  });
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

function recordResults(line: string, description: string) {
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "# Benchmarks\n";
  const begin = existing.indexOf(MARKER_BEGIN);
  const end = existing.indexOf(MARKER_END);
  const header = [
    MARKER_BEGIN,
    description,
    "",
    "| date | clients (members / outsiders / anonymous) | rounds | event source | deliveries | p50 ms | p95 ms | max ms | missed | unauthorised | budget |",
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  if (begin !== -1 && end > begin) {
    const previous = existing
      .slice(begin, end)
      .split("\n")
      .filter((row) => /^\| \d{4}-/.test(row));
    writeFileSync(
      RESULTS_FILE,
      existing.slice(0, begin) +
        [...header, ...previous, line, MARKER_END].join("\n") +
        existing.slice(end + MARKER_END.length),
    );
  } else {
    const section = [
      "",
      "## Live updates across two instances (`npm run bench:live`)",
      "",
      "Server-Sent Event clients on one article, split over two `next start` instances sharing PostgreSQL",
      "(LISTEN/NOTIFY); a team annotation is posted and each client's receipt time is measured.",
      "",
      ...header,
      line,
      MARKER_END,
      "",
    ];
    writeFileSync(RESULTS_FILE, existing.replace(/\n*$/, "\n") + section.join("\n"));
  }
}

async function main() {
  const configured = process.env.DATABASE_URL?.trim();
  if (!configured)
    throw new Error(
      "bench:live needs DATABASE_URL: a PostgreSQL server that both instances share (LISTEN/NOTIFY).",
    );
  runDatabase = await createRunDatabase(configured);
  const secret = randomBytes(32).toString("base64url");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: runDatabase.url,
    NEXT_DIST_DIR: DIST_DIR,
    AUTH_SECRET: secret,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };

  console.log(`Preparing instance A on ${PORT_A} (migrate, seed, build into ${DIST_DIR} when needed)…`);
  const serverA = spawnServer(["--import", "tsx", "scripts/start.ts"], {
    ...env,
    PORT: String(PORT_A),
    SITE_URL: `http://127.0.0.1:${PORT_A}`,
  });
  await waitForOk(`http://127.0.0.1:${PORT_A}/`, serverA);
  const serverB = spawnServer([NEXT_BIN, "start", "-p", String(PORT_B)], {
    ...env,
    NODE_ENV: "production",
    PORT: String(PORT_B),
    SITE_URL: `http://127.0.0.1:${PORT_B}`,
  });
  await waitForOk(`http://127.0.0.1:${PORT_B}/`, serverB);

  db = createPrismaClient(runDatabase.url, { poolSize: 4 });
  const article = await db.article.findFirstOrThrow({
    where: { status: "PUBLISHED" },
    select: { id: true, slug: true, currentRevision: { select: { id: true, plainText: true } } },
  });
  const revision = article.currentRevision!;
  const start = revision.plainText.toLowerCase().indexOf(QUOTE);
  if (start < 0) throw new Error(`"${QUOTE}" is not in the seeded article.`);
  const selector = {
    exact: revision.plainText.slice(start, start + QUOTE.length),
    prefix: "",
    suffix: "",
    start,
    end: start + QUOTE.length,
  };

  const members = Math.round(clientCount * memberShare);
  const outsiders = Math.floor((clientCount - members) / 2);
  const kinds: Kind[] = Array.from({ length: clientCount }, (_, index) =>
    index < members ? "member" : index < members + outsiders ? "outsider" : "anonymous",
  );
  const tag = randomBytes(3).toString("hex");
  const author = await db.user.create({
    data: { email: `bench-author-${tag}@bench.test`, handle: `bench-author-${tag}`, name: "Bench Author" },
  });
  const team = await db.team.create({
    data: {
      slug: `bench-${tag}`,
      name: "Bench team",
      memberships: { create: { userId: author.id, role: "OWNER" } },
    },
  });

  const cookieFor = async (userId: string) => {
    const claims = await createSessionRecord(db!, userId);
    return encode({
      token: { sub: userId, sid: claims.sid, sv: claims.sv },
      secret,
      salt: SESSION_COOKIE,
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
  };
  const authorCookie = await cookieFor(author.id);
  if (eventSource === "api") {
    // One author posts every round, faster than the moderation flood limit allows (5 a minute by
    // default): the run's own database raises it, as an admin would at /admin/moderation.
    const floodLimitPerMinute = SETTING_BOUNDS.floodLimitPerMinute.max;
    await db.moderationSettings.upsert({
      where: { id: MODERATION_SETTINGS_ID },
      create: { id: MODERATION_SETTINGS_ID, floodLimitPerMinute },
      update: { floodLimitPerMinute },
    });
  }

  console.log(
    `Creating ${members} members and ${outsiders} outsiders, and connecting ${clientCount} clients…`,
  );
  const clients: Client[] = [];
  for (const [index, kind] of kinds.entries()) {
    let cookie: string | null = null;
    if (kind !== "anonymous") {
      const user = await db.user.create({
        data: {
          email: `bench-${tag}-${index}@bench.test`,
          handle: `bench-${tag}-${index}`,
          name: `Bench ${index}`,
        },
      });
      if (kind === "member") await db.teamMembership.create({ data: { teamId: team.id, userId: user.id } });
      cookie = await cookieFor(user.id);
    }
    const client: Client = {
      index,
      kind,
      port: index % 2 === 0 ? PORT_A : PORT_B,
      cookie,
      received: new Map(),
      controller: new AbortController(),
      connected: Promise.resolve(),
    };
    client.connected = connect(client, article.slug);
    clients.push(client);
  }
  await Promise.all(clients.map((client) => client.connected));
  console.log(
    `${clientCount} clients connected (${clients.filter((c) => c.port === PORT_A).length} on A, ${clients.filter((c) => c.port === PORT_B).length} on B).`,
  );

  // Figures from a busy machine say little; say so rather than record them silently.
  const loadBefore = os.loadavg()[0] ?? 0;
  if (loadBefore > os.cpus().length / 2) {
    console.warn(
      `Warning: load average ${loadBefore.toFixed(1)} on ${os.cpus().length} cores; other work will skew the figures.`,
    );
  }
  const latencies: number[] = [];
  let missed = 0;
  let unauthorised = 0;
  for (let round = 0; round < rounds; round += 1) {
    const sentAt = performance.now();
    let annotationId: string;
    if (eventSource === "api") {
      const response = await fetch(`http://127.0.0.1:${PORT_A}/api/articles/${article.slug}/annotations`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: `http://127.0.0.1:${PORT_A}`,
          Cookie: `${SESSION_COOKIE}=${authorCookie}`,
        },
        body: JSON.stringify({
          revisionId: revision.id,
          selector,
          body: `Bench round ${round}`,
          visibility: "TEAM",
          teamId: team.id,
        }),
      });
      if (response.status !== 201)
        throw new Error(`Posting an annotation failed: HTTP ${response.status} ${await response.text()}`);
      annotationId = ((await response.json()) as { id: string }).id;
    } else {
      const sessionUser = {
        id: author.id,
        email: author.email,
        name: author.name,
        handle: author.handle,
        image: null,
        role: author.role,
        status: author.status,
        statusReason: null,
        suspendedUntil: null,
      };
      const { annotation } = await createAnnotation(db, sessionUser, article.slug, {
        revisionId: revision.id,
        selector,
        body: `Bench round ${round}`,
        visibility: "TEAM",
        teamId: team.id,
      });
      annotationId = annotation.id;
      await db.$transaction((tx) =>
        recordLiveEvent(tx, {
          articleId: article.id,
          type: "annotation.created",
          ...annotationScope({
            visibility: "TEAM",
            teamId: team.id,
            authorId: author.id,
            status: "PUBLISHED",
          }),
          payload: { id: annotationId, actorId: author.id, annotationId },
        }),
      );
    }
    const authorised = clients.filter((client) => client.kind === "member");
    const deadline = performance.now() + DELIVERY_WAIT_MS;
    while (performance.now() < deadline && !authorised.every((client) => client.received.has(annotationId))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // A short grace period, so a late unauthorised delivery would still be caught.
    await new Promise((resolve) => setTimeout(resolve, ROUND_GAP_MS));
    for (const client of clients) {
      const at = client.received.get(annotationId);
      if (client.kind === "member") {
        if (at === undefined) missed += 1;
        else latencies.push(at - sentAt);
      } else if (at !== undefined) {
        unauthorised += 1;
      }
    }
    process.stdout.write(`round ${round + 1}/${rounds}\r`);
  }
  for (const client of clients) client.controller.abort();

  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 0.5);
  const p95 = percentile(latencies, 0.95);
  const max = latencies[latencies.length - 1] ?? Number.NaN;
  const ok = p95 < BUDGET_P95_MS && missed === 0 && unauthorised === 0;
  const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "—");
  console.log(
    `\n${latencies.length} deliveries to authorised clients: p50 ${fixed(p50)} ms, p95 ${fixed(p95)} ms, max ${fixed(max)} ms; ` +
      `missed ${missed}; deliveries to unauthorised clients ${unauthorised}. ${ok ? "Within budget." : "OVER BUDGET or INCORRECT."}`,
  );
  const date = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const cpus = os.cpus();
  recordResults(
    `| ${date} | ${clientCount} (${members} / ${outsiders} / ${clientCount - members - outsiders}) | ${rounds} | ${eventSource} | ${latencies.length} | ${fixed(p50)} | ${fixed(p95)} | ${fixed(max)} | ${missed} | ${unauthorised} | ${ok ? "within budget" : "OVER BUDGET"} |`,
    `Machine of the latest run: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), Node ${process.version}; load average before it: ${loadBefore.toFixed(1)}; PostgreSQL server; ` +
      `two \`next start\` instances, clients alternating between them. Budget: p95 < ${BUDGET_P95_MS} ms, nothing missed, nothing unauthorised.`,
  );
  if (!ok) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
process.exit();
