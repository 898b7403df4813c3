import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import IORedis from "ioredis";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/db/migrate";
import { notificationDeliveries } from "@/db/schema";
import { REPO_ROOT, TSX_BIN, waitFor } from "@/tests/support/processes";
import { startPushEndpoint, type TestPushEndpoint } from "@/tests/support/push-endpoint";
import { startSmtp, type TestSmtpServer } from "@/tests/support/smtp";

// The workers sweep every pending delivery in their database, so they get a private one (and a private Redis prefix);
// this file's own db client points there too, before anything reads the environment.
const name = `wd_notifyw_${randomBytes(5).toString("hex")}`;
const prefix = `wdnotifyw${randomBytes(3).toString("hex")}`;
const baseUrl = process.env.DATABASE_URL as string;
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const scratchUrl = Object.assign(new URL(baseUrl), { pathname: `/${name}` }).toString();
process.env.DATABASE_URL = scratchUrl;
const dataDir = mkdtempSync(path.join(tmpdir(), "wd-notifyw-"));
process.env.WATCHDESK_DATA_DIR = dataDir;

const { getDb, getSql } = await import("@/db/client");
await runMigrations(getSql());
const factories = await import("@/tests/factories");

let smtp: TestSmtpServer;
let push: TestPushEndpoint;
let worker: ChildProcess | undefined;
const redis = new IORedis(process.env.REDIS_URL as string, { maxRetriesPerRequest: null });

beforeAll(async () => {
  smtp = await startSmtp();
  push = await startPushEndpoint();
  worker = await startWorker();
}, 60_000);

afterAll(async () => {
  if (worker) await stop(worker);
  await smtp?.stop();
  await push?.stop();
  await getSql().end({ timeout: 5 });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  for (const pattern of [`{${prefix}}*`, `${prefix}:*`]) {
    const keys = await redis.keys(pattern);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startWorker(): Promise<ChildProcess> {
  const child = spawn(TSX_BIN, ["workers/index.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: scratchUrl,
      REDIS_PREFIX: prefix,
      SMTP_URL: smtp.url,
      WATCHDESK_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  await waitFor(async () => out.includes("running queues"), {
    timeoutMs: 50_000,
    what: `the workers to start: ${out}`,
  });
  return child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

describe("the notify worker", () => {
  it("hands a new page to SMTP and the push service within moments of the commit", async () => {
    const { user } = await factories.createTestUser({ role: "engineer", locale: "en" });
    const browser = push.subscribe();
    const { subscribePush } = await import("@/lib/notify/subscriptions");
    await subscribePush(factories.ctxFor(user), { endpoint: browser.endpoint, keys: browser.keys });
    const ticket = await factories.insertIncident({ title: "Worker path", priority: "P1" });
    const pagedAt = Date.now();
    const deliveries = await factories.pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    expect(deliveries.map((d) => d.channel).sort()).toEqual(["email", "push"]);
    const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(user.email), 10_000);
    const pushed = await push.waitFor((p) => p.subscriptionId === browser.id, 10_000);
    // The target is p99 ≤ 2 s on an idle machine; a loaded CI machine gets some slack here.
    expect(mail.receivedAt - pagedAt).toBeLessThan(4_000);
    expect(pushed.receivedAt - pagedAt).toBeLessThan(4_000);
    expect(mail.subject).toContain(ticket.number);
    await waitFor(
      async () => {
        const rows = await getDb()
          .select()
          .from(notificationDeliveries)
          .where(eq(notificationDeliveries.ticketId, ticket.id));
        return rows.every((r) => r.status === "sent");
      },
      { what: "both deliveries marked sent" },
    );
  });

  it("retries through the queue after a failure and sends when the SMTP server is back", async () => {
    const { user } = await factories.createTestUser({ role: "engineer", locale: "en" });
    await factories.setTestRules(user.id, [{ channel: "email" }]);
    const ticket = await factories.insertIncident({ priority: "P3" });
    const port = smtp.port;
    await smtp.stop();
    let deliveryId = "";
    try {
      [{ id: deliveryId }] = await factories.pageForTest({ ticketId: ticket.id, userIds: [user.id] });
      await waitFor(async () => (await factories.readDelivery(deliveryId)).attempts >= 1, {
        what: "the first failed attempt",
      });
      expect((await factories.readDelivery(deliveryId)).lastError).toMatch(/ECONNREFUSED/);
    } finally {
      await smtp.start(port);
    }
    await smtp.waitForMail((m) => m.envelopeTo.includes(user.email), 20_000);
    const row = await waitFor(
      async () => {
        const current = await factories.readDelivery(deliveryId);
        return current.status === "sent" && current;
      },
      { what: "the delivery marked sent" },
    );
    expect(row.attempts).toBeGreaterThanOrEqual(2);
  });

  it("sends a delivery that never reached Redis (the Postgres-side sweep finds it)", async () => {
    const { user } = await factories.createTestUser({ role: "engineer", locale: "en" });
    const ticket = await factories.insertIncident({ priority: "P3" });
    // Inserted without pg_notify, as if Redis had been flushed after the page: only the sweep can find it.
    const dueAt = new Date(Date.now() - 10_000);
    await getDb()
      .insert(notificationDeliveries)
      .values({
        ticketId: ticket.id,
        userId: user.id,
        channel: "email",
        target: user.email,
        reason: "page",
        dedupeKey: `sweep:${ticket.id}`,
        dueAt,
        nextAttemptAt: dueAt,
        createdAt: dueAt,
      });
    await smtp.waitForMail((m) => m.envelopeTo.includes(user.email), 15_000);
  });
});
