import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Processor, Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { closeDb } from "@/db/client";
import { env } from "@/lib/env";
import { bullPrefix, closeRedis, getRedis } from "@/lib/redis";
import { beat, HEARTBEAT_INTERVAL_MS, retire } from "@/lib/workers/heartbeat";
import { processEventsJob } from "./events/process";
import { sweepEvents, sweepProcessor } from "./events/sweep";
import { processMaintenance } from "./maintenance/process";
import { EVENTS_JOB_OPTIONS, EVENTS_QUEUE, type EventsJob } from "./queues/events";
import { MAINTENANCE_QUEUE, maintenanceQueue, scheduleMaintenance } from "./queues/maintenance";
import { SWEEPER_QUEUE, scheduleSweeper, sweeperQueue } from "./queues/sweeper";

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
  closers.push(() => Promise.allSettled([queue.close(), events.close(), sweeper.close()]));
  await scheduleMaintenance(queue);
  // A restarted Redis has lost queued jobs and the scheduler: put both back as soon as it answers again.
  const recover = async () => {
    await scheduleSweeper(sweeper, config.ENGINE_SWEEP_INTERVAL_SECONDS);
    const { enqueued } = await sweepEvents(events);
    if (enqueued) console.log(`[workers] sweeper re-enqueued ${enqueued} events`);
  };
  await recover();
  connection.on("ready", () => {
    recover().catch((error) => console.error(`[workers] recover after reconnect: ${error.message}`));
  });

  const PROCESSORS: Record<string, Processor> = {
    [MAINTENANCE_QUEUE]: processMaintenance,
    [EVENTS_QUEUE]: processEventsJob,
    [SWEEPER_QUEUE]: sweepProcessor(events),
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
