import { and, asc, desc, eq, exists, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  escalationPolicies,
  escalationSteps,
  incidentEscalations,
  notificationDeliveries,
  services,
  type TicketStatus,
  tickets,
  users,
} from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { listScheduleSummaries } from "./schedule-views";

export const PHONE_OPEN_STATUSES = ["new", "acknowledged", "in_progress", "pending"] as const satisfies TicketStatus[];
export type IncidentScope = "mine" | "all";

const assignees = alias(users, "assignee");
const acknowledgers = alias(users, "acknowledger");

// "Mine": assigned to me, acknowledged by me, or I was paged for it.
export async function listMyIncidents(ctx: Ctx, scope: IncidentScope = "mine", limit = 100) {
  assertCan(ctx.actor, "oncall.read");
  const me = actorUserId(ctx.actor);
  const mine = me
    ? or(
        eq(tickets.assigneeId, me),
        eq(incidentEscalations.acknowledgedById, me),
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(notificationDeliveries)
            .where(and(eq(notificationDeliveries.ticketId, tickets.id), eq(notificationDeliveries.userId, me))),
        ),
      )
    : sql`false`;
  return ctx.db
    .select({
      number: tickets.number,
      title: tickets.title,
      status: tickets.status,
      priority: tickets.priority,
      createdAt: tickets.createdAt,
      acknowledgedAt: tickets.acknowledgedAt,
      firingAlertCount: tickets.firingAlertCount,
      alertCount: tickets.alertCount,
      serviceName: services.name,
      assigneeName: assignees.name,
      acknowledgedByName: acknowledgers.name,
      escalationState: incidentEscalations.state,
    })
    .from(tickets)
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .leftJoin(incidentEscalations, eq(incidentEscalations.ticketId, tickets.id))
    .leftJoin(acknowledgers, eq(acknowledgers.id, incidentEscalations.acknowledgedById))
    .where(
      and(
        eq(tickets.type, "incident"),
        inArray(tickets.status, PHONE_OPEN_STATUSES),
        scope === "mine" ? mine : undefined,
      ),
    )
    .orderBy(
      sql`(${tickets.status} = 'new' or ${incidentEscalations.state} in ('active', 'exhausted')) desc`,
      asc(tickets.priority),
      desc(tickets.createdAt),
    )
    .limit(limit);
}
export type PhoneIncident = Awaited<ReturnType<typeof listMyIncidents>>[number];

// New, or in hand while its escalation pages again (acknowledgement timeout, Escalate): someone must acknowledge.
export function needsAcknowledgement(incident: { status: TicketStatus; escalationState: string | null }) {
  return incident.status === "new" || incident.escalationState === "active" || incident.escalationState === "exhausted";
}

// Where the incident stands in its escalation policy, for the phone page's header.
export async function escalationSummary(ctx: Ctx, ticketId: string) {
  assertCan(ctx.actor, "oncall.read");
  const [row] = await ctx.db
    .select({
      state: incidentEscalations.state,
      round: incidentEscalations.round,
      nextStep: incidentEscalations.nextStep,
      nextAt: incidentEscalations.nextAt,
      policyId: incidentEscalations.policyId,
      policyName: escalationPolicies.name,
      acknowledgedByName: acknowledgers.name,
    })
    .from(incidentEscalations)
    .leftJoin(escalationPolicies, eq(escalationPolicies.id, incidentEscalations.policyId))
    .leftJoin(acknowledgers, eq(acknowledgers.id, incidentEscalations.acknowledgedById))
    .where(eq(incidentEscalations.ticketId, ticketId));
  if (!row) return null;
  const [{ stepCount }] = row.policyId
    ? await ctx.db
        .select({ stepCount: sql<number>`count(*)::int` })
        .from(escalationSteps)
        .where(eq(escalationSteps.policyId, row.policyId))
    : [{ stepCount: 0 }];
  const [{ deliveries }] = await ctx.db
    .select({ deliveries: sql<number>`count(*)::int` })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.ticketId, ticketId));
  return { ...row, stepCount, deliveries };
}

// The viewer's place in the schedules: on call now (and until when), else their next turn if it is the next shift.
export async function myOnCallStatus(ctx: Ctx, now = new Date()) {
  const me = actorUserId(ctx.actor);
  const schedules = await listScheduleSummaries(ctx, now);
  const onNow = schedules
    .filter((s) => me && s.onCall?.now.userIds.includes(me))
    .map((s) => ({ id: s.id, name: s.name, until: s.onCall.now.until }));
  const next = schedules
    .filter((s) => me && s.onCall?.next?.userIds.includes(me))
    .map((s) => ({ id: s.id, name: s.name, from: s.onCall.next?.from as Date }))
    .sort((a, b) => a.from.getTime() - b.from.getTime());
  return { onNow, next: next[0] ?? null, scheduleCount: schedules.length };
}
