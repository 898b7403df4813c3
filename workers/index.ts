import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Processor, Worker } from "bullmq";
import IORedis from "ioredis";
import { closeDb } from "@/db/client";
import { env } from "@/lib/env";
import { bullPrefix, closeRedis, getRedis } from "@/lib/redis";
import { beat, HEARTBEAT_INTERVAL_MS, retire } from "@/lib/workers/heartbeat";
import { processMaintenance } from "./maintenance/process";
import { MAINTENANCE_QUEUE, maintenanceQueue, scheduleMaintenance } from "./queues/maintenance";

const PROCESSORS: Record<string, Processor> = {
  [MAINTENANCE_QUEUE]: processMaintenance,
};

async function main() {
  const config = env();
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // BullMQ workers block on their connection, so they need maxRetriesPerRequest: null and one of their own.
  const connection = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on("error", (error) => console.error(`[workers] redis: ${error.message}`));

  const queue = maintenanceQueue(connection);
  await scheduleMaintenance(queue);

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

  const redis = getRedis();
  const sendBeat = () => beat(redis, workerId).catch((error) => console.error(`[workers] heartbeat: ${error.message}`));
  await sendBeat();
  const heartbeat = setInterval(sendBeat, HEARTBEAT_INTERVAL_MS);
  console.log(`[workers] ${workerId} running queues: ${Object.keys(PROCESSORS).join(", ")}`);

  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`[workers] ${signal}: finishing active jobs`);
    clearInterval(heartbeat);
    await Promise.allSettled(workers.map((w) => w.close()));
    await queue.close();
    await retire(redis, workerId).catch(() => {});
    await connection.quit().catch(() => {});
    await closeRedis();
    await closeDb();
    console.log("[workers] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(`[workers] failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
