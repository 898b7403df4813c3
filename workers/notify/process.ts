import { type Job, type Processor, type Queue, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { deliverNotification } from "@/lib/notify/deliver";
import { enqueueDeliveries, NotifyJob } from "../queues/notify";

// A job promoted this much before its time retries shortly instead of leaving the delivery to the sweep.
const EARLY_TOLERANCE_MS = 1_000;

export function notifyProcessor(queue: Queue<NotifyJob>): Processor {
  return async (job: Job) => {
    const parsed = NotifyJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid notify payload: ${parsed.error.message}`);
    const { deliveryId } = parsed.data;
    const result = await deliverNotification(getDb(), deliveryId, new Date());
    if (result.outcome === "retry") {
      await enqueueDeliveries(queue, [{ deliveryId, attempt: result.attempts, at: result.nextAttemptAt.getTime() }]);
    }
    // Not yet due by a hair (timers fire a little early): BullMQ retries it. A lease further out belongs to another worker.
    if (result.outcome === "not_due" && result.nextAttemptAt.getTime() - Date.now() < EARLY_TOLERANCE_MS) {
      throw new Error(`delivery ${deliveryId} not due until ${result.nextAttemptAt.toISOString()}`);
    }
    return result;
  };
}
