import { describe, expect, it } from "vitest";
import { createTestService } from "@/tests/factories";
import {
  alertOf,
  incidentById,
  incidentsOf,
  ingest,
  insertEngineIntegration,
  minutesAfter,
  normalizedEvent,
  timelineOf,
} from "@/tests/factories/engine";
import { uniqueSuffix } from "@/tests/factories/unique";
import { auditRowsFor } from "@/tests/support/db";

describe("PagerDuty-style events with one dedup_key", () => {
  it("drive one incident through trigger, acknowledge and resolve; a trigger after the window opens a new one", async () => {
    const service = await createTestService({ criticality: "critical" });
    const integration = await insertEngineIntegration({ kind: "pagerduty", serviceId: service.id });
    const dedupKey = `disk-${uniqueSuffix()}`;
    const base = { fingerprint: dedupKey, alertname: `Disk full ${dedupKey}`, severity: "critical" as const };
    const t0 = new Date();

    await ingest(integration, [
      { normalized: normalizedEvent({ ...base, summary: "Disk full on db-1" }), receivedAt: t0 },
    ]);
    const [incident] = await incidentsOf(integration.id);
    expect(incident).toMatchObject({
      status: "new",
      title: "Disk full on db-1",
      priority: "P1",
      impact: 1,
      urgency: 1,
      serviceId: service.id,
      groupKey: `rule:${service.id}:${base.alertname}`,
      createdAt: t0,
    });

    await ingest(integration, [
      { normalized: normalizedEvent({ ...base, action: "acknowledge" }), receivedAt: minutesAfter(t0, 1) },
    ]);
    expect(await incidentById(incident.id)).toMatchObject({
      status: "acknowledged",
      acknowledgedAt: minutesAfter(t0, 1),
    });
    expect(await alertOf(integration.id, dedupKey)).toMatchObject({ status: "firing", eventCount: 2 });

    await ingest(integration, [
      { normalized: normalizedEvent({ ...base, action: "resolve" }), receivedAt: minutesAfter(t0, 2) },
    ]);
    expect(await incidentById(incident.id)).toMatchObject({ status: "resolved", resolvedAt: minutesAfter(t0, 2) });
    expect(await alertOf(integration.id, dedupKey)).toMatchObject({ status: "resolved", eventCount: 3 });

    const statusChanges = (await timelineOf(incident.id)).filter((a) => a.kind === "status_change");
    expect(statusChanges.map((a) => a.data)).toEqual([
      { from: "new", to: "acknowledged", reason: "acknowledged_by_sender" },
      { from: "acknowledged", to: "resolved", reason: "all_alerts_resolved" },
    ]);
    const audits = await auditRowsFor(incident.id);
    expect(audits.map((a) => a.action)).toEqual([
      "incident.created",
      "incident.alert_linked",
      "incident.status_change",
      "incident.alert_status",
      "incident.status_change",
    ]);
    expect(audits.every((a) => a.actorType === "system" && a.actorLabel === "system:engine")).toBe(true);

    await ingest(integration, [{ normalized: normalizedEvent(base), receivedAt: minutesAfter(t0, 2 + 31) }]);
    const incidents = await incidentsOf(integration.id);
    expect(incidents).toHaveLength(2);
    expect(incidents[1]).toMatchObject({ status: "new", flapCount: 0, alertCount: 1, groupKey: incident.groupKey });
    expect(await incidentById(incident.id)).toMatchObject({ status: "resolved", flapCount: 0 });
  });

  it("opens a second incident of a rule group once the group window has passed", async () => {
    const integration = await insertEngineIntegration({ kind: "generic" });
    const alertname = `Latency ${uniqueSuffix()}`;
    const t0 = new Date();
    await ingest(integration, [{ normalized: normalizedEvent({ alertname, fingerprint: "a" }), receivedAt: t0 }]);
    await ingest(integration, [
      { normalized: normalizedEvent({ alertname, fingerprint: "b" }), receivedAt: minutesAfter(t0, 59) },
    ]);
    await ingest(integration, [
      { normalized: normalizedEvent({ alertname, fingerprint: "c" }), receivedAt: minutesAfter(t0, 61) },
    ]);
    const [first, second] = await incidentsOf(integration.id);
    expect(first).toMatchObject({ status: "new", alertCount: 2, groupKey: null });
    expect(second).toMatchObject({ status: "new", alertCount: 1, groupKey: `rule:none:${alertname}` });
    expect((await timelineOf(first.id)).at(-1)?.data).toMatchObject({ reason: "group_window_elapsed" });
  });

  it("keeps an acknowledge or resolve for an unknown dedup_key as an alert without an incident", async () => {
    const integration = await insertEngineIntegration({ kind: "pagerduty" });
    await ingest(integration, [normalizedEvent({ fingerprint: "ghost", action: "resolve" })]);
    expect(await alertOf(integration.id, "ghost")).toMatchObject({
      status: "resolved",
      incidentId: null,
      eventCount: 1,
    });
    expect(await incidentsOf(integration.id)).toEqual([]);
  });
});
