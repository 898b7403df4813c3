// `npm run bench -- ingest`: the ingestion pipeline measured end to end on this machine, next to the machine's own
// Postgres and BullMQ ceilings, in a throwaway database and Redis prefix that are removed afterwards, even on failure.
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Queue, QueueEvents } from "bullmq";
import IORedis from "ioredis";
import postgres from "postgres";
import { bullCeiling, eventRows, type PgCeiling, pgInsertCeiling } from "./ceilings";
import { type CpuReport, cpuBetween, cpuSnapshot, formatCpu, summarizeProfiles } from "./cpu";
import {
  alertmanagerStream,
  closedLoop,
  freshAlertmanagerBodies,
  keepAliveAgent,
  pagerDutyBodies,
  percentile,
  post,
} from "./load";
import { appEnv, sleep, startWeb, startWorkers, stopChild } from "./processes";
import { renderReport, writeReadmeSection } from "./report";

type Services = {
  ensureServices: (
    o: Record<string, unknown>,
  ) => Promise<{ databaseUrl: string; redisUrl: string; stop: () => Promise<void> }>;
  createDatabase: (url: string, name: string) => Promise<void>;
  dropDatabase: (url: string, name: string) => Promise<void>;
  databaseUrlFor: (url: string, name: string) => string;
  deleteRedisKeys: (url: string, patterns: string[]) => Promise<number>;
  freePort: () => Promise<number>;
  waitForHttp: (url: string, o?: Record<string, unknown>) => Promise<{ ok: boolean; status: number; body: string }>;
  run: (cmd: string, args: string[], o?: Record<string, unknown>) => Promise<{ code: number; output: string }>;
  tail: (text: string, lines?: number) => string;
};

export type BenchOptions = {
  quick: boolean;
  workerCounts: number[];
  events: number;
  writeReadme: boolean;
  profile: boolean;
};

const say = (message: string) => console.log(`[bench] ${message}`);
const load = () => os.loadavg()[0].toFixed(2);

export type Phase = { load: string; cpu?: CpuReport };
export type AcceptResult = Phase & {
  label: string;
  perSecond: number;
  requestsPerSecond: number;
  requests: number;
  errors: number;
  firstError?: string;
  p50: number;
  p99: number;
  xactsPerRequest: number;
};
export type E2eResult = Phase & {
  workers: number;
  events: number;
  processed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  enginePerSecond: number;
  acceptSeconds: number;
  engineQueriesPerEvent: number;
  jobsSeen: number;
  xactsPerEvent: number;
  tuplesPerEvent: { inserted: number; updated: number; fetched: number };
  incidents: number;
  timedOut: boolean;
};
export type LatencyResult = Phase & {
  workers: number;
  offeredPerSecond: number;
  achievedPerSecond: number;
  seconds: number;
  batch: number;
  requests: number;
  visible: number;
  dropped: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  sendP50: number;
  sendP99: number;
  acceptP50: number;
  acceptP99: number;
};
export type BenchResults = {
  quick: boolean;
  date: string;
  machine: Record<string, string>;
  pg: PgCeiling[];
  bull: { label: string; jobsPerSecond: number }[];
  accept: AcceptResult[];
  e2e: E2eResult[];
  latency?: LatencyResult;
  notes: string[];
};

async function loadServices(root: string): Promise<Services> {
  return (await import(pathToFileURL(path.join(root, "scripts", "services.mjs")).href)) as Services;
}

export async function runIngestBench(options: BenchOptions): Promise<number> {
  const root = process.cwd();
  if (!fs.existsSync(path.join(root, "package.json")) || !fs.existsSync(path.join(root, "workers", "index.ts"))) {
    console.error("Run the benchmark from the repository root (npm run bench -- ingest).");
    return 2;
  }
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("No production build (.next/BUILD_ID): run `npx next build` first.");
    return 2;
  }
  const services = await loadServices(root);
  const suffix = `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString("hex")}`;
  const database = `wd_bench_${suffix}`;
  const prefix = `wdbench_${suffix}`;
  const children = new Set<ChildProcess>();
  let svc: Awaited<ReturnType<Services["ensureServices"]>> | null = null;
  let sql: postgres.Sql | null = null;
  let isDatabaseCreated = false;

  let cleaning: Promise<void> | null = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      await Promise.all([...children].map((child) => stopChild(child, 10_000)));
      await sql?.end({ timeout: 5 }).catch(() => {});
      if (svc) {
        if (isDatabaseCreated) {
          await services
            .dropDatabase(svc.databaseUrl, database)
            .then(() => say(`dropped database ${database}`))
            .catch((error: Error) => say(`warning: could not drop ${database}: ${error.message}`));
        }
        await services
          .deleteRedisKeys(svc.redisUrl, [`${prefix}*`, `{${prefix}*`])
          .catch((error: Error) => say(`warning: could not delete Redis keys ${prefix}*: ${error.message}`));
        await svc.stop();
      }
    })();
    return cleaning;
  };
  let isSignalled = false;
  const onSignal = (signal: string) => {
    if (isSignalled) return;
    isSignalled = true;
    say(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  try {
    svc = await services.ensureServices({ dataDir: path.join(root, ".data", "bench"), log: say, durable: true });
    await services.createDatabase(svc.databaseUrl, database);
    isDatabaseCreated = true;
    const databaseUrl = services.databaseUrlFor(svc.databaseUrl, database);
    const redisUrl = svc.redisUrl;
    say(`database ${database}, redis prefix ${prefix}`);
    const port = await services.freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const env = appEnv({ databaseUrl, redisUrl, prefix, port });
    // --cpu-prof is refused in NODE_OPTIONS, so profiled processes are started as `node --cpu-prof …` directly.
    const profileArgs: string[] = [];
    const profileDir = path.join(root, ".data", "bench", `profiles-${suffix}`);
    if (options.profile) {
      fs.mkdirSync(profileDir, { recursive: true });
      profileArgs.push("--cpu-prof", `--cpu-prof-dir=${profileDir}`);
    }
    const migrate = await services.run("npx", ["tsx", "scripts/wd.ts", "migrate"], { env, cwd: root });
    if (migrate.code !== 0) throw new Error(`migrations failed:\n${services.tail(migrate.output, 30)}`);

    sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
    const db = sql;
    const keys: Record<string, { id: string; key: string }> = {};
    const names = [
      "am-accept",
      "pd-accept",
      "am-latency",
      ...options.workerCounts.map((n) => `am-e2e-${n}`),
      "ceiling",
    ];
    for (const name of names) {
      const key = `wdi_${randomBytes(32).toString("base64url")}`;
      const kind = name.startsWith("pd") ? "pagerduty" : "alertmanager";
      const [row] = await db<{ id: string }[]>`
        insert into integrations (name, kind, key_hash, key_prefix, rate_limit_per_minute)
        values (${`bench ${name}`}, ${kind}, ${createHash("sha256").update(key).digest("hex")}, ${key.slice(0, 12)}, 100000000)
        returning id`;
      keys[name] = { id: row.id, key };
    }

    const results: BenchResults = {
      quick: options.quick,
      date: new Date().toISOString(),
      machine: await machineInfo(db, redisUrl),
      pg: [],
      bull: [],
      accept: [],
      e2e: [],
      notes: [],
    };
    say(
      `machine: ${Object.entries(results.machine)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`,
    );

    // ---- Ceilings -------------------------------------------------------------------------------------------
    say(`── ceilings (load ${load()})`);
    const rows = eventRows(keys.ceiling.id, 5000);
    const q = options.quick;
    const pgRuns: Parameters<typeof pgInsertCeiling>[0][] = [
      { databaseUrl, rows, total: q ? 10_000 : 40_000, batch: 50, connections: 4, mode: "insert", temp: true },
      { databaseUrl, rows, total: q ? 10_000 : 40_000, batch: 50, connections: 4, mode: "insert", temp: false },
      { databaseUrl, rows, total: q ? 1_000 : 4_000, batch: 1, connections: 16, mode: "insert", temp: false },
      { databaseUrl, rows, total: q ? 20_000 : 100_000, batch: 5000, connections: 2, mode: "copy", temp: true },
      { databaseUrl, rows, total: q ? 20_000 : 100_000, batch: 5000, connections: 2, mode: "copy", temp: false },
    ];
    for (const run of pgRuns) {
      const ceiling = await pgInsertCeiling(run);
      results.pg.push(ceiling);
      say(
        `postgres ${ceiling.label}: ${ceiling.rowsPerSecond.toFixed(0)} rows/s (${ceiling.statementsPerSecond.toFixed(0)} statements/s)`,
      );
    }
    const bullRuns = [
      { jobs: q ? 3_000 : 10_000, perCall: 1, callers: 16, concurrency: 4 },
      { jobs: q ? 10_000 : 30_000, perCall: 100, callers: 2, concurrency: 16 },
    ];
    for (const run of bullRuns) {
      const { add, process: proc } = await bullCeiling({
        redisUrl,
        prefix: `{${prefix}-ceiling}`,
        timeoutMs: 60_000,
        ...run,
      });
      results.bull.push(add, proc);
      say(
        `bullmq ${add.label}: ${add.jobsPerSecond.toFixed(0)} jobs/s; ${proc.label}: ${proc.jobsPerSecond.toFixed(0)} jobs/s`,
      );
    }

    // ---- Web server ----------------------------------------------------------------------------------------
    const web = await startWeb(root, env, port, children, { profileArgs });
    say(`web server on ${appUrl} (pid ${web.child.pid})`);
    const backendPids = async () =>
      (await db<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`).map((r) => r.pid);
    const roles = async (workers: ChildProcess[]) => ({
      web: [web.child.pid as number],
      workers: workers.map((w) => w.pid as number),
      postgresBackends: await backendPids(),
    });

    // ---- Accept over HTTP (no workers: the accept path alone) ------------------------------------------------
    const acceptSeconds = q ? 5 : 15;
    const amBodies = alertmanagerStream(q ? 20_000 : 100_000, 10_000, 50, "a").bodies;
    const pdBodies = pagerDutyBodies(20_000, keys["pd-accept"].key, 10_000);
    const acceptPhases = [
      {
        label: "Alertmanager, batches of 50 alerts, 16 keep-alive connections",
        path: "/api/v1/integrations/alertmanager",
        key: keys["am-accept"].key,
        bodies: amBodies,
        perRequest: 50,
      },
      {
        label: "PagerDuty v2, single events, 16 keep-alive connections",
        path: "/v2/enqueue",
        key: undefined,
        bodies: pdBodies,
        perRequest: 1,
      },
    ];
    for (const phase of acceptPhases) {
      // Warm-up: loads the route and fills the connection pools.
      await closedLoop({
        port,
        path: phase.path,
        key: phase.key,
        bodies: phase.bodies,
        connections: 16,
        durationMs: 2000,
        cycle: true,
      });
      const before = await dbStats(db, database);
      const loadAt = load();
      const cpuA = cpuSnapshot(await roles([]));
      const r = await closedLoop({
        port,
        path: phase.path,
        key: phase.key,
        bodies: phase.bodies,
        connections: 16,
        durationMs: acceptSeconds * 1000,
        cycle: true,
      });
      const cpu = cpuBetween(cpuA, cpuSnapshot(await roles([])));
      const after = await dbStats(db, database);
      const result: AcceptResult = {
        label: phase.label,
        perSecond: (r.accepted * phase.perRequest) / r.seconds,
        requestsPerSecond: r.accepted / r.seconds,
        requests: r.requests,
        errors: r.errors,
        firstError: r.firstError,
        p50: percentile(r.latenciesMs, 50),
        p99: percentile(r.latenciesMs, 99),
        xactsPerRequest: (after.xacts - before.xacts) / Math.max(1, r.requests),
        load: `${loadAt}→${load()}`,
        cpu,
      };
      results.accept.push(result);
      say(
        `accept ${phase.label}: ${result.perSecond.toFixed(0)} events/s (${result.requestsPerSecond.toFixed(0)} req/s, ` +
          `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${r.errors} errors${r.firstError ? `: ${r.firstError}` : ""})`,
      );
      say(`  cpu: ${formatCpu(cpu)}`);
    }

    // ---- End to end through incident upsert -----------------------------------------------------------------
    const stream = alertmanagerStream(options.events, 10_000, 50, "s");
    say(
      `stream: ${stream.events} events over ${stream.fingerprints} fingerprints, ` +
        `${((100 * stream.resolves) / stream.events).toFixed(1)} % resolves, ` +
        `${((100 * stream.redeliveries) / stream.events).toFixed(1)} % re-deliveries, ${stream.bodies.length} requests`,
    );
    // Bounded (from the first request) so the full run stays near 10 minutes; a run that times out reports the
    // events processed by then, marked TIMED OUT.
    const e2eBudgetMs = q ? 120_000 : 230_000;
    for (const workerCount of options.workerCounts) {
      await reset(db, redisUrl, prefix);
      const integration = keys[`am-e2e-${workerCount}`];
      const workers = (await startWorkers(root, env, workerCount, children, { profileArgs })).map((w) => w.child);
      const counter = await countEngineQueries(redisUrl, prefix);
      const before = await dbStats(db, database);
      const loadAt = load();
      const cpuA = cpuSnapshot(await roles(workers));
      const deadline = Date.now() + e2eBudgetMs;
      say(`── end to end, ${workerCount} worker process${workerCount > 1 ? "es" : ""} (load ${loadAt})`);
      const sent = await closedLoop({
        port,
        path: "/api/v1/integrations/alertmanager",
        key: integration.key,
        bodies: stream.bodies,
        connections: 8,
        durationMs: e2eBudgetMs,
      });
      say(
        `  accepted ${sent.accepted * 50} events in ${sent.seconds.toFixed(1)} s (${sent.errors} errors${sent.firstError ? `: ${sent.firstError}` : ""})`,
      );
      let open = Number.POSITIVE_INFINITY;
      while (Date.now() < deadline) {
        [{ open }] = await db<{ open: number }[]>`select count(*)::int as open from events where processed_at is null`;
        if (open === 0) break;
        await sleep(500);
      }
      const cpu = cpuBetween(cpuA, cpuSnapshot(await roles(workers)));
      const [span] = await db<
        { n: number; processed: number; failed: number; seconds: number; engine_seconds: number }[]
      >`select count(*)::int as n, count(processed_at)::int as processed,
               count(*) filter (where last_error is not null)::int as failed,
               extract(epoch from max(processed_at) - min(received_at))::float8 as seconds,
               extract(epoch from max(processed_at) - min(processed_at))::float8 as engine_seconds
          from events where integration_id = ${integration.id}`;
      const [{ incidents }] = await db<{ incidents: number }[]>`select count(*)::int as incidents from tickets`;
      await sleep(300);
      const after = await dbStats(db, database);
      const engine = await counter.close();
      await Promise.all(workers.map((w) => stopChild(w, 15_000)));
      const processed = span.processed;
      const result: E2eResult = {
        workers: workerCount,
        events: span.n,
        processed,
        failed: span.failed,
        seconds: span.seconds,
        perSecond: processed / Math.max(span.seconds, 0.001),
        enginePerSecond: processed / Math.max(span.engine_seconds, 0.001),
        acceptSeconds: sent.seconds,
        engineQueriesPerEvent: engine.queries / Math.max(1, engine.processed),
        jobsSeen: engine.jobs,
        xactsPerEvent: (after.xacts - before.xacts) / Math.max(1, processed),
        tuplesPerEvent: {
          inserted: (after.inserted - before.inserted) / Math.max(1, processed),
          updated: (after.updated - before.updated) / Math.max(1, processed),
          fetched: (after.fetched - before.fetched) / Math.max(1, processed),
        },
        incidents,
        timedOut: open !== 0,
        load: `${loadAt}→${load()}`,
        cpu,
      };
      results.e2e.push(result);
      say(
        `  ${processed}/${span.n} processed${result.timedOut ? " (TIMED OUT)" : ""}, ${span.failed} with errors, ${incidents} incidents: ` +
          `${result.perSecond.toFixed(0)} events/s first accepted → last processed (${span.seconds.toFixed(1)} s), ` +
          `engine ${result.enginePerSecond.toFixed(0)} events/s; ${result.engineQueriesPerEvent.toFixed(2)} engine statements/event ` +
          `over ${engine.jobs} jobs, ${result.xactsPerEvent.toFixed(3)} transactions/event`,
      );
      say(`  cpu: ${formatCpu(cpu)}`);
    }

    // ---- Latency at a steady offered load ---------------------------------------------------------------------
    const best = [...results.e2e].sort((a, b) => b.perSecond - a.perSecond)[0]?.workers ?? 1;
    await reset(db, redisUrl, prefix);
    const workers = (await startWorkers(root, env, best, children, { profileArgs })).map((w) => w.child);
    results.latency = await latencyPhase({
      db,
      port,
      integration: keys["am-latency"],
      workers: best,
      rate: 500,
      batch: 10,
      seconds: q ? 8 : 30,
      roles: () => roles(workers),
    });
    await Promise.all(workers.map((w) => stopChild(w, 15_000)));

    await stopChild(web.child, 10_000);
    if (options.profile) {
      await sleep(1000);
      say(`CPU profiles (${path.relative(root, profileDir)}):`);
      for (const line of summarizeProfiles(profileDir)) console.log(line);
    }
    const markdown = renderReport(results);
    console.log(`\n${markdown}`);
    const outDir = path.join(root, ".data", "bench");
    fs.mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, `ingest-${suffix}${q ? "-quick" : ""}.md`);
    fs.writeFileSync(outFile, markdown);
    fs.writeFileSync(outFile.replace(/\.md$/, ".json"), JSON.stringify(results, null, 2));
    say(`written ${path.relative(root, outFile)}`);
    if (options.writeReadme) {
      writeReadmeSection(path.join(root, "README.md"), markdown);
      say("README.md: Performance section updated");
    }
    return 0;
  } catch (error) {
    console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
    return 1;
  } finally {
    await cleanup();
  }
}

async function latencyPhase(o: {
  db: postgres.Sql;
  port: number;
  integration: { id: string; key: string };
  workers: number;
  rate: number;
  batch: number;
  seconds: number;
  roles: () => Promise<{ web: number[]; workers: number[]; postgresBackends: number[] }>;
}): Promise<LatencyResult> {
  const requests = Math.round((o.rate / o.batch) * o.seconds);
  const bodies = freshAlertmanagerBodies(requests, o.batch, 100, "l");
  const intervalMs = (1000 * o.batch) / o.rate;
  const agent = keepAliveAgent(32);
  say(
    `── latency: ${o.rate} events/s offered as ${o.rate / o.batch} requests/s of ${o.batch} new alerts, ${o.seconds} s, ${o.workers} worker(s) (load ${load()})`,
  );
  // Warm the route and the workers with a few requests outside the measurement.
  for (const { body } of freshAlertmanagerBodies(20, o.batch, 100, "w"))
    await post(agent, o.port, "/api/v1/integrations/alertmanager", body, o.integration.key);
  await sleep(1000);
  const pending = new Map<string, { sentAt: number; acceptedAt: number }>();
  const latencies: number[] = [];
  const sendLatencies: number[] = [];
  const acceptLatencies: number[] = [];
  let inFlight = 0;
  let dropped = 0;
  let errors = 0;
  let isSending = true;
  const loadAt = load();
  const cpuA = cpuSnapshot(await o.roles());
  const poller = (async () => {
    const until = () => (isSending ? Number.POSITIVE_INFINITY : stopPollingAt);
    let stopPollingAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 100_000; i++) {
      if (!isSending && stopPollingAt === Number.POSITIVE_INFINITY) stopPollingAt = performance.now() + 15_000;
      if (!isSending && pending.size === 0) break;
      if (performance.now() > until()) break;
      if (pending.size) {
        const probes = [...pending.keys()].slice(0, 2000);
        const visible = await o.db<{ fingerprint: string }[]>`
          select fingerprint from alerts
           where integration_id = ${o.integration.id} and fingerprint = any(${probes}::text[]) and incident_id is not null`;
        const now = performance.now();
        for (const { fingerprint } of visible) {
          const p = pending.get(fingerprint);
          if (!p) continue;
          pending.delete(fingerprint);
          latencies.push(now - p.acceptedAt);
          sendLatencies.push(now - p.sentAt);
        }
      }
      await sleep(20);
    }
  })();
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (inFlight >= 256) {
      dropped++;
      continue;
    }
    inFlight++;
    const { body, probe } = bodies[i];
    sends.push(
      post(agent, o.port, "/api/v1/integrations/alertmanager", body, o.integration.key).then((sent) => {
        inFlight--;
        if (sent.status !== 202) {
          errors++;
          return;
        }
        acceptLatencies.push(sent.finishedAt - sent.startedAt);
        pending.set(probe, { sentAt: sent.startedAt, acceptedAt: sent.finishedAt });
      }),
    );
  }
  await Promise.all(sends);
  const sendSeconds = (performance.now() - started) / 1000;
  isSending = false;
  await poller;
  const cpu = cpuBetween(cpuA, cpuSnapshot(await o.roles()));
  agent.destroy();
  const result: LatencyResult = {
    workers: o.workers,
    offeredPerSecond: o.rate,
    achievedPerSecond: ((bodies.length - dropped - errors) * o.batch) / sendSeconds,
    seconds: o.seconds,
    batch: o.batch,
    requests: bodies.length,
    visible: latencies.length,
    dropped,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    sendP50: percentile(sendLatencies, 50),
    sendP99: percentile(sendLatencies, 99),
    acceptP50: percentile(acceptLatencies, 50),
    acceptP99: percentile(acceptLatencies, 99),
    load: `${loadAt}→${load()}`,
    cpu,
  };
  say(
    `  accept → incident visible: p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms ` +
      `(${result.visible}/${result.requests} visible, ${dropped} dropped, ${errors} errors); HTTP accept p50 ${result.acceptP50.toFixed(1)} ms, p99 ${result.acceptP99.toFixed(1)} ms`,
  );
  say(`  cpu: ${formatCpu(cpu)}`);
  return result;
}

// Engine statements per processed event, from the ProcessResult every events job returns ({ processed, queries }).
async function countEngineQueries(redisUrl: string, prefix: string) {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  const events = new QueueEvents("events", { connection, prefix: `{${prefix}}` });
  events.on("error", () => {});
  await events.waitUntilReady();
  const totals = { jobs: 0, processed: 0, queries: 0 };
  events.on("completed", ({ returnvalue }) => {
    const value = (typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue) as {
      processed?: number;
      queries?: number;
    } | null;
    totals.jobs++;
    totals.processed += value?.processed ?? 0;
    totals.queries += value?.queries ?? 0;
  });
  return {
    close: async () => {
      await sleep(500);
      await events.close();
      await connection.quit().catch(() => {});
      return totals;
    },
  };
}

async function dbStats(db: postgres.Sql, database: string) {
  const [row] = await db<{ xacts: number; inserted: number; updated: number; fetched: number }[]>`
    select (xact_commit + xact_rollback)::float8 as xacts, tup_inserted::float8 as inserted,
           tup_updated::float8 as updated, tup_fetched::float8 as fetched
      from pg_stat_database where datname = ${database}`;
  return row;
}

// A fresh state per phase: no events, alerts or incidents, an empty events queue.
async function reset(db: postgres.Sql, redisUrl: string, prefix: string) {
  await db.unsafe("truncate events, alerts, tickets, ticket_activities, audit_log cascade");
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  const queue = new Queue("events", { connection, prefix: `{${prefix}}` });
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await connection.quit().catch(() => {});
}

async function machineInfo(db: postgres.Sql, redisUrl: string) {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  const [{ server_version: pg }] = await db<{ server_version: string }[]>`show server_version`;
  const settings = await db<{ name: string; setting: string }[]>`
    select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections')`;
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  const info = await redis.info("server").catch(() => "");
  await redis.quit().catch(() => {});
  return {
    nproc: String(os.cpus().length),
    ram: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    cpu: model,
    postgres: `${pg.split(" ")[0]} (${settings.map((s) => `${s.name}=${s.setting}`).join(", ")})`,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown",
    node: process.version,
    loadAtStart: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" "),
  };
}
