import type IORedis from "ioredis";
import type { Integration } from "@/db/schema";
import { AppError } from "@/lib/errors";

const WINDOW_SECONDS = 60;
const REDIS_BUDGET_MS = 250;

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// Fixed one-minute window per integration. Redis being down must not stop ingestion, so any Redis failure admits the request.
export async function assertWithinRateLimit(
  redis: IORedis | null,
  integration: Pick<Integration, "id" | "rateLimitPerMinute">,
  now: Date,
) {
  if (!redis) return;
  const seconds = Math.floor(now.getTime() / 1000);
  const window = Math.floor(seconds / WINDOW_SECONDS);
  const key = `ingest:rate:${integration.id}:${window}`;
  let count: number;
  try {
    const results = await withTimeout(
      redis
        .multi()
        .incr(key)
        .expire(key, WINDOW_SECONDS + 5)
        .exec(),
      REDIS_BUDGET_MS,
      "rate limit check",
    );
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error("Redis did not run the rate limit counter");
    count = Number(results[0][1]);
  } catch (error) {
    console.warn(`ingest: rate limit skipped, Redis unavailable: ${(error as Error).message}`);
    return;
  }
  if (count > integration.rateLimitPerMinute) {
    const retryAfterSeconds = WINDOW_SECONDS - (seconds % WINDOW_SECONDS);
    throw new AppError(
      "rate_limited",
      `Over this integration's limit of ${integration.rateLimitPerMinute} requests per minute; retry in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
  }
}
