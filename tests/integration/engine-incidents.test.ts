import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { events, tickets } from "@/db/schema";
import { processEvents } from "@/lib/engine/process-events";
import { acknowledgeIncident, reopenIncident, resolveIncident } from "@/lib/incidents/transitions";
import { createTestUser, ctxFor, uniqueSuffix } from "@/tests/factories";
import {
  alertOf,
  eventRows,
  incidentById,
  incidentsOf,
  ingest,
  insertEngineIntegration,
  insertEvents,
  minutesAfter,
  normalizedEvent,
  TEST_ENGINE_OPTIONS,
  timelineOf,
} from "@/tests/factories/engine";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

async function openIncident() {
  const integration = await insertEngineIntegration();
  const alertname = `Manual ${uniqueSuffix()}`;
  const t0 = new Date();
  await ingest(integration, [{ normalized: normalizedEvent({ alertname, fingerprint: "m" }), receivedAt: t0 }]);
  const [incident] = await incidentsOf(integration.id);
  return { integration, alertname, incident, t0 };
}

describe("incident verbs for people", () => {
  it("acknowledge, resolve and reopen with timeline and audit; invalid transitions are conflicts", async () => {
    const { incident } = await openIncident();
    const { user } = await createTestUser({ role: "engineer" });
    const ctx = ctxFor(user);
    expect(await acknowledgeIncident(ctx, { number: incident.number })).toMatchObject({ status: "acknowledged" });
    await expectAppError(acknowledgeIncident(ctx, { ticketId: incident.id }), "conflict");
    await expectAppError(reopenIncident(ctx, { ticketId: incident.id }), "conflict");
    expect(await resolveIncident(ctx, { ticketId: incident.id, reason: "fixed by hand" })).toMatchObject({
      status: "resolved",
    });
    await expectAppError(resolveIncident(ctx, { ticketId: incident.id }), "conflict");
    expect(await reopenIncident(ctx, { ticketId: incident.id })).toMatchObject({ status: "new", resolvedAt: null });
    const changes = (await timelineOf(incident.id)).filter((a) => a.kind === "status_change");
    expect(changes.map((a) => [a.actorType, a.actorId, a.data])).toEqual([
      ["user", user.id, { from: "new", to: "acknowledged", reason: "acknowledge" }],
      ["user", user.id, { from: "acknowledged", to: "resolved", reason: "resolve" }],
      ["user", user.id, { from: "resolved", to: "new", reason: "reopen" }],
    ]);
    const audits = (await auditRowsFor(incident.id)).filter((a) => a.actorId === user.id);
    expect(audits.map((a) => a.action)).toEqual(["incident.acknowledge", "incident.resolve", "incident.reopen"]);
  });

  it("refuses bad input and unknown incidents", async () => {
    const { user } = await createTestUser({ role: "agent" });
    await expectAppError(acknowledgeIncident(ctxFor(user), {}), "invalid");
    await expectAppError(acknowledgeIncident(ctxFor(user), { number: "INC-999999999" }), "not_found");
  });

  it("manual resolve while the alert fires: the next firing event within the window reopens it as a flap", async () => {
    const { integration, alertname, incident } = await openIncident();
    const { user } = await createTestUser({ role: "agent" });
    await resolveIncident(ctxFor(user), { ticketId: incident.id });
    expect(await incidentById(incident.id)).toMatchObject({ status: "resolved", firingAlertCount: 1 });
    await ingest(integration, [
      { normalized: normalizedEvent({ alertname, fingerprint: "m" }), receivedAt: minutesAfter(new Date(), 1) },
    ]);
    expect(await incidentById(incident.id)).toMatchObject({ status: "new", flapCount: 1, firingAlertCount: 1 });
  });

  it("reopening while another incident of the group is open is a conflict", async () => {
    const { integration, alertname, incident } = await openIncident();
    const { user } = await createTestUser({ role: "manager" });
    await resolveIncident(ctxFor(user), { ticketId: incident.id });
    await ingest(integration, [
      { normalized: normalizedEvent({ alertname, fingerprint: "n" }), receivedAt: minutesAfter(new Date(), 40) },
    ]);
    expect(await incidentsOf(integration.id)).toHaveLength(2);
    await expectAppError(reopenIncident(ctxFor(user), { ticketId: incident.id }), "conflict");
  });
});

describe("exactly once", () => {
  it("processing the same events again changes nothing", async () => {
    const integration = await insertEngineIntegration();
    const alertname = `Twice ${uniqueSuffix()}`;
    const ids = await insertEvents(integration, [
      { normalized: normalizedEvent({ alertname, fingerprint: "a" }) },
      { normalized: normalizedEvent({ alertname, fingerprint: "b" }) },
      { normalized: normalizedEvent({ alertname, fingerprint: "a", action: "resolve" }) },
    ]);
    const first = await processEvents(getDb(), ids, TEST_ENGINE_OPTIONS);
    expect(first.processed).toBe(3);
    const before = { incidents: await incidentsOf(integration.id), a: await alertOf(integration.id, "a") };
    expect(await processEvents(getDb(), ids, TEST_ENGINE_OPTIONS)).toMatchObject({ processed: 0 });
    expect(await processEvents(getDb(), [ids[1]], TEST_ENGINE_OPTIONS)).toMatchObject({ processed: 0 });
    expect(await incidentsOf(integration.id)).toEqual(before.incidents);
    expect(await alertOf(integration.id, "a")).toEqual(before.a);
    expect(before.incidents[0]).toMatchObject({ alertCount: 2, firingAlertCount: 1 });
    expect((await eventRows(ids)).map((e) => e.attempts)).toEqual([1, 1, 1]);
  });

  it("a later event applies earlier unprocessed events of its group first", async () => {
    const integration = await insertEngineIntegration();
    const alertname = `Order ${uniqueSuffix()}`;
    const ids = await insertEvents(integration, [
      { normalized: normalizedEvent({ alertname, fingerprint: "a" }) },
      { normalized: normalizedEvent({ alertname, fingerprint: "a", action: "resolve" }) },
    ]);
    await processEvents(getDb(), [ids[1]], TEST_ENGINE_OPTIONS);
    expect((await eventRows(ids)).every((e) => e.processedAt)).toBe(true);
    const [incident] = await incidentsOf(integration.id);
    expect(incident).toMatchObject({ status: "resolved", alertCount: 1, firingAlertCount: 0 });
  });

  it("concurrent processing of one group opens one incident and applies each event once", async () => {
    const integration = await insertEngineIntegration();
    const alertname = `Race ${uniqueSuffix()}`;
    const list = Array.from({ length: 40 }, (_, i) => ({
      normalized: normalizedEvent({
        alertname,
        fingerprint: `fp-${i % 10}`,
        action: i % 7 === 6 ? "resolve" : "trigger",
      }),
    }));
    const ids = await insertEvents(integration, list);
    const jobs = [ids.slice(0, 10), ids.slice(10, 20), ids.slice(20, 30), ids.slice(30), ids, ids.slice(5, 25)];
    await Promise.all(jobs.map((job) => processEvents(getDb(), job, TEST_ENGINE_OPTIONS)));
    const incidents = await incidentsOf(integration.id);
    expect(incidents).toHaveLength(1);
    const alerts = await getDb().query.alerts.findMany({
      where: (a, { eq: is }) => is(a.integrationId, integration.id),
    });
    expect(alerts).toHaveLength(10);
    expect(alerts.reduce((sum, a) => sum + a.eventCount, 0)).toBe(40);
    const firing = alerts.filter((a) => a.status === "firing").length;
    expect(incidents[0]).toMatchObject({ alertCount: 10, firingAlertCount: firing });
    const processed = await getDb().select().from(events).where(eq(events.integrationId, integration.id));
    expect(processed.every((e) => e.processedAt && e.attempts === 1)).toBe(true);
    const open = await getDb()
      .select()
      .from(tickets)
      .where(eq(tickets.groupKey, `rule:none:${alertname}`));
    expect(open).toHaveLength(1);
  });

  it("marks an event whose normalized shape is invalid as processed with its error", async () => {
    const integration = await insertEngineIntegration();
    const [id] = await insertEvents(integration, [{ normalized: normalizedEvent() }]);
    await getDb()
      .update(events)
      .set({ normalized: { nonsense: true } })
      .where(eq(events.id, id));
    await processEvents(getDb(), [id], TEST_ENGINE_OPTIONS);
    const [row] = await eventRows([id]);
    expect(row.processedAt).not.toBeNull();
    expect(row.lastError).toMatch(/invalid normalized event/);
  });
});
