import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as genericPost } from "@/app/api/v1/events/route";
import { POST as grafanaPost } from "@/app/api/v1/integrations/grafana/route";
import { POST as pagerdutyPost } from "@/app/v2/enqueue/route";
import { getDb } from "@/db/client";
import { alerts, events, tickets } from "@/db/schema";
import { type EngineOptions, processEvents } from "@/lib/engine/process-events";
import { TEST_ENGINE_OPTIONS } from "@/tests/factories/engine";
import { createTestIntegration, uniqueSuffix } from "../factories";
import { ingestRequest } from "../factories/ingest";

// From the sender's HTTP request through the stored events to the incident, as the events worker applies them.
async function drain(integrationId: string, options: EngineOptions = TEST_ENGINE_OPTIONS) {
  const pending = await getDb()
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.integrationId, integrationId), isNull(events.processedAt)))
    .orderBy(asc(events.id));
  if (pending.length)
    await processEvents(
      getDb(),
      pending.map((e) => e.id),
      options,
    );
}

async function incidentsOf(integrationId: string) {
  await drain(integrationId);
  return getDb().select().from(tickets).where(eq(tickets.integrationId, integrationId)).orderBy(asc(tickets.createdAt));
}

describe("senders to incidents", () => {
  it("PagerDuty trigger → acknowledge → resolve drives one incident; a later trigger opens a new one", async () => {
    const { integration, key } = await createTestIntegration({ kind: "pagerduty" });
    const dedupKey = `disk-${uniqueSuffix()}`;
    const send = async (eventAction: string, payload?: Record<string, unknown>) => {
      const response = await pagerdutyPost(
        ingestRequest("/v2/enqueue", { routing_key: key, event_action: eventAction, dedup_key: dedupKey, payload }),
      );
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ status: "success", message: "Event processed", dedup_key: dedupKey });
    };

    await send("trigger", { summary: "Disk full on db-1", source: "db-1", severity: "critical" });
    let [incident] = await incidentsOf(integration.id);
    expect(incident).toMatchObject({ status: "new", alertCount: 1, urgency: 1 });

    await send("acknowledge");
    [incident] = await incidentsOf(integration.id);
    expect(incident.status).toBe("acknowledged");
    expect(incident.acknowledgedAt).not.toBeNull();

    await send("resolve");
    [incident] = await incidentsOf(integration.id);
    expect(incident.status).toBe("resolved");

    // A reopen window of zero puts the next trigger "after the window".
    await send("trigger", { summary: "Disk full on db-1 again", source: "db-1", severity: "critical" });
    await drain(integration.id, { ...TEST_ENGINE_OPTIONS, reopenWindowMs: 0 });
    const all = await incidentsOf(integration.id);
    expect(all).toHaveLength(2);
    expect(all.map((i) => i.status)).toEqual(["resolved", "new"]);
    expect(all[0].number).not.toBe(all[1].number);
  });

  it("a Grafana notification opens an incident for its firing alert", async () => {
    const { integration, key } = await createTestIntegration({ kind: "grafana" });
    const fingerprint = uniqueSuffix();
    const response = await grafanaPost(
      ingestRequest(
        "/api/v1/integrations/grafana",
        {
          receiver: "watchdesk",
          status: "firing",
          orgId: 1,
          groupKey: `{}/{}:{alertname="High memory usage ${fingerprint}"}`,
          groupLabels: { alertname: "High memory usage" },
          commonLabels: {},
          commonAnnotations: {},
          externalURL: "https://grafana.example/",
          version: "1",
          truncatedAlerts: 0,
          title: "[FIRING:1] High memory usage",
          state: "alerting",
          message: "**Firing**",
          alerts: [
            {
              status: "firing",
              labels: { alertname: "High memory usage", zone: "kr-1", severity: "warning" },
              annotations: { summary: "Zone kr-1 memory above 90 %" },
              startsAt: new Date().toISOString(),
              endsAt: "0001-01-01T00:00:00Z",
              generatorURL: "https://grafana.example/alerting/1/edit",
              fingerprint,
              dashboardURL: "https://grafana.example/d/abc",
            },
          ],
        },
        { key },
      ),
    );
    expect(response.status).toBe(202);
    const [incident] = await incidentsOf(integration.id);
    expect(incident).toMatchObject({ status: "new", alertCount: 1, title: "Zone kr-1 memory above 90 %" });
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.incidentId, incident.id));
    expect(alert).toMatchObject({ fingerprint, status: "firing", severity: "warning" });
  });

  it("generic events with the same service and alertname group into one incident and resolve it", async () => {
    const { integration, key } = await createTestIntegration({ kind: "generic" });
    const name = `BackupFailed-${uniqueSuffix()}`;
    const event = (host: string, status: "firing" | "resolved") => ({
      title: `${name} on ${host}`,
      status,
      severity: "error",
      source: "cron",
      labels: { alertname: name, host },
    });
    const post = (body: unknown) => genericPost(ingestRequest("/api/v1/events", body, { key }));

    expect((await post([event("db-1", "firing"), event("db-2", "firing")])).status).toBe(202);
    let list = await incidentsOf(integration.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "new", alertCount: 2, firingAlertCount: 2 });

    expect((await post(event("db-1", "resolved"))).status).toBe(202);
    expect((await incidentsOf(integration.id))[0]).toMatchObject({ status: "new", firingAlertCount: 1 });

    expect((await post(event("db-2", "resolved"))).status).toBe(202);
    list = await incidentsOf(integration.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "resolved", firingAlertCount: 0 });
  });
});
