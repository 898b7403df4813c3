import { type Job, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { runDueEscalations } from "@/lib/oncall/escalation";
import { EscalationJob } from "../queues/escalation";

export async function processEscalation(job: Job) {
  const parsed = EscalationJob.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid escalation payload: ${parsed.error.message}`);
  const { ticketId, at } = parsed.data;
  // A job promoted a moment early retries rather than miss its step.
  if (Date.now() < at) throw new Error(`not due until ${new Date(at).toISOString()}`);
  const runs = await runDueEscalations(getDb(), new Date(), { ticketId });
  return { runs };
}
