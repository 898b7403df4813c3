import { afterAll, describe, expect, it } from "vitest";
import { POST as genericPost } from "@/app/api/v1/events/route";
import { POST as alertmanagerPost } from "@/app/api/v1/integrations/alertmanager/route";
import { POST as grafanaPost } from "@/app/api/v1/integrations/grafana/route";
import { POST as pagerDutyPost } from "@/app/v2/enqueue/route";
import { rotateIntegrationKey, setIntegrationEnabled } from "@/lib/integrations/manage";
import { createTestIntegration, factoryCtx } from "@/tests/factories";
import {
  ALERTMANAGER_FIXTURES,
  alertmanagerFixture,
  eventCount,
  eventsOf,
  ingestRequest,
  integrationRow,
} from "@/tests/factories/ingest";
import { eventsJobId, eventsQueue } from "@/workers/queues/events";

const AM = "/api/v1/integrations/alertmanager";
const GRAFANA = "/api/v1/integrations/grafana";
const PD = "/v2/enqueue";
const GENERIC = "/api/v1/events";

afterAll(async () => {
  await eventsQueue().close();
});

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("POST /api/v1/integrations/alertmanager", () => {
  it("stores one event per alert of each real Alertmanager 0.25 payload, with fingerprint, action and groupKey", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    let stored = 0;
    for (const name of ALERTMANAGER_FIXTURES) {
      const fixture = alertmanagerFixture(name);
      const response = await alertmanagerPost(ingestRequest(AM, fixture, { key }));
      expect(response.status, name).toBe(202);
      const body = (await response.json()) as { status: string; events: number; requestId: string };
      expect(body).toMatchObject({ status: "accepted", events: fixture.alerts.length });

      const rows = (await eventsOf(integration.id)).slice(stored);
      stored += fixture.alerts.length;
      expect(rows).toHaveLength(fixture.alerts.length);
      for (const [i, alert] of fixture.alerts.entries()) {
        const row = rows[i];
        expect(row).toMatchObject({
          kind: "alertmanager",
          requestId: body.requestId,
          fingerprint: alert.fingerprint,
          action: alert.status === "resolved" ? "resolve" : "trigger",
          processedAt: null,
        });
        expect(row.normalized).toMatchObject({ groupKey: fixture.groupKey, fingerprint: alert.fingerprint });
        expect(row.payload).toMatchObject({ groupKey: fixture.groupKey, truncatedAlerts: 0, alert });
      }
      expect(await eventsQueue().getJob(eventsJobId(rows.map((r) => r.id)))).toBeDefined();
    }
    expect(await eventCount(integration.id)).toBe(5);
    const row = await integrationRow(integration.id);
    expect(row.lastEventAt).toBeInstanceOf(Date);
    expect(row.errorCount).toBe(0);
  });

  it("accepts the key as ?key= for senders that cannot set headers", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    const response = await alertmanagerPost(ingestRequest(AM, fixture, { key, keyInQuery: true }));
    expect(response.status).toBe(202);
    expect(await eventCount(integration.id)).toBe(1);
  });

  it("records truncatedAlerts in the stored payload", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = { ...alertmanagerFixture(ALERTMANAGER_FIXTURES[1]), truncatedAlerts: 7 };
    expect((await alertmanagerPost(ingestRequest(AM, fixture, { key }))).status).toBe(202);
    const [row] = await eventsOf(integration.id);
    expect(row.payload).toMatchObject({ truncatedAlerts: 7 });
  });

  it("keeps label values with HTML as plain stored text", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    const script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    fixture.alerts[0].labels = { ...(fixture.alerts[0].labels as object), pod: script };
    expect((await alertmanagerPost(ingestRequest(AM, fixture, { key }))).status).toBe(202);
    const [row] = await eventsOf(integration.id);
    expect((row.normalized as { labels: Record<string, string> }).labels.pod).toBe(script);
  });
});

describe("bad input is answered as stated and stores nothing", () => {
  it("malformed JSON → 400, counted against the integration", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const response = await alertmanagerPost(ingestRequest(AM, '{"version": "4", "alerts": [', { key }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/^Malformed JSON/);
    expect(await eventCount(integration.id)).toBe(0);
    const row = await integrationRow(integration.id);
    expect(row).toMatchObject({ errorCount: 1 });
    expect(row.lastError).toMatch(/^400 Malformed JSON/);
    expect(row.lastErrorAt).toBeInstanceOf(Date);
    expect(row.lastEventAt).toBeNull();
  });

  it("a schema violation → 400 naming the field; a valid alert beside it is not stored either", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[0]);
    fixture.alerts[1].labels = "not-an-object";
    const response = await alertmanagerPost(ingestRequest(AM, fixture, { key }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.message).toBe("alerts[1].labels: expected an object");
    expect(await eventCount(integration.id)).toBe(0);

    const wrongVersion = { ...alertmanagerFixture(ALERTMANAGER_FIXTURES[1]), version: "3" };
    const versionError = await errorOf(await alertmanagerPost(ingestRequest(AM, wrongVersion, { key })));
    expect(versionError.message).toBe('version: expected one of "4"');
    const { groupKey: _groupKey, ...noGroupKey } = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    expect((await errorOf(await alertmanagerPost(ingestRequest(AM, noGroupKey, { key })))).message).toBe(
      "groupKey: is required",
    );
    expect(await eventCount(integration.id)).toBe(0);
    expect((await integrationRow(integration.id)).errorCount).toBe(3);
  });

  it("an unknown key → 401, counted nowhere", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    const response = await alertmanagerPost(ingestRequest(AM, fixture, { key: `${key.slice(0, -2)}xx` }));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await errorOf(response)).toEqual({ code: "unauthorized", message: "The integration key is not valid" });
    const missing = await alertmanagerPost(ingestRequest(AM, fixture, {}));
    expect(missing.status).toBe(401);
    expect(await eventCount(integration.id)).toBe(0);
    expect((await integrationRow(integration.id)).errorCount).toBe(0);
  });

  it("a disabled key → 401 with the unknown key's message, counted nowhere; enabled again it works", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    await setIntegrationEnabled(factoryCtx(), { integrationId: integration.id, isEnabled: false });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    const response = await alertmanagerPost(ingestRequest(AM, fixture, { key }));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({ code: "unauthorized", message: "The integration key is not valid" });
    expect(await eventCount(integration.id)).toBe(0);
    expect((await integrationRow(integration.id)).errorCount).toBe(0);

    await setIntegrationEnabled(factoryCtx(), { integrationId: integration.id, isEnabled: true });
    expect((await alertmanagerPost(ingestRequest(AM, fixture, { key }))).status).toBe(202);
    expect(await eventCount(integration.id)).toBe(1);
  });

  it("a rotated-away key → 401; the new key works", async () => {
    const { integration, key: oldKey } = await createTestIntegration({ kind: "alertmanager" });
    const { key: newKey } = await rotateIntegrationKey(factoryCtx(), { integrationId: integration.id });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    const refused = await alertmanagerPost(ingestRequest(AM, fixture, { key: oldKey, keyInQuery: true }));
    expect(refused.status).toBe(401);
    expect(await eventCount(integration.id)).toBe(0);
    expect((await alertmanagerPost(ingestRequest(AM, fixture, { key: newKey }))).status).toBe(202);
    expect(await eventCount(integration.id)).toBe(1);
  });

  it("a body over 1 MiB → 413, whether Content-Length says so or only the bytes do", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    fixture.alerts[0].annotations = { description: "x".repeat(1024 * 1024) };
    const response = await alertmanagerPost(ingestRequest(AM, fixture, { key }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("too_large");

    const small = JSON.stringify(alertmanagerFixture(ALERTMANAGER_FIXTURES[1]));
    const declared = await alertmanagerPost(
      ingestRequest(AM, small, { key, headers: { "content-length": String(2 * 1024 * 1024) } }),
    );
    expect(declared.status).toBe(413);
    expect(await eventCount(integration.id)).toBe(0);
  });

  it("a wrong content type → 415; a charset parameter is fine", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", null]) {
      const response = await alertmanagerPost(ingestRequest(AM, fixture, { key, contentType }));
      expect(response.status, String(contentType)).toBe(415);
      expect((await errorOf(response)).code).toBe("unsupported_media_type");
    }
    expect(await eventCount(integration.id)).toBe(0);
    const charset = await alertmanagerPost(
      ingestRequest(AM, fixture, { key, contentType: "application/json; charset=utf-8" }),
    );
    expect(charset.status).toBe(202);
    expect(await eventCount(integration.id)).toBe(1);
  });

  it("a key of another kind → 401 naming the right endpoint, counted against the integration", async () => {
    const { integration, key } = await createTestIntegration({ kind: "alertmanager" });
    const fixture = alertmanagerFixture(ALERTMANAGER_FIXTURES[1]);
    const response = await grafanaPost(ingestRequest(GRAFANA, fixture, { key }));
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toBe(
      "This key belongs to an integration of kind alertmanager; send its events to /api/v1/integrations/alertmanager",
    );
    expect(await eventCount(integration.id)).toBe(0);
    expect((await integrationRow(integration.id)).errorCount).toBe(1);
  });

  it("over the per-minute limit → 429 with Retry-After; nothing of the refused request is stored", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic", rateLimitPerMinute: 2 });
    const { acceptIngest } = await import("@/lib/ingest/accept");
    const { GENERIC_ENDPOINT } = await import("@/lib/ingest/endpoints");
    const at = new Date(Date.UTC(2031, 0, 1, 0, 0, 10));
    const send = () =>
      acceptIngest(ingestRequest(GENERIC, { title: "disk" }, { key }), GENERIC_ENDPOINT, { now: () => at });
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(202);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("50");
    expect((await errorOf(refused)).code).toBe("rate_limited");
    expect(await eventCount(integration.id)).toBe(2);
    expect((await integrationRow(integration.id)).errorCount).toBe(1);
  });
});

describe("POST /v2/enqueue (PagerDuty Events API v2)", () => {
  const trigger = (routingKey: string, extra: Record<string, unknown> = {}) => ({
    routing_key: routingKey,
    event_action: "trigger",
    payload: { summary: "Disk full on db1", source: "db1", severity: "critical", custom_details: { free: "0%" } },
    ...extra,
  });

  it("answers a trigger without dedup_key with a generated one, stored as the fingerprint", async () => {
    const { integration, key } = await createTestIntegration({ kind: "pagerduty" });
    const response = await pagerDutyPost(ingestRequest(PD, trigger(key), { contentType: "application/json" }));
    expect(response.status).toBe(202);
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(["status", "message", "dedup_key"]);
    expect(body).toMatchObject({ status: "success", message: "Event processed" });
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    const [row] = await eventsOf(integration.id);
    expect(row).toMatchObject({ fingerprint: body.dedup_key, action: "trigger", kind: "pagerduty" });
    expect(JSON.stringify(row.payload)).not.toContain(key);
  });

  it("takes trigger, acknowledge and resolve with one dedup_key", async () => {
    const { integration, key } = await createTestIntegration({ kind: "pagerduty" });
    for (const action of ["trigger", "acknowledge", "resolve"]) {
      const event =
        action === "trigger"
          ? trigger(key, { dedup_key: "db1-disk" })
          : { routing_key: key, event_action: action, dedup_key: "db1-disk" };
      const response = await pagerDutyPost(ingestRequest(PD, event));
      expect(response.status, action).toBe(202);
      expect(await response.json()).toEqual({ status: "success", message: "Event processed", dedup_key: "db1-disk" });
    }
    const rows = await eventsOf(integration.id);
    expect(rows.map((r) => [r.action, r.fingerprint])).toEqual([
      ["trigger", "db1-disk"],
      ["acknowledge", "db1-disk"],
      ["resolve", "db1-disk"],
    ]);
  });

  it("refuses in PagerDuty's error shape, naming the field, and stores nothing", async () => {
    const { integration, key } = await createTestIntegration({ kind: "pagerduty" });
    const noDedup = await pagerDutyPost(ingestRequest(PD, { routing_key: key, event_action: "resolve" }));
    expect(noDedup.status).toBe(400);
    expect(await noDedup.json()).toEqual({
      status: "invalid event",
      message: "dedup_key: is required for resolve",
      errors: ["dedup_key: is required for resolve"],
    });
    const badSeverity = await pagerDutyPost(
      ingestRequest(PD, trigger(key, { payload: { summary: "x", source: "y", severity: "loud" } })),
    );
    expect(badSeverity.status).toBe(400);
    expect(((await badSeverity.json()) as { message: string }).message).toBe(
      'payload.severity: expected one of "critical", "error", "warning", "info"',
    );
    const noKey = await pagerDutyPost(ingestRequest(PD, { event_action: "trigger" }));
    expect(noKey.status).toBe(400);
    const badKey = await pagerDutyPost(ingestRequest(PD, trigger(`${key}x`)));
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toEqual({
      status: "unauthorized",
      message: "The integration key is not valid",
      errors: ["The integration key is not valid"],
    });
    const malformed = await pagerDutyPost(ingestRequest(PD, "{routing_key:"));
    expect(malformed.status).toBe(400);
    expect(await eventCount(integration.id)).toBe(0);
    expect((await integrationRow(integration.id)).errorCount).toBe(2);
  });
});

describe("POST /api/v1/integrations/grafana", () => {
  it("stores each alert of a unified alerting payload with its links", async () => {
    const { integration, key } = await createTestIntegration({ kind: "grafana" });
    const payload = {
      receiver: "watchdesk",
      status: "firing",
      orgId: 1,
      alerts: [
        {
          status: "firing",
          labels: { alertname: "High memory usage", team: "blue", zone: "us-1", severity: "high" },
          annotations: { description: "The system has high memory usage", summary: "Zone us-1 memory" },
          startsAt: "2021-10-12T09:51:03.157076+02:00",
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "https://grafana.example/alerting/1afz29v7z/edit",
          fingerprint: "c6eadffa33fcdf37",
          silenceURL: "https://grafana.example/alerting/silence/new",
          dashboardURL: "https://grafana.example/d/abc",
          panelURL: "",
          values: { B: 44.2, C: 1 },
          valueString: "[ var='B' value=44.2 ]",
        },
        {
          status: "resolved",
          labels: { alertname: "High CPU usage", zone: "eu-1" },
          annotations: {},
          startsAt: "2021-10-12T09:56:03.157076+02:00",
          endsAt: "2021-10-12T10:01:03.157076+02:00",
          generatorURL: "",
          fingerprint: "bc97ff14869b13e3",
        },
      ],
      groupLabels: { alertname: "High memory usage" },
      commonLabels: { team: "blue" },
      commonAnnotations: {},
      externalURL: "https://grafana.example/",
      version: "1",
      groupKey: '{}/{}:{alertname="High memory usage"}',
      truncatedAlerts: 0,
      title: "[FIRING:1] High memory usage",
      state: "alerting",
      message: "**Firing**",
    };
    const response = await grafanaPost(ingestRequest(GRAFANA, payload, { key }));
    expect(response.status).toBe(202);
    const rows = await eventsOf(integration.id);
    expect(rows.map((r) => [r.fingerprint, r.action])).toEqual([
      ["c6eadffa33fcdf37", "trigger"],
      ["bc97ff14869b13e3", "resolve"],
    ]);
    expect(rows[0].normalized).toMatchObject({
      severity: "error",
      summary: "Zone us-1 memory",
      groupKey: payload.groupKey,
      startsAt: "2021-10-12T07:51:03.157Z",
      endsAt: null,
      links: [
        { href: "https://grafana.example/d/abc", text: "dashboard" },
        { href: "https://grafana.example/alerting/silence/new", text: "silence" },
      ],
    });
    expect(rows[1].normalized).toMatchObject({ summary: "High CPU usage", endsAt: "2021-10-12T08:01:03.157Z" });
    expect(rows[0].payload).toMatchObject({
      orgId: 1,
      state: "alerting",
      alert: { valueString: "[ var='B' value=44.2 ]" },
    });
  });
});

describe("POST /api/v1/events (generic)", () => {
  it("takes one event", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    const response = await genericPost(
      ingestRequest(
        GENERIC,
        { title: "Backup failed", severity: "error", source: "cron", labels: { host: "db1" } },
        { key },
      ),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "accepted", events: 1 });
    const [row] = await eventsOf(integration.id);
    expect(row).toMatchObject({ action: "trigger", kind: "generic" });
    expect(row.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("takes an array; the same identity gives the same fingerprint whatever the label order", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    const batch = [
      { title: "Disk full", source: "node", labels: { host: "db1", mount: "/" } },
      { title: "Disk full", source: "node", labels: { mount: "/", host: "db1" }, status: "resolved" },
      { summary: "Link down", dedup_key: "sw1-port7", severity: "critical" },
    ];
    const response = await genericPost(ingestRequest(GENERIC, batch, { key }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ events: 3 });
    const rows = await eventsOf(integration.id);
    expect(rows.map((r) => r.action)).toEqual(["trigger", "resolve", "trigger"]);
    expect(rows[0].fingerprint).toBe(rows[1].fingerprint);
    expect(rows[2].fingerprint).toBe("sw1-port7");
  });

  it("refuses an array element without a title, naming it, and stores none of the array", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    const response = await genericPost(ingestRequest(GENERIC, [{ title: "ok" }, { severity: "error" }], { key }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe("[1].title: is required (or summary)");
    const tooMany = await genericPost(
      ingestRequest(
        GENERIC,
        Array.from({ length: 1001 }, () => ({ title: "x" })),
        { key },
      ),
    );
    expect(tooMany.status).toBe(400);
    expect((await errorOf(tooMany)).message).toBe("body: expected at most 1000 events");
    expect(await eventCount(integration.id)).toBe(0);
  });
});
