import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { and, asc, eq } from "drizzle-orm";
import IORedis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, getSql } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { businessCalendars, slaClocks, slaPolicies, ticketActivities, tickets } from "@/db/schema";
import { env } from "@/lib/env";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { ALWAYS } from "@/tests/factories";
import { waitFor } from "@/tests/support/processes";
import { flushRedisPrefix, startWorkers, stopWorkers } from "@/tests/support/workers";
import { SLA_QUEUE, slaJobId } from "@/workers/queues/sla";

// A private database and Redis prefix: the worker's sweep must not mark other tests' clocks.
const name = `wd_slamarks_${randomBytes(5).toString("hex")}`;
const prefix = `wdslamarks${randomBytes(3).toString("hex")}`;
let scratch: ReturnType<typeof createDb>;
let url: string;
const redis = new IORedis(env().REDIS_URL, { maxRetriesPerRequest: null });

beforeAll(async () => {
  await getSql().unsafe(`create database "${name}"`);
  const u = new URL(env().DATABASE_URL);
  u.pathname = `/${name}`;
  url = u.toString();
  scratch = createDb(url, { max: 5 });
  await runMigrations(scratch.sql);
  const [calendar] = await scratch.db
    .insert(businessCalendars)
    .values({ name: "24x7", timeZone: "Asia/Seoul", hours: ALWAYS })
    .returning();
  await scratch.db.insert(slaPolicies).values({
    name: "one minute",
    calendarId: calendar.id,
    targets: { P3: { response: 1, resolution: 60 } },
  });
});

afterAll(async () => {
  await scratch.sql.end({ timeout: 5 });
  await getSql().unsafe(`drop database if exists "${name}" with (force)`);
  await flushPrefix();
  redis.disconnect();
});

const flushPrefix = () => flushRedisPrefix(redis, prefix);

const startWorker = (sweepSeconds: number) =>
  startWorkers({ DATABASE_URL: url, REDIS_PREFIX: prefix, SLA_SWEEP_INTERVAL_SECONDS: String(sweepSeconds) });
const stop = stopWorkers;

// A P3 ticket whose one-minute response clock started `agoMs` ago.
async function ticketStartedAgo(agoMs: number) {
  const [ticket] = await scratch.db
    .insert(tickets)
    .values({
      number: `INC-${randomBytes(4).toString("hex")}`,
      type: "incident",
      title: "Disk full",
      priority: "P3",
      createdAt: new Date(Date.now() - agoMs),
    })
    .returning();
  await scratch.db.transaction((tx) => refreshSlaClocks(tx, [ticket.id]));
  const [clock] = await scratch.db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.metric, "response")));
  return { ticket, clock };
}

const marksOf = (ticketId: string) =>
  scratch.db
    .select()
    .from(ticketActivities)
    .where(and(eq(ticketActivities.ticketId, ticketId), eq(ticketActivities.kind, "sla_mark")))
    .orderBy(asc(ticketActivities.id));

describe("SLA warning and breach marks", () => {
  it("are delivered by delayed jobs at the warning and due instants", { timeout: 90_000 }, async () => {
    const worker = await startWorker(3600);
    try {
      const { ticket, clock } = await ticketStartedAgo(40_000);
      expect(clock.warnAt?.getTime()).toBe(ticket.createdAt.getTime() + 45_000);
      expect(clock.dueAt?.getTime()).toBe(ticket.createdAt.getTime() + 60_000);
      const marks = await waitFor(
        async () => {
          const rows = await marksOf(ticket.id);
          return rows.length === 2 ? rows : undefined;
        },
        { timeoutMs: 40_000, what: "warning and breach marks" },
      );
      expect(marks.map((m) => (m.data as { mark: string }).mark)).toEqual(["warning", "breach"]);
      const [warning, breach] = marks;
      const warnAt = clock.warnAt?.getTime() ?? 0;
      const dueAt = clock.dueAt?.getTime() ?? 0;
      expect(warning.createdAt.getTime()).toBeGreaterThanOrEqual(warnAt);
      expect(warning.createdAt.getTime()).toBeLessThan(warnAt + 3_000);
      expect(breach.createdAt.getTime()).toBeGreaterThanOrEqual(dueAt);
      expect(breach.createdAt.getTime()).toBeLessThan(dueAt + 3_000);
      expect(breach.data).toMatchObject({ metric: "response", dueAt: new Date(dueAt).toISOString() });
      const [after] = await scratch.db
        .select()
        .from(slaClocks)
        .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.metric, "response")));
      expect(after.isBreached).toBe(true);
      const audits = await scratch.sql<{ action: string }[]>`
        select action from audit_log where entity_id = ${ticket.id} order by id`;
      expect(audits.map((a) => a.action)).toEqual(["sla.warning", "sla.breach"]);
    } finally {
      await stop(worker);
    }
  });

  it("are still written by the Postgres sweep within a minute when Redis is flushed before the breach", {
    timeout: 120_000,
  }, async () => {
    const worker = await startWorker(60);
    try {
      const { ticket, clock } = await ticketStartedAgo(50_000);
      const dueAt = clock.dueAt?.getTime() ?? 0;
      const queue = new Queue(SLA_QUEUE, { connection: redis, prefix: `{${prefix}}` });
      const jobId = slaJobId({ ticketId: ticket.id, metric: "response", mark: "breach", at: dueAt });
      await waitFor(() => queue.getJob(jobId), { what: "the delayed breach job" });
      await flushPrefix();
      expect(await queue.getJob(jobId)).toBeUndefined();
      await queue.close();

      const [breach] = await waitFor(
        async () => {
          const rows = (await marksOf(ticket.id)).filter((m) => (m.data as { mark: string }).mark === "breach");
          return rows.length ? rows : undefined;
        },
        { timeoutMs: 75_000, intervalMs: 500, what: "the sweep to mark the breach" },
      );
      expect(breach.createdAt.getTime()).toBeGreaterThanOrEqual(dueAt);
      expect(breach.createdAt.getTime() - dueAt).toBeLessThanOrEqual(61_000);
      const [{ n }] = await scratch.sql<{ n: number }[]>`
        select count(*)::int as n from ticket_activities where ticket_id = ${ticket.id} and kind = 'sla_mark'
          and data->>'mark' = 'breach'`;
      expect(n).toBe(1);
    } finally {
      await stop(worker);
    }
  });
});
