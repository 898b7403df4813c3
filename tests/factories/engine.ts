import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  type Alert,
  alerts,
  type EventAction,
  events,
  type Integration,
  type IntegrationKind,
  integrations,
  type Ticket,
  ticketActivities,
  tickets,
} from "@/db/schema";
import { type EngineOptions, processEvents } from "@/lib/engine/process-events";
import type { NormalizedEvent } from "@/lib/ingest/normalized";
import { uniqueName, uniqueSuffix } from "./unique";

export const TEST_ENGINE_OPTIONS: EngineOptions = { groupWindowMs: 60 * 60_000, reopenWindowMs: 30 * 60_000 };

export async function insertEngineIntegration(
  options: { kind?: IntegrationKind; serviceId?: string; teamId?: string } = {},
): Promise<Integration> {
  const [row] = await getDb()
    .insert(integrations)
    .values({
      name: uniqueName("engine integration"),
      kind: options.kind ?? "alertmanager",
      keyHash: randomBytes(32).toString("hex"),
      keyPrefix: "wdi_test",
      serviceId: options.serviceId,
      teamId: options.teamId,
    })
    .returning();
  return row;
}

export function normalizedEvent(overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  const alertname = overrides.alertname ?? `TestAlert_${uniqueSuffix()}`;
  return {
    action: "trigger",
    fingerprint: overrides.fingerprint ?? uniqueSuffix(),
    groupKey: null,
    severity: "warning",
    alertname,
    summary: `${alertname} summary`,
    description: "",
    labels: { alertname, ...overrides.labels },
    annotations: {},
    generatorUrl: null,
    links: [],
    startsAt: null,
    endsAt: null,
    occurredAt: new Date().toISOString(),
    serviceHint: null,
    ...overrides,
  };
}

export type TestEvent = { normalized: NormalizedEvent; receivedAt?: Date };

// Events as the accept path stores them; the engine's tests insert them directly while the HTTP side is built.
export async function insertEvents(
  integration: Pick<Integration, "id" | "kind">,
  list: TestEvent[],
): Promise<number[]> {
  if (list.length === 0) return [];
  const requestId = crypto.randomUUID();
  const rows = await getDb()
    .insert(events)
    .values(
      list.map(({ normalized, receivedAt }) => ({
        integrationId: integration.id,
        requestId,
        kind: integration.kind,
        action: normalized.action as EventAction,
        fingerprint: normalized.fingerprint,
        payload: { test: true },
        normalized,
        ...(receivedAt ? { receivedAt } : {}),
      })),
    )
    .returning({ id: events.id });
  return rows.map((r) => r.id);
}

export async function ingest(
  integration: Pick<Integration, "id" | "kind">,
  list: (NormalizedEvent | TestEvent)[],
  options: EngineOptions = TEST_ENGINE_OPTIONS,
): Promise<number[]> {
  const ids = await insertEvents(
    integration,
    list.map((e) => ("normalized" in e ? e : { normalized: e })),
  );
  await processEvents(getDb(), ids, options);
  return ids;
}

type AmAlert = {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
};
type AmPayload = { groupKey: string; alerts: AmAlert[] };

export function alertmanagerPayload(name: string): AmPayload {
  return JSON.parse(readFileSync(`/work/shared/fixtures/alertmanager/${name}`, "utf8"));
}

const AM_ZERO_TIME = "0001-01-01T00:00:00Z";
const AM_SEVERITIES = new Set(["critical", "error", "warning", "info"]);

// The way the Alertmanager parser maps a webhook: one event per alert, fingerprint and groupKey from the payload.
export function fromAlertmanager(payload: AmPayload): NormalizedEvent[] {
  return payload.alerts.map((alert) => {
    const severity = AM_SEVERITIES.has(alert.labels.severity) ? alert.labels.severity : "warning";
    const endsAt = alert.endsAt && alert.endsAt !== AM_ZERO_TIME ? new Date(alert.endsAt).toISOString() : null;
    return {
      action: alert.status === "resolved" ? "resolve" : "trigger",
      fingerprint: alert.fingerprint,
      groupKey: payload.groupKey,
      severity: severity as NormalizedEvent["severity"],
      alertname: alert.labels.alertname ?? "",
      summary: alert.annotations.summary ?? "",
      description: alert.annotations.description ?? "",
      labels: alert.labels,
      annotations: alert.annotations,
      generatorUrl: alert.generatorURL || null,
      links: [],
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt,
      occurredAt: alert.status === "resolved" && endsAt ? endsAt : new Date(alert.startsAt).toISOString(),
      serviceHint: null,
    };
  });
}

export async function alertOf(integrationId: string, fingerprint: string): Promise<Alert> {
  const row = await getDb().query.alerts.findFirst({
    where: (a, { and }) => and(eq(a.integrationId, integrationId), eq(a.fingerprint, fingerprint)),
  });
  if (!row) throw new Error(`no alert ${fingerprint}`);
  return row;
}

export async function incidentsOf(integrationId: string): Promise<Ticket[]> {
  return getDb()
    .select()
    .from(tickets)
    .where(eq(tickets.integrationId, integrationId))
    .orderBy(asc(tickets.createdAt), asc(tickets.number));
}

export async function incidentById(id: string): Promise<Ticket> {
  const row = await getDb().query.tickets.findFirst({ where: eq(tickets.id, id) });
  if (!row) throw new Error(`no incident ${id}`);
  return row;
}

export async function alertsOfIncident(incidentId: string): Promise<Alert[]> {
  return getDb().select().from(alerts).where(eq(alerts.incidentId, incidentId)).orderBy(asc(alerts.fingerprint));
}

export async function timelineOf(incidentId: string) {
  return getDb()
    .select()
    .from(ticketActivities)
    .where(eq(ticketActivities.ticketId, incidentId))
    .orderBy(asc(ticketActivities.id));
}

export async function eventRows(ids: number[]) {
  return getDb().select().from(events).where(inArray(events.id, ids)).orderBy(asc(events.id));
}

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}
