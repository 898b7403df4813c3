import { Queue } from "bullmq";
import type IORedis from "ioredis";
import { z } from "zod";
import { bullPrefix } from "@/lib/redis";

export const MAINTENANCE_QUEUE = "maintenance";

export const MaintenanceJob = z.object({ task: z.enum(["purge-dead-api-tokens"]) });
export type MaintenanceJob = z.infer<typeof MaintenanceJob>;

export function maintenanceQueue(connection: IORedis) {
  return new Queue<MaintenanceJob>(MAINTENANCE_QUEUE, { connection, prefix: bullPrefix() });
}

// Job schedulers are upserted by id, so every worker may call this at boot without creating duplicates.
export async function scheduleMaintenance(queue: Queue<MaintenanceJob>) {
  await queue.upsertJobScheduler(
    "purge-dead-api-tokens",
    { every: 60 * 60 * 1000 },
    {
      name: "purge-dead-api-tokens",
      data: { task: "purge-dead-api-tokens" },
      opts: { removeOnComplete: 100, removeOnFail: 500 },
    },
  );
}
