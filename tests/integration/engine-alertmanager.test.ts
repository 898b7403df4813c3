import { describe, expect, it } from "vitest";
import {
  alertmanagerPayload,
  alertOf,
  alertsOfIncident,
  eventRows,
  fromAlertmanager,
  incidentById,
  incidentsOf,
  ingest,
  insertEngineIntegration,
  minutesAfter,
  timelineOf,
} from "@/tests/factories/engine";

const CRASH = "am-0.25-webhook-1.json";
const FILESYSTEM = "am-0.25-webhook-2.json";
const ONE_RESOLVED = "am-0.25-webhook-3.json";

function at(list: ReturnType<typeof fromAlertmanager>, receivedAt: Date) {
  return list.map((normalized) => ({ normalized, receivedAt }));
}

function allResolved() {
  const payload = alertmanagerPayload(ONE_RESOLVED);
  for (const alert of payload.alerts) {
    alert.status = "resolved";
    alert.endsAt = "2026-11-24T23:11:00Z";
  }
  return fromAlertmanager(payload);
}

describe("the Alertmanager story", () => {
  it("groups, resolves, reopens within the window and opens anew after it", async () => {
    const integration = await insertEngineIntegration();
    const t0 = new Date();

    const firstIds = await ingest(integration, at(fromAlertmanager(alertmanagerPayload(CRASH)), t0));
    let [crash] = await incidentsOf(integration.id);
    expect(crash).toMatchObject({
      type: "incident",
      status: "new",
      title: "Pod is crash looping.",
      alertCount: 2,
      firingAlertCount: 2,
      flapCount: 0,
      priority: "P3",
      impact: 2,
      urgency: 2,
      integrationId: integration.id,
      groupKey: `${integration.id}:{}:{alertname="KubePodCrashLooping", cluster="prod-kr-1"}`,
    });
    expect(crash.number).toMatch(/^INC-\d{6}$/);
    expect(crash.firstEventAt?.toISOString()).toBe("2026-11-24T23:10:30.150Z");
    const pods = await alertsOfIncident(crash.id);
    expect(pods.map((a) => a.fingerprint)).toEqual(["42eebab1f983eb8f", "f87219edcc9f03c0"]);
    expect(pods[0]).toMatchObject({
      status: "firing",
      eventCount: 1,
      severity: "warning",
      alertname: "KubePodCrashLooping",
      generatorUrl: "http://prometheus:9090/graph?g0.expr=x",
      isSuppressed: false,
    });
    expect(pods[0].labels.pod).toBe("api-7d9f8b6c5-x2x9q");
    expect((await eventRows(firstIds)).every((e) => e.processedAt !== null && e.alertId !== null)).toBe(true);

    await ingest(integration, at(fromAlertmanager(alertmanagerPayload(FILESYSTEM)), minutesAfter(t0, 1)));
    const incidents = await incidentsOf(integration.id);
    expect(incidents).toHaveLength(2);
    const filesystem = incidents.find((i) => i.id !== crash.id);
    expect(filesystem).toMatchObject({ status: "new", alertCount: 1, firingAlertCount: 1, priority: "P2", urgency: 1 });

    await ingest(integration, at(fromAlertmanager(alertmanagerPayload(ONE_RESOLVED)), minutesAfter(t0, 2)));
    crash = await incidentById(crash.id);
    expect(crash).toMatchObject({ status: "new", alertCount: 2, firingAlertCount: 1 });
    expect(await alertOf(integration.id, "42eebab1f983eb8f")).toMatchObject({ status: "resolved", eventCount: 2 });
    expect(await alertOf(integration.id, "f87219edcc9f03c0")).toMatchObject({ status: "firing", eventCount: 2 });

    const resolvedAt = minutesAfter(t0, 3);
    await ingest(integration, at(allResolved(), resolvedAt));
    crash = await incidentById(crash.id);
    expect(crash).toMatchObject({ status: "resolved", firingAlertCount: 0, resolvedAt });
    expect((await incidentById(filesystem?.id as string)).status).toBe("new");

    const refiredAt = minutesAfter(t0, 10);
    await ingest(integration, at(fromAlertmanager(alertmanagerPayload(CRASH)), refiredAt));
    crash = await incidentById(crash.id);
    expect(crash).toMatchObject({
      status: "new",
      flapCount: 1,
      reopenedAt: refiredAt,
      resolvedAt: null,
      alertCount: 2,
      firingAlertCount: 2,
    });
    expect(await incidentsOf(integration.id)).toHaveLength(2);

    const timeline = await timelineOf(crash.id);
    expect(timeline.map((a) => a.kind)).toEqual([
      "created",
      "alert_linked",
      "alert_linked",
      "alert_status",
      "alert_status",
      "status_change",
      "status_change",
      "alert_status",
      "alert_status",
    ]);
    expect(timeline.filter((a) => a.kind === "status_change").map((a) => a.data)).toEqual([
      { from: "new", to: "resolved", reason: "all_alerts_resolved" },
      { from: "resolved", to: "new", reason: "alert_fired_again" },
    ]);

    await ingest(integration, at(allResolved(), minutesAfter(t0, 11)));
    expect((await incidentById(crash.id)).status).toBe("resolved");
    await ingest(integration, at(fromAlertmanager(alertmanagerPayload(CRASH)), minutesAfter(t0, 11 + 31)));
    const after = await incidentsOf(integration.id);
    expect(after).toHaveLength(3);
    const fresh = after.find((i) => i.id !== crash.id && i.id !== filesystem?.id);
    expect(fresh).toMatchObject({
      status: "new",
      flapCount: 0,
      alertCount: 2,
      firingAlertCount: 2,
      groupKey: crash.groupKey,
    });
    expect(await incidentById(crash.id)).toMatchObject({ status: "resolved", flapCount: 1, firingAlertCount: 0 });
    expect((await alertOf(integration.id, "42eebab1f983eb8f")).incidentId).toBe(fresh?.id);
  });
});
