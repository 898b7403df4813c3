import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { POST as genericPost } from "@/app/api/v1/events/route";
import { getDb } from "@/db/client";
import { integrations } from "@/db/schema";
import { authenticateIntegrationKey } from "@/lib/integrations/authenticate";
import { createIntegration } from "@/lib/integrations/create";
import { integrationUrl } from "@/lib/integrations/endpoints";
import { listIntegrations } from "@/lib/integrations/list";
import { rotateIntegrationKey, setIntegrationEnabled } from "@/lib/integrations/manage";
import { hashSecret } from "@/lib/tokens/secret";
import {
  createTestIntegration,
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  uniqueName,
} from "@/tests/factories";
import { ingestRequest, integrationRow } from "@/tests/factories/ingest";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";
import { eventsQueue } from "@/workers/queues/events";

const NON_ADMINS = ["manager", "agent", "engineer"] as const;

afterAll(async () => {
  await eventsQueue().close();
});

describe("createIntegration", () => {
  it("returns the key once, stores only its SHA-256 hash and prefix, and audits without either", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const service = await createTestService();
    const team = await createTestTeam();
    const name = uniqueName("Prometheus prod");
    const { integration, key, url } = await createIntegration(ctxFor(admin), {
      kind: "alertmanager",
      name,
      serviceId: service.id,
      teamId: team.id,
    });
    expect(key).toMatch(/^wdi_[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(integrationUrl("alertmanager"));
    expect(url).toMatch(/\/api\/v1\/integrations\/alertmanager$/);
    expect(integration).not.toHaveProperty("keyHash");
    const row = await integrationRow(integration.id);
    expect(row).toMatchObject({
      name,
      kind: "alertmanager",
      serviceId: service.id,
      teamId: team.id,
      isEnabled: true,
      createdById: admin.id,
      keyHash: hashSecret(key),
      keyPrefix: key.slice(0, 12),
    });
    const [raw] = await getDb().execute<{ row: string }>(
      sql`select row_to_json(i)::text as row from integrations i where id = ${integration.id}`,
    );
    expect(raw.row).not.toContain(key);

    const audit = await auditRowsFor(integration.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["integration.create", admin.id]]);
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(JSON.stringify(audit)).not.toContain(row.keyHash);
  });

  it("refuses every role but admin and writes nothing", async () => {
    for (const role of NON_ADMINS) {
      const { user } = await createTestUser({ role });
      const name = uniqueName(`by ${role}`);
      await expectAppError(createIntegration(ctxFor(user), { kind: "generic", name }), "forbidden");
      expect(await getDb().select().from(integrations).where(eq(integrations.name, name))).toEqual([]);
    }
  });

  it("refuses a duplicate name in any case, and a bad kind naming the field", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const name = uniqueName("Grafana");
    await createIntegration(ctxFor(admin), { kind: "grafana", name });
    await expectAppError(createIntegration(ctxFor(admin), { kind: "grafana", name: name.toUpperCase() }), "conflict");
    const bad = await expectAppError(
      createIntegration(ctxFor(admin), { kind: "nagios" as never, name: "x" }),
      "invalid",
    );
    expect(bad.details?.fields).toHaveProperty("kind");
  });
});

describe("rotateIntegrationKey and setIntegrationEnabled", () => {
  it("rotates: the new key works, the old one stops, the audit has neither", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { integration, key: oldKey } = await createTestIntegration({ kind: "generic" });
    const { key: newKey } = await rotateIntegrationKey(ctxFor(admin), { integrationId: integration.id });
    expect(newKey).not.toBe(oldKey);
    await expectAppError(authenticateIntegrationKey(getDb(), oldKey), "unauthorized");
    expect((await authenticateIntegrationKey(getDb(), newKey)).id).toBe(integration.id);
    const row = await integrationRow(integration.id);
    expect(row.keyHash).toBe(hashSecret(newKey));
    expect(row.keyRotatedAt).toBeInstanceOf(Date);
    const audit = await auditRowsFor(integration.id);
    expect(audit.map((a) => a.action)).toEqual(["integration.create", "integration.rotate_key"]);
    expect(JSON.stringify(audit)).not.toContain(newKey);
    expect(JSON.stringify(audit)).not.toContain(row.keyHash);
  });

  it("disables and enables with an audit row each; repeating a state writes nothing", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    await setIntegrationEnabled(ctxFor(admin), { integrationId: integration.id, isEnabled: false });
    await setIntegrationEnabled(ctxFor(admin), { integrationId: integration.id, isEnabled: false });
    await expectAppError(authenticateIntegrationKey(getDb(), key), "unauthorized");
    await setIntegrationEnabled(ctxFor(admin), { integrationId: integration.id, isEnabled: true });
    expect((await authenticateIntegrationKey(getDb(), key)).id).toBe(integration.id);
    expect((await auditRowsFor(integration.id)).map((a) => a.action)).toEqual([
      "integration.create",
      "integration.disable",
      "integration.enable",
    ]);
  });

  it("refuses non-admins and changes nothing", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    for (const role of NON_ADMINS) {
      const { user } = await createTestUser({ role });
      await expectAppError(rotateIntegrationKey(ctxFor(user), { integrationId: integration.id }), "forbidden");
      await expectAppError(
        setIntegrationEnabled(ctxFor(user), { integrationId: integration.id, isEnabled: false }),
        "forbidden",
      );
    }
    const row = await integrationRow(integration.id);
    expect(row).toMatchObject({ keyHash: hashSecret(key), isEnabled: true, keyRotatedAt: null });
    expect((await auditRowsFor(integration.id)).map((a) => a.action)).toEqual(["integration.create"]);
  });

  it("answers not_found for an unknown integration", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    await expectAppError(
      rotateIntegrationKey(ctxFor(admin), { integrationId: "00000000-0000-4000-8000-00000000beef" }),
      "not_found",
    );
  });
});

describe("listIntegrations", () => {
  it("shows each integration's URL, error count and its last events, newest first", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    for (let i = 0; i < 12; i++) {
      expect((await genericPost(ingestRequest("/api/v1/events", { title: `event ${i}` }, { key }))).status).toBe(202);
    }
    expect((await genericPost(ingestRequest("/api/v1/events", "{", { key }))).status).toBe(400);

    const item = (await listIntegrations(ctxFor(admin))).find((i) => i.id === integration.id);
    expect(item).toMatchObject({ url: integrationUrl("generic"), errorCount: 1, isEnabled: true });
    expect(item).not.toHaveProperty("keyHash");
    expect(item?.lastError).toMatch(/^400 Malformed JSON/);
    expect(item?.lastEventAt).toBeInstanceOf(Date);
    expect(item?.recentEvents.map((e) => e.summary)).toEqual(Array.from({ length: 10 }, (_, i) => `event ${11 - i}`));

    for (const role of NON_ADMINS) {
      const { user } = await createTestUser({ role });
      await expectAppError(listIntegrations(ctxFor(user)), "forbidden");
    }
  });
});
