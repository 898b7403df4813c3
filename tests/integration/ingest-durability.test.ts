import { createServer } from "node:net";
import { Queue } from "bullmq";
import IORedis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, getSql } from "@/db/client";
import { acceptIngest } from "@/lib/ingest/accept";
import { ALERTMANAGER_ENDPOINT, GENERIC_ENDPOINT } from "@/lib/ingest/endpoints";
import { createTestIntegration, uniqueSuffix } from "@/tests/factories";
import {
  ALERTMANAGER_FIXTURES,
  alertmanagerFixture,
  eventCount,
  eventsOf,
  ingestRequest,
  integrationRow,
} from "@/tests/factories/ingest";
import { EVENTS_QUEUE, type EventsJob, eventsQueue } from "@/workers/queues/events";

const AM = "/api/v1/integrations/alertmanager";

afterAll(async () => {
  await eventsQueue().close();
});

// A port that was just free: nothing listens there, so connections are refused at once.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function fiveAlerts(poisonFingerprint: string) {
  const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[0]);
  const template = fixture.alerts[0];
  fixture.alerts = Array.from({ length: 5 }, (_, i) => ({
    ...template,
    fingerprint: i === 2 ? poisonFingerprint : `${uniqueSuffix()}${i}`,
  }));
  return fixture;
}

describe("durability of accepted events", () => {
  it("a failure on the 3rd row of the insert stores none of the five and answers 503", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const poison = `poison-${uniqueSuffix()}`;
    const trigger = `events_poison_${uniqueSuffix()}`;
    const sql = getSql();
    // A real database failure in the middle of the multi-row insert: a trigger refuses one row by its fingerprint.
    await sql.unsafe(`
      create function ${trigger}() returns trigger language plpgsql as $$
      begin raise exception 'refusing %', new.fingerprint; end $$;
      create trigger ${trigger} before insert on events for each row
        when (new.fingerprint = '${poison}') execute function ${trigger}();`);
    try {
      const response = await acceptIngest(ingestRequest(AM, fiveAlerts(poison), { key }), ALERTMANAGER_ENDPOINT);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
      expect(await eventCount(integration.id)).toBe(0);
      expect((await integrationRow(integration.id)).lastEventAt).toBeNull();
    } finally {
      await sql.unsafe(`drop trigger ${trigger} on events; drop function ${trigger}();`);
    }
    const retried = await acceptIngest(
      ingestRequest(AM, fiveAlerts(`fine-${uniqueSuffix()}`), { key }),
      ALERTMANAGER_ENDPOINT,
    );
    expect(retried.status).toBe(202);
    expect(await eventCount(integration.id)).toBe(5);
  });

  it("answers 503 when Postgres is unreachable, so the sender retries", async () => {
    const { key } = await createTestIntegration({ kind: "alertmanager" });
    const unreachable = createDb(`postgres://postgres@127.0.0.1:${await closedPort()}/watchdesk`, {
      max: 1,
      connect_timeout: 2,
    });
    try {
      const response = await acceptIngest(
        ingestRequest(AM, alertmanagerFixture(ALERTMANAGER_FIXTURES[1]), { key }),
        ALERTMANAGER_ENDPOINT,
        { db: unreachable.db },
      );
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
    } finally {
      await unreachable.sql.end({ timeout: 1 });
    }
  });

  it("still answers 202 with the events stored when Redis is unreachable (rate limit and queue)", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic", rateLimitPerMinute: 1 });
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const redis = new IORedis(url, { maxRetriesPerRequest: 1, connectTimeout: 500 });
    redis.on("error", () => {});
    const connection = new IORedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 500 });
    connection.on("error", () => {});
    const queue = new Queue<EventsJob>(EVENTS_QUEUE, { connection, prefix: `{wdtest-down-${uniqueSuffix()}}` });
    queue.on("error", () => {});
    try {
      for (const title of ["first", "second"]) {
        const started = Date.now();
        const response = await acceptIngest(ingestRequest("/api/v1/events", { title }, { key }), GENERIC_ENDPOINT, {
          redis,
          queue: () => queue,
        });
        expect(response.status, title).toBe(202);
        expect(Date.now() - started).toBeLessThan(5_000);
      }
      const rows = await eventsOf(integration.id);
      expect(rows.map((r) => (r.normalized as { summary: string }).summary)).toEqual(["first", "second"]);
      expect(rows.every((r) => r.processedAt === null)).toBe(true);
    } finally {
      await queue.close().catch(() => {});
      redis.disconnect();
      connection.disconnect();
    }
  });
});
