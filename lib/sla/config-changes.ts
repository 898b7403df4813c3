import type { Sql } from "postgres";
import type { SlaConfigChange } from "./recompute";

// One advisory lock across all worker processes: every worker hears each change, one recomputes it.
const RECOMPUTE_LOCK = 0x5_1a_c0_f1;

type Apply = (change: SlaConfigChange) => Promise<number>;

// Queues the changes a worker hears and applies them one at a time; repeats of a queued change fold into one.
// A worker that finds the lock taken drops what it heard: the holder heard the same notifications and applies them.
export function slaConfigChangeQueue(
  sql: Sql,
  apply: Apply,
  { log = () => {}, lockKey = RECOMPUTE_LOCK }: { log?: (line: string) => void; lockKey?: number } = {},
) {
  const pending = new Map<string, SlaConfigChange>();
  let draining: Promise<void> | null = null;

  async function drain() {
    while (pending.size) {
      const conn = await sql.reserve();
      try {
        const [{ isLocked }] = await conn<{ isLocked: boolean }[]>`
          select pg_try_advisory_lock(${lockKey}) as "isLocked"`;
        if (!isLocked) {
          pending.clear();
          return;
        }
        try {
          while (pending.size) {
            const [key, change] = pending.entries().next().value as [string, SlaConfigChange];
            pending.delete(key);
            const clocks = await apply(change);
            log(`recomputed ${clocks} clocks after ${key}`);
          }
        } finally {
          await conn`select pg_advisory_unlock(${lockKey})`;
        }
      } finally {
        conn.release();
      }
    }
  }

  function hear(change: SlaConfigChange) {
    const key = JSON.stringify({ calendarId: change.calendarId, policyId: change.policyId });
    pending.set(key, change);
    if (!draining) {
      draining = drain()
        .catch((error) => log(`recompute failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          draining = null;
          // Heard while the last drain was releasing its lock.
          if (pending.size) hear(pending.values().next().value as SlaConfigChange);
        });
    }
  }

  return {
    hear,
    idle: async () => {
      while (draining) await draining;
    },
  };
}
