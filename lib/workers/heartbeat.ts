import type IORedis from "ioredis";

export const HEARTBEAT_KEY = "workers:heartbeats";
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_STALE_MS = 20_000;

export async function beat(redis: IORedis, workerId: string, now = Date.now()) {
  await redis
    .multi()
    .zadd(HEARTBEAT_KEY, now, workerId)
    .zremrangebyscore(HEARTBEAT_KEY, 0, now - HEARTBEAT_STALE_MS * 3)
    .exec();
}

export async function liveWorkers(redis: IORedis, now = Date.now()): Promise<string[]> {
  return redis.zrangebyscore(HEARTBEAT_KEY, now - HEARTBEAT_STALE_MS, "+inf");
}

export async function retire(redis: IORedis, workerId: string) {
  await redis.zrem(HEARTBEAT_KEY, workerId);
}
