import { Worker } from "bullmq";
import type IORedis from "ioredis";
import { getDb, getSql } from "@/db/client";
import { overdueDeliveries, pendingDeliveries } from "@/lib/notify/deliver";
import { closeEmail } from "@/lib/notify/email";
import { DELIVERY_CHANNEL } from "@/lib/notify/page";
import { bullPrefix } from "@/lib/redis";
import { enqueueDeliveries, NOTIFY_QUEUE, type NotifyJob, notifyQueue, parseDeliveryNotice } from "../queues/notify";
import { notifyProcessor } from "./process";

const SWEEP_INTERVAL_MS = 5_000;

// Sending is waiting on SMTP servers and push services, not CPU: more deliveries in flight than other queues' jobs.
const concurrency = (base: number) => Math.min(64, base * 4);

// The notify queue: new deliveries arrive by LISTEN and are enqueued within milliseconds; a Postgres-side sweep
// re-enqueues anything whose job was lost. Returns a function that stops it all.
export async function startNotify(connection: IORedis, options: { workerConcurrency: number }) {
  const queue = notifyQueue(connection);
  let pending: NotifyJob[] = [];
  let flushing: Promise<void> | undefined;
  const flush = () => {
    const batch = pending;
    pending = [];
    flushing = enqueueDeliveries(queue, batch).catch((error) =>
      console.error(`[workers] notify enqueue: ${error.message}`),
    );
  };
  // One commit of pageUsers notifies once per delivery; those arriving in the same tick go to Redis together.
  const arm = (job: NotifyJob | null) => {
    if (!job) return;
    if (pending.push(job) === 1) setImmediate(flush);
  };
  const listener = await getSql().listen(DELIVERY_CHANNEL, (payload) => arm(parseDeliveryNotice(payload)));

  const sweep = async () => {
    const due = await overdueDeliveries(getDb());
    await enqueueDeliveries(
      queue,
      due.map((d) => ({ deliveryId: d.id, attempt: d.attempts, at: d.at })),
    );
    return due.length;
  };
  const timer = setInterval(() => {
    sweep().catch((error) => console.error(`[workers] notify sweep: ${error.message}`));
  }, SWEEP_INTERVAL_MS);

  // After a Redis restart, delayed deliveries (rules "email after 5 min") need their timers back before they are overdue.
  const recover = async () => {
    const all = await pendingDeliveries(getDb());
    await enqueueDeliveries(
      queue,
      all.map((d) => ({ deliveryId: d.id, attempt: d.attempts, at: d.at })),
    );
  };
  await recover();
  const onReady = () => {
    recover().catch((error) => console.error(`[workers] notify recover: ${error.message}`));
  };
  connection.on("ready", onReady);

  const worker = new Worker(NOTIFY_QUEUE, notifyProcessor(queue), {
    connection,
    prefix: bullPrefix(),
    concurrency: concurrency(options.workerConcurrency),
  });
  worker.on("error", (error) => console.error(`[workers] ${NOTIFY_QUEUE}: ${error.message}`));
  worker.on("failed", (job, error) =>
    console.error(`[workers] ${NOTIFY_QUEUE} job ${job?.id} failed: ${error.message}`),
  );

  return async () => {
    clearInterval(timer);
    connection.off("ready", onReady);
    await listener.unlisten().catch(() => {});
    await flushing;
    await worker.close();
    await queue.close();
    await closeEmail();
  };
}
