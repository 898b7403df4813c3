import { Queue } from "bullmq";
import type IORedis from "ioredis";
import { z } from "zod";
import { bullPrefix } from "@/lib/redis";

export const SWEEPER_QUEUE = "events-sweeper";

export const SweepJob = z.object({ task: z.literal("sweep-events") });
export type SweepJob = z.infer<typeof SweepJob>;

export function sweeperQueue(connection: IORedis) {
  return new Queue<SweepJob>(SWEEPER_QUEUE, { connection, prefix: bullPrefix() });
}

// Upserted by id: every worker calls it at boot and after Redis comes back (a restarted Redis forgets schedulers).
export async function scheduleSweeper(queue: Queue<SweepJob>, everySeconds: number) {
  await queue.upsertJobScheduler(
    "sweep-events",
    { every: everySeconds * 1000 },
    { name: "sweep-events", data: { task: "sweep-events" }, opts: { removeOnComplete: 100, removeOnFail: 500 } },
  );
}
