import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Queue } from "bullmq";
import IORedis from "ioredis";
import type { createDb } from "@/db/client";
import { events, integrations } from "@/db/schema";
import type { NormalizedEvent } from "@/lib/ingest/normalized";
import { EVENTS_JOB_OPTIONS, EVENTS_QUEUE, type EventsJob, enqueueEvents } from "@/workers/queues/events";
import { REPO_ROOT, TSX_BIN, waitFor } from "./processes";

type Scratch = ReturnType<typeof createDb>;

export const STREAM_INTEGRATION_ID = "00000000-0000-4000-8000-00000000a11e";
const STREAM_BASE = Date.parse("2026-01-01T00:00:00Z");

// Deterministic pseudo-random numbers, so two databases receive the very same stream.
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type StreamEvent = { normalized: NormalizedEvent; receivedAt: Date };

// Groups of 1–9 fingerprints (half with a sender group key, half grouped by rule), picked with a skew so some groups
// go quiet for longer than the windows; ~20 % resolves and ~5 % re-deliveries, received `stepMs` apart.
export function buildStream(count: number, groups: number, stepMs = 150): StreamEvent[] {
  const random = mulberry32(42);
  const list: StreamEvent[] = [];
  let previous: NormalizedEvent | undefined;
  for (let i = 0; i < count; i++) {
    const receivedAt = new Date(STREAM_BASE + i * stepMs);
    if (previous && random() < 0.05) {
      list.push({ normalized: previous, receivedAt });
      continue;
    }
    const group = Math.floor(groups * random() ** 2);
    const fp = `g${group}-${Math.floor(random() * (1 + (group % 9)))}`;
    const isSenderGrouped = group % 2 === 0;
    const alertname = `Stream${group}`;
    const normalized: NormalizedEvent = {
      action: random() < 0.2 ? "resolve" : "trigger",
      fingerprint: fp,
      groupKey: isSenderGrouped ? `{}:{alertname="${alertname}"}` : null,
      severity: (["critical", "error", "warning", "info"] as const)[group % 4],
      alertname,
      summary: `${alertname} on ${fp}`,
      description: "",
      labels: { alertname, host: fp },
      annotations: {},
      generatorUrl: null,
      links: [],
      startsAt: null,
      endsAt: null,
      occurredAt: receivedAt.toISOString(),
      serviceHint: null,
    };
    previous = normalized;
    list.push({ normalized, receivedAt });
  }
  return list;
}

// Events per second while the engine worked: from the first to the last processed_at.
export async function engineRate(scratch: Scratch): Promise<number> {
  const [row] = await scratch.sql<{ n: number; seconds: number }[]>`
    select count(*)::int as n, extract(epoch from max(processed_at) - min(processed_at))::float8 as seconds from events`;
  return row.n / Math.max(row.seconds, 0.001);
}

export async function insertStreamIntegration(scratch: Scratch) {
  await scratch.db.insert(integrations).values({
    id: STREAM_INTEGRATION_ID,
    name: "stream",
    kind: "alertmanager",
    keyHash: "stream-key-hash",
    keyPrefix: "wdi_strm",
  });
}

// As the accept path does it: a multi-row insert per request, then a best-effort enqueue (Redis may be down).
export async function acceptChunk(scratch: Scratch, queue: Queue<EventsJob>, chunk: StreamEvent[]) {
  const rows = await scratch.db
    .insert(events)
    .values(
      chunk.map(({ normalized, receivedAt }) => ({
        integrationId: STREAM_INTEGRATION_ID,
        requestId: crypto.randomUUID(),
        kind: "alertmanager" as const,
        action: normalized.action,
        fingerprint: normalized.fingerprint,
        payload: {},
        normalized,
        receivedAt,
      })),
    )
    .returning({ id: events.id });
  await enqueueEvents(
    queue,
    rows.map((r) => r.id),
  ).catch(() => {});
}

export function streamQueue(redisUrl: string, prefix: string) {
  const connection = new IORedis(redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 1000,
  });
  connection.on("error", () => {});
  const queue = new Queue<EventsJob>(EVENTS_QUEUE, {
    connection,
    prefix: `{${prefix}}`,
    defaultJobOptions: EVENTS_JOB_OPTIONS,
  });
  queue.on("error", () => {});
  return { queue, close: async () => Promise.allSettled([queue.close(), connection.quit()]) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
    {
      stdio: "ignore",
    },
  );
  const probe = new IORedis(`redis://127.0.0.1:${port}`, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  await waitFor(
    async () => {
      try {
        if (probe.status !== "ready") await probe.connect();
        return (await probe.ping()) === "PONG";
      } catch {
        probe.disconnect();
        return false;
      }
    },
    { timeoutMs: 10_000, what: `redis-server on port ${port}` },
  );
  probe.disconnect();
  return child;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

export function spawnWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(TSX_BIN, ["workers/index.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => {});
  return child;
}

export async function unprocessedCount(scratch: Scratch): Promise<number> {
  const [row] = await scratch.sql<{ n: number }[]>`select count(*)::int as n from events where processed_at is null`;
  return row.n;
}

// The engine's outcome without ids and numbers, which differ between databases by construction.
export async function outcome(scratch: Scratch) {
  const incidents = await scratch.sql`
    select group_key, status, alert_count, firing_alert_count, flap_count, created_at, resolved_at, title, priority
      from tickets order by created_at, group_key nulls first, title`;
  const alerts = await scratch.sql`
    select a.fingerprint, a.status, a.event_count, a.last_event_id, a.is_suppressed, t.group_key as incident_group,
           t.created_at as incident_created_at
      from alerts a left join tickets t on t.id = a.incident_id order by a.fingerprint`;
  const [dupes] = await scratch.sql<{ n: number }[]>`
    select count(*)::int as n from (select group_key from tickets
     where group_key is not null and status in ('new', 'acknowledged', 'in_progress', 'pending')
     group by group_key having count(*) > 1) d`;
  const [timeline] = await scratch.sql<{ n: number }[]>`select count(*)::int as n from ticket_activities`;
  return { incidents, alerts, duplicateOpenGroups: dupes.n, timelineEntries: timeline.n };
}

export type StreamRun = {
  scratch: Scratch;
  databaseUrl: string;
  stream: StreamEvent[];
  workerCount: number;
  redisPort: number;
  prefix: string;
  chunkSize?: number;
  // Called with the chunk index before that chunk is accepted: the place to kill a worker or restart Redis.
  disrupt?: (chunk: number, workers: ChildProcess[]) => Promise<void>;
  timeoutMs?: number;
};

export async function runStream(run: StreamRun): Promise<{ seconds: number }> {
  const env = {
    DATABASE_URL: run.databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${run.redisPort}`,
    REDIS_PREFIX: run.prefix,
    ENGINE_SWEEP_AFTER_SECONDS: "2",
    ENGINE_SWEEP_INTERVAL_SECONDS: "1",
    ENGINE_GROUP_WINDOW_MINUTES: "20",
    ENGINE_REOPEN_WINDOW_MINUTES: "30",
    WORKER_CONCURRENCY: "4",
  };
  const workers = Array.from({ length: run.workerCount }, () => spawnWorker(env));
  const { queue, close } = streamQueue(env.REDIS_URL, run.prefix);
  const started = Date.now();
  try {
    const size = run.chunkSize ?? 250;
    for (let i = 0, chunk = 0; i < run.stream.length; i += size, chunk++) {
      await run.disrupt?.(chunk, workers);
      await acceptChunk(run.scratch, queue, run.stream.slice(i, i + size));
    }
    await waitFor(async () => (await unprocessedCount(run.scratch)) === 0, {
      timeoutMs: run.timeoutMs ?? 120_000,
      intervalMs: 200,
      what: "every event to be processed",
    });
    return { seconds: (Date.now() - started) / 1000 };
  } finally {
    await close();
    await Promise.all(workers.map((w) => stopProcess(w, "SIGTERM")));
  }
}
