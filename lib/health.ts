import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { getRedis } from "@/lib/redis";
import { liveWorkers } from "@/lib/workers/heartbeat";

type Check = { ok: boolean; latencyMs?: number; error?: string; [key: string]: unknown };

const TIMEOUT_MS = 2_000;

async function timed(fn: () => Promise<Record<string, unknown> | undefined>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const extra = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(extra ?? {}) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth() {
  const [postgres, redis] = await Promise.all([
    timed(async () => {
      await getDb().execute(sql`select 1`);
      return undefined;
    }),
    timed(async () => {
      await getRedis().ping();
      return undefined;
    }),
  ]);
  const workers: Check = redis.ok
    ? await timed(async () => {
        const live = await liveWorkers(getRedis());
        if (!live.length) throw new Error("no worker heartbeat in the last 20 s");
        return { count: live.length };
      })
    : { ok: false, error: "unknown while Redis is down" };
  const checks = { web: { ok: true } as Check, postgres, redis, workers };
  const down = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return { status: down.length ? ("unavailable" as const) : ("ok" as const), down, checks };
}
