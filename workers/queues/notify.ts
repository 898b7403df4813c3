import { Queue } from "bullmq";
import type IORedis from "ioredis";
import { z } from "zod";
import { bullPrefix } from "@/lib/redis";

export const NOTIFY_QUEUE = "notify";

export const NotifyJob = z.object({
  deliveryId: z.uuid(),
  // The delivery's attempts so far: a retry is a new job, a repeat of the same attempt is the same job.
  attempt: z.number().int().min(0),
  at: z.number().int(),
});
export type NotifyJob = z.infer<typeof NotifyJob>;

export function notifyQueue(connection: IORedis) {
  return new Queue<NotifyJob>(NOTIFY_QUEUE, { connection, prefix: bullPrefix() });
}

export function notifyJobId(job: Pick<NotifyJob, "deliveryId" | "attempt">) {
  return `dl-${job.deliveryId}-${job.attempt}`;
}

// Finished jobs are removed at once, so the sweep can enqueue the same attempt again if its job was lost midway.
export async function enqueueDeliveries(queue: Queue<NotifyJob>, jobs: NotifyJob[], now = Date.now()) {
  if (!jobs.length) return;
  await queue.addBulk(
    jobs.map((data) => ({
      name: "deliver",
      data,
      opts: {
        jobId: notifyJobId(data),
        delay: Math.max(0, data.at - now),
        attempts: 5,
        backoff: { type: "exponential" as const, delay: 1000 },
        removeOnComplete: true,
        removeOnFail: true,
      },
    })),
  );
}

// A new delivery's notification is "<deliveryId> <dueAtMs>" (lib/notify/page.ts); it has had no attempts yet.
export function parseDeliveryNotice(payload: string): NotifyJob | null {
  const [deliveryId, at] = payload.split(" ");
  const parsed = NotifyJob.safeParse({ deliveryId, attempt: 0, at: Number(at) });
  return parsed.success ? parsed.data : null;
}
