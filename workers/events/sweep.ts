import { type Job, type Queue, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { staleEventIds } from "@/lib/engine/sweep";
import { env } from "@/lib/env";
import { EVENTS_JOB_OPTIONS, type EventsJob } from "../queues/events";
import { SweepJob } from "../queues/sweeper";

const CHUNK = 100;

// Job ids carry the minute, so a chunk whose earlier job failed for good (and is kept) is still re-enqueued.
export async function sweepEvents(queue: Queue<EventsJob>, olderThanSeconds = env().ENGINE_SWEEP_AFTER_SECONDS) {
  const ids = await staleEventIds(getDb(), olderThanSeconds);
  const minute = Math.floor(Date.now() / 60_000);
  const jobs = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const jobId = `sweep-${chunk[0]}-${chunk[chunk.length - 1]}-${chunk.length}-${minute}`;
    jobs.push({ name: "process", data: { eventIds: chunk }, opts: { ...EVENTS_JOB_OPTIONS, jobId } });
  }
  if (jobs.length) await queue.addBulk(jobs);
  return { enqueued: ids.length };
}

export function sweepProcessor(queue: Queue<EventsJob>) {
  return async (job: Job) => {
    const parsed = SweepJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid sweep payload: ${parsed.error.message}`);
    return sweepEvents(queue);
  };
}
