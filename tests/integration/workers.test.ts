// Heartbeats and the dead-token purge are shared per Redis prefix and database, so everything that touches them lives in
// this one file, whose tests run in order.

import { spawn } from "node:child_process";
import { type Job, Queue, Worker } from "bullmq";
import { eq, inArray } from "drizzle-orm";
import IORedis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens, auditLog } from "@/db/schema";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health";
import { bullPrefix, getRedis } from "@/lib/redis";
import { purgeDeadApiTokens, TOKEN_RETENTION_DAYS } from "@/lib/tokens/purge";
import { beat, HEARTBEAT_KEY, HEARTBEAT_STALE_MS, liveWorkers, retire } from "@/lib/workers/heartbeat";
import { createTestApiToken, createTestUser, ctxFor, uniqueSuffix } from "@/tests/factories";
import { brokenAuditCtx } from "@/tests/support/db";
import { caught, expectAppError, pgCode } from "@/tests/support/errors";
import { finished, REPO_ROOT, TSX_BIN, waitFor } from "@/tests/support/processes";
import { processMaintenance } from "@/workers/maintenance/process";
import {
  MAINTENANCE_QUEUE,
  type MaintenanceJob,
  maintenanceQueue,
  scheduleMaintenance,
} from "@/workers/queues/maintenance";

const DAY_MS = 86_400_000;
let connection: IORedis;

beforeAll(() => {
  connection = new IORedis(env().REDIS_URL, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  const queue = maintenanceQueue(connection);
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
});

async function tokenIds(ids: string[]) {
  const rows = await getDb().select({ id: apiTokens.id }).from(apiTokens).where(inArray(apiTokens.id, ids));
  return rows.map((r) => r.id).sort();
}

// Builds tokens of every kind the purge distinguishes; "old" means dead for longer than the retention period.
async function arrangeTokens() {
  const { user } = await createTestUser();
  const [active, oldRevoked, oldExpired, recentRevoked, recentExpired] = await Promise.all(
    Array.from({ length: 5 }, () => createTestApiToken({ userId: user.id }).then((t) => t.token.id)),
  );
  const longAgo = new Date(Date.now() - (TOKEN_RETENTION_DAYS + 1) * DAY_MS);
  const lately = new Date(Date.now() - DAY_MS);
  const set = (id: string, values: Partial<typeof apiTokens.$inferInsert>) =>
    getDb().update(apiTokens).set(values).where(eq(apiTokens.id, id));
  await set(oldRevoked, { revokedAt: longAgo });
  await set(oldExpired, { expiresAt: longAgo });
  await set(recentRevoked, { revokedAt: lately });
  await set(recentExpired, { expiresAt: lately });
  return {
    active,
    oldRevoked,
    oldExpired,
    recentRevoked,
    recentExpired,
    all: [active, oldRevoked, oldExpired, recentRevoked, recentExpired],
  };
}

describe("checkHealth and heartbeats", () => {
  it("reports the workers down while no worker has sent a heartbeat", async () => {
    expect(await liveWorkers(getRedis())).toEqual([]);
    const health = await checkHealth();
    expect(health.status).toBe("unavailable");
    expect(health.down).toEqual(["workers"]);
    expect(health.checks.postgres.ok).toBe(true);
    expect(health.checks.redis.ok).toBe(true);
    expect(health.checks.workers).toMatchObject({ ok: false, error: expect.stringMatching(/no worker heartbeat/) });
  });

  it("reports them up after a beat, and down again after the worker retires", async () => {
    const workerId = `test-worker-${uniqueSuffix()}`;
    await beat(getRedis(), workerId);
    try {
      const health = await checkHealth();
      expect(health).toMatchObject({ status: "ok", down: [] });
      expect(health.checks.workers).toMatchObject({ ok: true, count: 1 });
    } finally {
      await retire(getRedis(), workerId);
    }
    expect((await checkHealth()).down).toEqual(["workers"]);
  });

  it("ignores a stale heartbeat and forgets very old ones on the next beat", async () => {
    const stale = `stale-worker-${uniqueSuffix()}`;
    const ancient = `ancient-worker-${uniqueSuffix()}`;
    const now = Date.now();
    // beat() trims entries older than three stale periods before the time it records.
    await beat(getRedis(), ancient, now - HEARTBEAT_STALE_MS * 4 - 2_000);
    await beat(getRedis(), stale, now - HEARTBEAT_STALE_MS - 1_000);
    try {
      expect(await getRedis().zscore(HEARTBEAT_KEY, ancient)).toBeNull();
      expect(await getRedis().zscore(HEARTBEAT_KEY, stale)).not.toBeNull();
      expect(await liveWorkers(getRedis())).toEqual([]);
      expect((await checkHealth()).down).toEqual(["workers"]);
    } finally {
      await retire(getRedis(), stale);
    }
  });
});

describe("the workers process", () => {
  it("beats while it runs, and on SIGTERM stops cleanly and removes its heartbeat", { timeout: 60_000 }, async () => {
    // tsx itself rather than `npx tsx`: npm exec dies on SIGTERM without passing it on, which would orphan the worker.
    const child = spawn(TSX_BIN, ["workers/index.ts"], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exit = finished(child);
    let workerId: string | undefined;
    try {
      [workerId] = await waitFor(
        async () => {
          const live = await liveWorkers(getRedis());
          return live.length ? live : undefined;
        },
        { timeoutMs: 40_000, what: "the workers process to send a heartbeat" },
      );
      const schedulers = await maintenanceQueue(connection).getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain("purge-dead-api-tokens");
    } finally {
      child.kill("SIGTERM");
    }
    const { code, signal, stdout, stderr } = await exit;
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stdout).toContain(`[workers] ${workerId} running queues: ${MAINTENANCE_QUEUE}`);
    expect(stdout).toContain("[workers] stopped");
    expect(await getRedis().zscore(HEARTBEAT_KEY, workerId as string)).toBeNull();
    expect(await liveWorkers(getRedis())).toEqual([]);
  });
});

describe("purgeDeadApiTokens", () => {
  it(`removes tokens revoked or expired more than ${TOKEN_RETENTION_DAYS} days ago and audits what it removed`, async () => {
    const tokens = await arrangeTokens();
    const { user: admin } = await createTestUser({ role: "admin" });
    const removed = await purgeDeadApiTokens(ctxFor(admin));
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await tokenIds(tokens.all)).toEqual([tokens.active, tokens.recentRevoked, tokens.recentExpired].sort());

    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.actorId, admin.id));
    expect(audit).toMatchObject({ action: "api_token.purge", entityType: "api_token", entityId: null });
    const purgedIds = (audit.before as { id: string }[]).map((t) => t.id);
    expect(purgedIds).toEqual(expect.arrayContaining([tokens.oldRevoked, tokens.oldExpired]));
    expect(JSON.stringify(audit.before)).not.toMatch(/tokenHash|token_hash/);
  });

  it("writes no audit row when there is nothing to purge", async () => {
    const { user: first } = await createTestUser({ role: "admin" });
    const { user: second } = await createTestUser({ role: "admin" });
    await purgeDeadApiTokens(ctxFor(first));
    expect(await purgeDeadApiTokens(ctxFor(second))).toBe(0);
    expect(await getDb().select().from(auditLog).where(eq(auditLog.actorId, second.id))).toEqual([]);
  });

  it.each(["manager", "agent", "engineer"] as const)("refuses the %s role and removes nothing", async (role) => {
    const tokens = await arrangeTokens();
    const { user } = await createTestUser({ role });
    await expectAppError(purgeDeadApiTokens(ctxFor(user)), "forbidden");
    expect(await tokenIds(tokens.all)).toEqual([...tokens.all].sort());
  });

  it("removes nothing when its audit entry cannot be written", async () => {
    const tokens = await arrangeTokens();
    const { user: admin } = await createTestUser({ role: "admin" });
    expect(pgCode(await caught(purgeDeadApiTokens(brokenAuditCtx(admin))))).toBe("23502");
    expect(await tokenIds(tokens.all)).toEqual([...tokens.all].sort());
  });
});

describe("the maintenance processor on a real queue", () => {
  let queue: Queue<MaintenanceJob>;
  let worker: Worker;

  // A queue of its own, so a workers process elsewhere on this prefix cannot take these jobs.
  beforeAll(() => {
    const name = `maintenance-test-${uniqueSuffix()}`;
    queue = new Queue<MaintenanceJob>(name, { connection, prefix: bullPrefix() });
    worker = new Worker(name, processMaintenance, { connection, prefix: bullPrefix() });
    worker.on("error", () => {});
  });

  afterAll(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  function settled(
    jobId: string,
  ): Promise<{ state: "completed" | "failed"; job: Job; result?: unknown; error?: Error }> {
    return new Promise((resolve) => {
      worker.on("completed", (job, result) => {
        if (job.id === jobId) resolve({ state: "completed", job, result });
      });
      worker.on("failed", (job, error) => {
        if (job?.id === jobId) resolve({ state: "failed", job, error });
      });
    });
  }

  it("purges dead tokens", async () => {
    const tokens = await arrangeTokens();
    const jobId = `purge-${uniqueSuffix()}`;
    const outcome = settled(jobId);
    await queue.add("purge-dead-api-tokens", { task: "purge-dead-api-tokens" }, { jobId });
    const { state, result } = await outcome;
    expect(state).toBe("completed");
    expect((result as { removed: number }).removed).toBeGreaterThanOrEqual(2);
    expect(await tokenIds(tokens.all)).toEqual([tokens.active, tokens.recentRevoked, tokens.recentExpired].sort());
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.actorLabel, "system:maintenance:purge-dead-api-tokens"));
    expect(audits.some((a) => (a.before as { id: string }[]).some((t) => t.id === tokens.oldRevoked))).toBe(true);
  });

  it("fails a malformed job at once instead of retrying it", async () => {
    const jobId = `bad-${uniqueSuffix()}`;
    const outcome = settled(jobId);
    await queue.add("purge-dead-api-tokens", { task: "drop-all-tables" } as never, { jobId, attempts: 3, backoff: 10 });
    const { state, job, error } = await outcome;
    expect(state).toBe("failed");
    expect(error?.message).toMatch(/^Invalid maintenance payload/);
    expect(job.attemptsMade).toBe(1);
    expect(await (await queue.getJob(jobId))?.getState()).toBe("failed");
  });
});

describe("scheduleMaintenance", () => {
  it("keeps one scheduler however many workers call it", async () => {
    const queue = maintenanceQueue(connection);
    await scheduleMaintenance(queue);
    await scheduleMaintenance(queue);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.filter((s) => s.key === "purge-dead-api-tokens")).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ every: 3_600_000 });
    await queue.close();
  });
});
