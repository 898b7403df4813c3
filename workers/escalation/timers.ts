import type IORedis from "ioredis";
import { getDb, getSql } from "@/db/client";
import { env } from "@/lib/env";
import { ESCALATION_CHANNEL, sweepEscalations, upcomingEscalations } from "@/lib/oncall/escalation";
import { type EscalationJob, escalationQueue, parseEscalationNotice, scheduleEscalations } from "../queues/escalation";

const HORIZON_MS = 86_400_000;

// Escalation notices become delayed jobs (batched per few ms: an incident's first page is latency-critical), and a
// Postgres-side sweep pages whatever a flushed Redis lost. Returns the re-arming step for start-up and reconnects.
export async function startEscalationTimers(connection: IORedis, closers: (() => Promise<unknown>)[]) {
  const queue = escalationQueue(connection);
  closers.push(() => queue.close());
  let pending: EscalationJob[] = [];
  const arm = (jobs: EscalationJob[]) => {
    if (!jobs.length) return;
    const isFirst = pending.length === 0;
    pending.push(...jobs);
    if (!isFirst) return;
    setTimeout(() => {
      const batch = pending;
      pending = [];
      scheduleEscalations(queue, batch).catch((error) =>
        console.error(`[workers] escalation timers: ${error.message}`),
      );
    }, 5);
  };
  const listener = await getSql().listen(ESCALATION_CHANNEL, (payload) => arm(parseEscalationNotice(payload)));
  closers.push(() => listener.unlisten());
  let isSweeping = false;
  const sweep = async () => {
    if (isSweeping) return;
    isSweeping = true;
    await sweepEscalations(getDb())
      .catch((error) => console.error(`[workers] escalation sweep: ${error.message}`))
      .finally(() => {
        isSweeping = false;
      });
  };
  const interval = setInterval(sweep, env().ESCALATION_SWEEP_INTERVAL_SECONDS * 1000);
  closers.push(async () => clearInterval(interval));
  await sweep();
  return {
    recover: async () => arm((await upcomingEscalations(getDb(), HORIZON_MS)).flatMap(parseEscalationNotice)),
  };
}
