import { Queue } from "bullmq";
import type IORedis from "ioredis";
import { z } from "zod";
import { bullPrefix } from "@/lib/redis";
import { addTimedJobs } from "./timed";

export const ESCALATION_QUEUE = "escalation";

export const EscalationJob = z.object({
  ticketId: z.uuid(),
  generation: z.number().int().positive(),
  at: z.number().int(),
});
export type EscalationJob = z.infer<typeof EscalationJob>;

export function escalationQueue(connection: IORedis) {
  return new Queue<EscalationJob>(ESCALATION_QUEUE, { connection, prefix: bullPrefix() });
}

export function escalationJobId(job: EscalationJob) {
  return `esc-${job.ticketId}-${job.generation}-${job.at}`;
}

// One delayed job per due instant; a moved next_at makes a new job and the old one finds nothing due.
export function scheduleEscalations(queue: Queue<EscalationJob>, jobs: EscalationJob[], now = Date.now()) {
  return addTimedJobs(queue, "escalate", jobs, escalationJobId, now);
}

// A notice is "<ticketId> <generation> <nextAtMs>" (ESCALATION_CHANNEL).
export function parseEscalationNotice(payload: string): EscalationJob[] {
  const [ticketId, generation, at] = payload.split(" ");
  const parsed = EscalationJob.safeParse({ ticketId, generation: Number(generation), at: Number(at) });
  return parsed.success ? [parsed.data] : [];
}
