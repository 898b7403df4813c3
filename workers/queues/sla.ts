import { Queue } from "bullmq";
import type IORedis from "ioredis";
import { z } from "zod";
import { SLA_METRICS } from "@/db/schema";
import { bullPrefix } from "@/lib/redis";
import { addTimedJobs } from "./timed";

export const SLA_QUEUE = "sla";

export const SlaMarkJob = z.object({
  ticketId: z.uuid(),
  metric: z.enum(SLA_METRICS),
  mark: z.enum(["warning", "breach"]),
  at: z.number().int(),
});
export type SlaMarkJob = z.infer<typeof SlaMarkJob>;

export function slaQueue(connection: IORedis) {
  return new Queue<SlaMarkJob>(SLA_QUEUE, { connection, prefix: bullPrefix() });
}

export function slaJobId(job: SlaMarkJob) {
  return `sla-${job.ticketId}-${job.metric}-${job.mark}-${job.at}`;
}

// One delayed job per mark instant; a moved due time makes a new job and the old one finds nothing to mark.
export function scheduleSlaMarks(queue: Queue<SlaMarkJob>, jobs: SlaMarkJob[], now = Date.now()) {
  return addTimedJobs(queue, "mark", jobs, slaJobId, now);
}

// A timer notification is "<ticketId> <metric> <warnAtMs|-> <dueAtMs>".
export function parseTimer(payload: string): SlaMarkJob[] {
  const [ticketId, metric, warnAt, dueAt] = payload.split(" ");
  const jobs: SlaMarkJob[] = [];
  if (warnAt && warnAt !== "-")
    jobs.push({ ticketId, metric: metric as SlaMarkJob["metric"], mark: "warning", at: Number(warnAt) });
  if (dueAt) jobs.push({ ticketId, metric: metric as SlaMarkJob["metric"], mark: "breach", at: Number(dueAt) });
  return jobs.filter((j) => SlaMarkJob.safeParse(j).success);
}
