import { type Job, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { markDueClocks } from "@/lib/sla/marks";
import { SlaMarkJob } from "../queues/sla";

export async function processSlaMark(job: Job) {
  const parsed = SlaMarkJob.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid SLA mark payload: ${parsed.error.message}`);
  const { ticketId, metric, at } = parsed.data;
  // A job promoted a moment early retries rather than miss its mark.
  if (Date.now() < at) throw new Error(`not due until ${new Date(at).toISOString()}`);
  const marks = await markDueClocks(getDb(), new Date(), { ticketId, metric });
  return { marked: marks.map((m) => m.mark) };
}
