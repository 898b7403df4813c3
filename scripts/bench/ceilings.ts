// The machine's own ceilings, measured by the same run: how fast this Postgres takes events-shaped rows (multi-row
// INSERT and COPY) and how fast this Redis moves BullMQ jobs (addBulk, no-op Worker).
import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import postgres from "postgres";
import { EVENTS_JOB_OPTIONS } from "@/workers/queues/events";

export type Row = {
  integration_id: string;
  request_id: string;
  kind: string;
  action: string;
  fingerprint: string;
  payload: string;
  normalized: string;
  received_at: string;
};

const COLUMNS = [
  "integration_id",
  "request_id",
  "kind",
  "action",
  "fingerprint",
  "payload",
  "normalized",
  "received_at",
] as const;

// Rows shaped like what the Alertmanager accept path stores (payload = group + alert, normalized event).
export function eventRows(integrationId: string, count: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const fingerprint = `c${i.toString(16).padStart(8, "0")}`;
    const labels = {
      alertname: `Ceiling${i % 200}`,
      cluster: "cluster-1",
      namespace: "bench",
      pod: `pod-${i}`,
      severity: "warning",
    };
    const annotations = { summary: `Ceiling${i % 200} on pod-${i}`, description: "Benchmark alert" };
    const normalized = {
      action: "trigger",
      fingerprint,
      groupKey: `{}:{alertname="Ceiling${i % 200}", cluster="cluster-1"}`,
      severity: "warning",
      alertname: labels.alertname,
      summary: annotations.summary,
      description: annotations.description,
      labels,
      annotations,
      generatorUrl: "http://prometheus.local/graph",
      links: [],
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: null,
      occurredAt: "2026-01-01T00:00:00.000Z",
      serviceHint: null,
    };
    const payload = {
      version: "4",
      groupKey: normalized.groupKey,
      status: "firing",
      receiver: "watchdesk",
      groupLabels: { alertname: labels.alertname },
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "http://alertmanager.local:9093",
      truncatedAlerts: 0,
      alert: { status: "firing", labels, annotations, startsAt: normalized.startsAt, fingerprint },
    };
    rows.push({
      integration_id: integrationId,
      request_id: randomUUID(),
      kind: "alertmanager",
      action: "trigger",
      fingerprint,
      payload: JSON.stringify(payload),
      normalized: JSON.stringify(normalized),
      received_at: new Date().toISOString(),
    });
  }
  return rows;
}

function copyField(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export type PgCeiling = {
  label: string;
  rowsPerSecond: number;
  statementsPerSecond: number;
  rows: number;
  seconds: number;
};

/**
 * `connections` sessions each insert their share of `total` rows, `batch` rows per autocommitted INSERT … RETURNING id
 * (as the accept path does per request), or by COPY in chunks of `batch`. `temp` uses a session-local temp table
 * (no WAL, so no commit fsync: the upper bound); otherwise a regular table shaped like `events` (WAL + fsync'd commits).
 */
export async function pgInsertCeiling(options: {
  databaseUrl: string;
  rows: Row[];
  total: number;
  batch: number;
  connections: number;
  mode: "insert" | "copy";
  temp: boolean;
}): Promise<PgCeiling> {
  const sql = postgres(options.databaseUrl, { max: options.connections, onnotice: () => {} });
  const table = options.temp ? "bench_events_tmp" : "bench_events_logged";
  try {
    if (!options.temp) {
      await sql.unsafe(`drop table if exists ${table}`);
      await sql.unsafe(`create table ${table} (like events including defaults including indexes)`);
    }
    const sessions = await Promise.all(Array.from({ length: options.connections }, () => sql.reserve()));
    if (options.temp) {
      for (const s of sessions) {
        await s.unsafe(`create temp table ${table} (like events including defaults including indexes)`);
      }
    }
    const statements = Math.ceil(options.total / options.batch);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      sessions.map(async (s) => {
        while (next < statements) {
          const n = next++;
          const chunk: Row[] = [];
          for (let i = 0; i < options.batch; i++)
            chunk.push(options.rows[(n * options.batch + i) % options.rows.length]);
          if (options.mode === "insert") {
            await s`insert into ${s(table)} ${s(chunk, ...COLUMNS)} returning id`;
          } else {
            const writable = await s.unsafe(`copy ${table} (${COLUMNS.join(", ")}) from stdin`).writable();
            const text = chunk.map((r) => COLUMNS.map((c) => copyField(r[c])).join("\t")).join("\n");
            await pipeline(
              (async function* () {
                yield `${text}\n`;
              })(),
              writable as Writable,
            );
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const s of sessions) s.release();
    const label = `${options.mode === "insert" ? `INSERT ${options.batch} rows/statement` : `COPY ${options.batch} rows/chunk`}, ${options.connections} conns, ${options.temp ? "temp table" : "logged table"}`;
    return {
      label,
      rows: statements * options.batch,
      seconds,
      rowsPerSecond: (statements * options.batch) / seconds,
      statementsPerSecond: statements / seconds,
    };
  } finally {
    if (!options.temp) await sql.unsafe(`drop table if exists ${table}`).catch(() => {});
    await sql.end({ timeout: 5 });
  }
}

export type BullCeiling = { label: string; jobsPerSecond: number; jobs: number; seconds: number };

/**
 * BullMQ on this Redis, with the events queue's job options and payloads of 50 event ids:
 * `callers` concurrent addBulk calls of `perCall` jobs each, then a no-op Worker of `concurrency` draining them.
 */
export async function bullCeiling(options: {
  redisUrl: string;
  prefix: string;
  jobs: number;
  perCall: number;
  callers: number;
  concurrency: number;
  timeoutMs: number;
}): Promise<{ add: BullCeiling; process: BullCeiling }> {
  const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  const name = `ceiling-${options.perCall}-${options.concurrency}`;
  const queue = new Queue(name, { connection, prefix: options.prefix, defaultJobOptions: EVENTS_JOB_OPTIONS });
  const calls = Math.ceil(options.jobs / options.perCall);
  const eventIds = Array.from({ length: 50 }, (_, i) => 1_000_000 + i);
  let next = 0;
  const addStarted = performance.now();
  await Promise.all(
    Array.from({ length: options.callers }, async () => {
      while (next < calls) {
        const call = next++;
        await queue.addBulk(
          Array.from({ length: options.perCall }, (_, i) => ({
            name: "process",
            data: { eventIds },
            opts: { jobId: `ev-${call}-${i}` },
          })),
        );
      }
    }),
  );
  const addSeconds = (performance.now() - addStarted) / 1000;
  const total = calls * options.perCall;

  let completed = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const processStarted = performance.now();
  const workerConnection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
  workerConnection.on("error", () => {});
  const worker = new Worker(name, async () => {}, {
    connection: workerConnection,
    prefix: options.prefix,
    concurrency: options.concurrency,
  });
  worker.on("error", () => {});
  worker.on("completed", () => {
    if (++completed >= total) resolveDone();
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, options.timeoutMs)))]);
  clearTimeout(timer);
  const processSeconds = (performance.now() - processStarted) / 1000;
  await worker.close();
  await workerConnection.quit().catch(() => {});
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await connection.quit().catch(() => {});
  return {
    add: {
      label: `addBulk ${options.perCall} job${options.perCall > 1 ? "s" : ""}/call, ${options.callers} callers`,
      jobs: total,
      seconds: addSeconds,
      jobsPerSecond: total / addSeconds,
    },
    process: {
      label: `no-op Worker, concurrency ${options.concurrency}`,
      jobs: completed,
      seconds: processSeconds,
      jobsPerSecond: completed / processSeconds,
    },
  };
}
