import { type Job, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { systemCtx } from "@/lib/context";
import { purgeDeadApiTokens } from "@/lib/tokens/purge";
import { MaintenanceJob } from "../queues/maintenance";

export async function processMaintenance(job: Job) {
  const parsed = MaintenanceJob.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid maintenance payload: ${parsed.error.message}`);
  const ctx = systemCtx(getDb(), `maintenance:${parsed.data.task}`);
  switch (parsed.data.task) {
    case "purge-dead-api-tokens":
      return { removed: await purgeDeadApiTokens(ctx) };
  }
}
