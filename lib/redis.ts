import IORedis, { type RedisOptions } from "ioredis";
import { env } from "@/lib/env";

const globalForRedis = globalThis as unknown as { wdRedis?: IORedis };

export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return { connectTimeout: 3000, maxRetriesPerRequest: 2, ...extra };
}

// App keys live under "<prefix>:"; BullMQ queues use the hash-tagged prefix so a Redis Cluster keeps a queue on one slot.
export function bullPrefix() {
  return `{${env().REDIS_PREFIX}}`;
}

export function getRedis(): IORedis {
  if (!globalForRedis.wdRedis) {
    const client = new IORedis(env().REDIS_URL, redisOptions({ keyPrefix: `${env().REDIS_PREFIX}:` }));
    client.on("error", () => {});
    globalForRedis.wdRedis = client;
  }
  return globalForRedis.wdRedis;
}

export async function closeRedis() {
  await globalForRedis.wdRedis?.quit().catch(() => {});
  globalForRedis.wdRedis = undefined;
}
