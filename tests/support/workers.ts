import { type ChildProcess, spawn } from "node:child_process";
import type IORedis from "ioredis";
import { REPO_ROOT, TSX_BIN, waitFor } from "./processes";

// The real workers process with extra environment (a private DATABASE_URL and REDIS_PREFIX), once it serves its queues.
export async function startWorkers(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(TSX_BIN, ["workers/index.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  await waitFor(async () => out.includes("running queues") || child.exitCode !== null, {
    timeoutMs: 40_000,
    what: "the workers to start",
  });
  if (child.exitCode !== null) throw new Error(`the workers exited at start-up:\n${out.slice(-2000)}`);
  return child;
}

export async function stopWorkers(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

// Deletes every key under a BullMQ prefix, as a Redis that lost its data would look.
export async function flushRedisPrefix(redis: IORedis, prefix: string) {
  for (const pattern of [`{${prefix}}*`, `${prefix}:*`]) {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  }
}
