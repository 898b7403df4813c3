import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Processor, Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { closeDb, getDb, getSql } from "@/db/client";
import { env } from "@/lib/env";
import { bullPrefix, closeRedis, getRedis } from "@/lib/redis";
import { slaConfigChangeQueue } from "@/lib/sla/config-changes";
import { sweepSlaMarks, upcomingSlaTimers } from "@/lib/sla/marks";
import { applySlaConfigChange, SLA_CONFIG_CHANNEL } from "@/lib/sla/recompute";
import { SLA_TIMER_CHANNEL } from "@/lib/sla/refresh";
import { beat, HEARTBEAT_INTERVAL_MS, retire } from "@/lib/workers/heartbeat";
import { processEscalation } from "./escalation/process";
import { startEscalationTimers } from "./escalation/timers";
import { processEventsJob } from "./events/process";
import { sweepEvents, sweepProcessor } from "./events/sweep";
import { processMaintenance } from "./maintenance/process";
import { startNotify } from "./notify/start";
import { ESCALATION_QUEUE } from "./queues/escalation";
import { EVENTS_JOB_OPTIONS, EVENTS_QUEUE, type EventsJob } from "./queues/events";
import { MAINTENANCE_QUEUE, maintenanceQueue, scheduleMaintenance } from "./queues/maintenance";
import { parseTimer, SLA_QUEUE, type SlaMarkJob, scheduleSlaMarks, slaQueue } from "./queues/sla";
import { SWEEPER_QUEUE, scheduleSweeper, sweeperQueue } from "./queues/sweeper";
import { processSlaMark } from "./sla/process";

async function main() {
  const config = env();
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // BullMQ workers block on their connection, so they need maxRetriesPerRequest: null and one of their own.
  const connection = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on("error", (error) => console.error(`[workers] redis: ${error.message}`));
  const redis = getRedis();
  const closers: (() => Promise<unknown>)[] = [];
  let heartbeat: NodeJS.Timeout | undefined;

  // Registered before any await, so a SIGTERM during start-up still shuts down cleanly.
  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`[workers] ${signal}: finishing active jobs`);
    clearInterval(heartbeat);
    for (const close of closers.reverse()) await close().catch(() => {});
    await retire(redis, workerId).catch(() => {});
    await connection.quit().catch(() => {});
    await closeRedis();
    await closeDb();
    console.log("[workers] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const queue = maintenanceQueue(connection);
  const events = new Queue<EventsJob>(EVENTS_QUEUE, {
    connection,
    prefix: bullPrefix(),
    defaultJobOptions: EVENTS_JOB_OPTIONS,
  });
  const sweeper = sweeperQueue(connection);
  const sla = slaQueue(connection);
  closers.push(() => Promise.allSettled([queue.close(), events.close(), sweeper.close(), sla.close()]));

  // Clock changes arrive as notifications on commit; they become delayed mark jobs, batched per tick.
  let pendingTimers: SlaMarkJob[] = [];
  const armTimers = (jobs: SlaMarkJob[]) => {
    if (!jobs.length) return;
    const isFirst = pendingTimers.length === 0;
    pendingTimers.push(...jobs);
    if (!isFirst) return;
    setTimeout(() => {
      const batch = pendingTimers;
      pendingTimers = [];
      scheduleSlaMarks(sla, batch).catch((error) => console.error(`[workers] sla timers: ${error.message}`));
    }, 50);
  };
  const sqlClient = getSql();
  const configChanges = slaConfigChangeQueue(sqlClient, (change) => applySlaConfigChange(getDb(), change), {
    log: (line) => console.log(`[workers] sla: ${line}`),
  });
  const listeners = await Promise.all([
    sqlClient.listen(SLA_TIMER_CHANNEL, (payload) => armTimers(parseTimer(payload))),
    sqlClient.listen(SLA_CONFIG_CHANNEL, (payload) => configChanges.hear(JSON.parse(payload))),
  ]);
  // Closers run last-in first: stop listening, then let a recompute under way finish before the pool closes.
  closers.push(() => configChanges.idle());
  closers.push(() => Promise.allSettled(listeners.map((l) => l.unlisten())));
  // The Postgres-side sweep needs nothing from Redis, so a flushed Redis still gets its breaches marked.
  const sweepSla = () =>
    sweepSlaMarks(getDb()).catch((error) => console.error(`[workers] sla sweep: ${error.message}`));
  const slaSweep = setInterval(sweepSla, config.SLA_SWEEP_INTERVAL_SECONDS * 1000);
  closers.push(async () => clearInterval(slaSweep));
  await sweepSla();
  await scheduleMaintenance(queue);
  // Escalation: delayed step jobs from wd_escalation notices, plus a Postgres-side sweep
  const escalations = await startEscalationTimers(connection, closers);
  // A restarted Redis has lost queued jobs and the scheduler: put both back as soon as it answers again.
  const recover = async () => {
    await scheduleSweeper(sweeper, config.ENGINE_SWEEP_INTERVAL_SECONDS);
    armTimers((await upcomingSlaTimers(getDb(), 86_400_000)).flatMap(parseTimer));
    await escalations.recover();
    const { enqueued } = await sweepEvents(events);
    if (enqueued) console.log(`[workers] sweeper re-enqueued ${enqueued} events`);
  };
  await recover();
  connection.on("ready", () => {
    recover().catch((error) => console.error(`[workers] recover after reconnect: ${error.message}`));
  });

  // Deliveries: LISTEN for new ones, a Postgres-side sweep, and their own worker (workers/notify/start.ts).
  const stopNotify = await startNotify(connection, { workerConcurrency: config.WORKER_CONCURRENCY });
  closers.push(stopNotify);

  const PROCESSORS: Record<string, Processor> = {
    [MAINTENANCE_QUEUE]: processMaintenance,
    [EVENTS_QUEUE]: processEventsJob,
    [SWEEPER_QUEUE]: sweepProcessor(events),
    [SLA_QUEUE]: processSlaMark,
    [ESCALATION_QUEUE]: processEscalation,
  };

  const workers = Object.entries(PROCESSORS).map(([name, processor]) => {
    const worker = new Worker(name, processor, {
      connection,
      prefix: bullPrefix(),
      concurrency: config.WORKER_CONCURRENCY,
    });
    worker.on("error", (error) => console.error(`[workers] ${name}: ${error.message}`));
    worker.on("failed", (job, error) => console.error(`[workers] ${name} job ${job?.id} failed: ${error.message}`));
    return worker;
  });
  closers.push(() => Promise.allSettled(workers.map((w) => w.close())));

  const sendBeat = () => beat(redis, workerId).catch((error) => console.error(`[workers] heartbeat: ${error.message}`));
  await sendBeat();
  heartbeat = setInterval(sendBeat, HEARTBEAT_INTERVAL_MS);
  console.log(`[workers] ${workerId} running queues: ${Object.keys(PROCESSORS).join(", ")}`);
}

main().catch((error) => {
  console.error(`[workers] failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
