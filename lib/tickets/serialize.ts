import type { Alert } from "@/db/schema";
import type { AlertResource, SearchHit, TicketResource } from "@/lib/api/schemas";
import { can } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { alertsForTickets, getTicket, type TicketRow } from "./queries";
import type { searchTickets } from "./search";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ref = (id: string | null, name: string | null) => (id ? { id, name } : null);

export function serializeAlert(a: Alert): AlertResource {
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
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    resolvedAt: iso(a.resolvedAt),
  };
}

// The REST shape of a ticket: camelCase, DESIGN.md's status values, names alongside ids.
export function serializeTicket(t: NonNullable<TicketRow>, ticketAlerts: Alert[]): TicketResource {
  return {
    number: t.number,
    type: t.type,
    title: t.title,
    description: t.description,
    status: t.status,
    priority: t.priority,
    impact: t.impact,
    urgency: t.urgency,
    isMajor: t.isMajor,
    version: t.version,
    service: ref(t.serviceId, t.serviceName),
    asset: ref(t.assetId, t.assetName),
    team: ref(t.teamId, t.teamName),
    assignee: t.assigneeId ? { id: t.assigneeId, name: t.assigneeName, email: t.assigneeEmail } : null,
    requester: ref(t.requesterId, t.requesterName),
    requestType: ref(t.requestTypeId, t.requestTypeName),
    requestFields: t.requestFields,
    pendingReason: t.pendingReason,
    resolutionCode: t.resolutionCode,
    resolutionNote: t.resolutionNote,
    parentNumber: t.parentNumber,
    duplicateOfNumber: t.duplicateOfNumber,
    watcherIds: t.watcherIds,
    alertCount: t.alertCount,
    firingAlertCount: t.firingAlertCount,
    flapCount: t.flapCount,
    alerts: ticketAlerts.map(serializeAlert),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    acknowledgedAt: iso(t.acknowledgedAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
  };
}

// One ticket as the API answers it; a requester sees their own ticket without alerts or watchers, as in the portal.
export async function ticketResource(ctx: Ctx, number: string): Promise<TicketResource> {
  const row = await getTicket(ctx, number);
  if (!can(ctx.actor, "tickets.read")) return { ...serializeTicket(row, []), watcherIds: [] };
  return serializeTicket(row, await alertsForTickets(ctx, [row.id]));
}

export function serializeSearchHit(hit: Awaited<ReturnType<typeof searchTickets>>[number]): SearchHit {
  return {
    number: hit.number,
    type: hit.type,
    title: hit.title,
    status: hit.status,
    priority: hit.priority,
    assigneeName: hit.assigneeName,
    createdAt: hit.createdAt.toISOString(),
  };
}
