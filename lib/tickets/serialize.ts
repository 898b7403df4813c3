import type { Alert } from "@/db/schema";
import type { TicketRow } from "./queries";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeAlert(a: Alert) {
  return {
    fingerprint: a.fingerprint,
    status: a.status,
    severity: a.severity,
    alertname: a.alertname,
    summary: a.summary,
    labels: a.labels,
    annotations: a.annotations,
    generatorUrl: a.generatorUrl,
    isSuppressed: a.isSuppressed,
    eventCount: a.eventCount,
    firstSeenAt: iso(a.firstSeenAt),
    lastSeenAt: iso(a.lastSeenAt),
    resolvedAt: iso(a.resolvedAt),
  };
}

// The REST shape of a ticket: camelCase, DESIGN.md's status values, names alongside ids.
export function serializeTicket(t: NonNullable<TicketRow>, ticketAlerts: Alert[]) {
  return {
    number: t.number,
    type: t.type,
    title: t.title,
    status: t.status,
    priority: t.priority,
    impact: t.impact,
    urgency: t.urgency,
    service: t.serviceId ? { id: t.serviceId, name: t.serviceName } : null,
    team: t.teamId ? { id: t.teamId, name: t.teamName } : null,
    assignee: t.assigneeId ? { id: t.assigneeId, name: t.assigneeName, email: t.assigneeEmail } : null,
    alertCount: t.alertCount,
    firingAlertCount: t.firingAlertCount,
    flapCount: t.flapCount,
    alerts: ticketAlerts.map(serializeAlert),
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    acknowledgedAt: iso(t.acknowledgedAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
  };
}
