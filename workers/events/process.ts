import { type Job, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { processEvents } from "@/lib/engine/process-events";
import { recordEventFailure } from "@/lib/engine/sweep";
import { EventsJob } from "../queues/events";

export async function processEventsJob(job: Job) {
  const parsed = EventsJob.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid events payload: ${parsed.error.message}`);
  try {
    return await processEvents(getDb(), parsed.data.eventIds);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordEventFailure(getDb(), parsed.data.eventIds, message).catch(() => {});
    throw error;
  }
}
