import { Queue } from "bullmq";
import IORedis from "ioredis";
import { z } from "zod";
import { env } from "@/lib/env";
import { bullPrefix } from "@/lib/redis";

export const EVENTS_QUEUE = "events";

export const EventsJob = z.object({ eventIds: z.array(z.number().int().positive()).min(1).max(1000) });
export type EventsJob = z.infer<typeof EventsJob>;

export const EVENTS_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: "exponential" as const, delay: 500 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

const globalForQueue = globalThis as unknown as { wdEventsQueue?: Queue<EventsJob> };

// The web process's queue handle: no offline queue, so a Redis outage fails the enqueue at once instead of
// holding the sender's response; the stored events are picked up by the sweeper.
export function eventsQueue(): Queue<EventsJob> {
  if (!globalForQueue.wdEventsQueue) {
    const connection = new IORedis(env().REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    });
    connection.on("error", () => {});
    globalForQueue.wdEventsQueue = new Queue<EventsJob>(EVENTS_QUEUE, {
      connection,
      prefix: bullPrefix(),
      defaultJobOptions: EVENTS_JOB_OPTIONS,
    });
    globalForQueue.wdEventsQueue.on("error", () => {});
  }
  return globalForQueue.wdEventsQueue;
}

// Deterministic job ids make a re-enqueue of the same events (sweeper, retry) a no-op while the job exists.
export function eventsJobId(eventIds: number[]) {
  return `ev-${eventIds[0]}-${eventIds[eventIds.length - 1]}-${eventIds.length}`;
}

export async function enqueueEvents(queue: Queue<EventsJob>, eventIds: number[], chunkSize = 100) {
  const jobs = [];
  for (let i = 0; i < eventIds.length; i += chunkSize) {
    const chunk = eventIds.slice(i, i + chunkSize);
    jobs.push({ name: "process", data: { eventIds: chunk }, opts: { jobId: eventsJobId(chunk) } });
  }
  await queue.addBulk(jobs);
}
