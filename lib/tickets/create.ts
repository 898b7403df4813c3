import { eq, sql } from "drizzle-orm";
import { requestTypes, services, tickets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { type Level, priorityFor } from "@/lib/desk/priority";
import { AppError, parseInput } from "@/lib/errors";
import { syncEscalations } from "@/lib/oncall/escalation";
import { validateRequestFields } from "@/lib/requests/fields";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { addActivities, type NewActivity } from "./activity";
import { pickAssignee } from "./assignment";
import { checkRefs, ticketIdByNumber } from "./refs";
import { routeTicket } from "./routing";
import { CreateTicket } from "./schemas";

// Incidents and service requests from people (UI, API). Routing picks the team, the team's strategy the assignee.
export async function createTicket(ctx: Ctx, input: CreateTicket) {
  const isRequester = ctx.actor.type !== "system" && ctx.actor.role === "requester";
  assertCan(ctx.actor, isRequester ? "requests.portal" : "tickets.work");
  const data = parseInput(CreateTicket, input);
  if (isRequester) {
    if (data.type !== "service_request") throw new AppError("forbidden", "Requesters raise service requests only");
    Object.assign(data, {
      requesterId: actorUserId(ctx.actor),
      teamId: null,
      assigneeId: null,
      assetId: null,
      isMajor: false,
      impact: undefined,
      urgency: undefined,
      watcherIds: [],
      parentNumber: null,
    });
  }
  if (data.isMajor) assertCan(ctx.actor, "tickets.major");
  return ctx.db.transaction(async (tx) => {
    await checkRefs(tx, data);
    let requestType: typeof requestTypes.$inferSelect | undefined;
    let requestFields = {};
    if (data.requestTypeId) {
      [requestType] = await tx.select().from(requestTypes).where(eq(requestTypes.id, data.requestTypeId));
      if (!requestType?.isActive) {
        throw new AppError("invalid", "requestTypeId: no such request type", {
          fields: { requestTypeId: ["No such request type"] },
        });
      }
      if (data.type !== "service_request") {
        throw new AppError("invalid", "type: a request type belongs to a service request", {
          fields: { type: ["A request type belongs to a service request"] },
        });
      }
      requestFields = validateRequestFields(requestType.fields, data.requestFields);
    }
    const impact = (data.impact ?? requestType?.defaultImpact ?? (data.type === "incident" ? 2 : 3)) as Level;
    const urgency = (data.urgency ?? requestType?.defaultUrgency ?? (data.type === "incident" ? 2 : 3)) as Level;
    const priority = data.isMajor ? "P1" : priorityFor(impact, urgency);
    const parentId = data.parentNumber ? await ticketIdByNumber(tx, data.parentNumber, "parentNumber") : null;

    let serviceId = data.serviceId ?? null;
    let teamId = data.teamId ?? null;
    const activities: NewActivity[] = [];
    if (!teamId) {
      const route = await routeTicket(tx, {
        type: data.type,
        categoryId: requestType?.categoryId ?? null,
        serviceId,
        priority,
      });
      if (route) {
        teamId = route.teamId;
        serviceId ??= route.serviceId;
        activities.push({ kind: "field_change", data: { routedBy: route.ruleName, ruleId: route.ruleId } });
      }
    }
    teamId ??= requestType?.teamId ?? null;
    if (!teamId && serviceId) {
      const [service] = await tx
        .select({ owner: services.ownerTeamId })
        .from(services)
        .where(eq(services.id, serviceId));
      teamId = service?.owner ?? null;
    }
    let assigneeId = data.assigneeId ?? null;
    if (!assigneeId && teamId) {
      const pick = await pickAssignee(tx, teamId);
      if (pick) {
        assigneeId = pick.userId;
        activities.push({ kind: "assignment", data: { from: null, to: pick.userId, strategy: pick.strategy } });
      }
    }
    const prefix = data.type === "incident" ? "INC" : "REQ";
    const sequence = data.type === "incident" ? "incident_number_seq" : "request_number_seq";
    const [ticket] = await tx
      .insert(tickets)
      .values({
        number: sql`(select ${prefix} || '-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval(${sql.raw(`'${sequence}'`)}) as n)`,
        type: data.type,
        title: data.title,
        description: data.description,
        impact,
        urgency,
        priority,
        isMajor: data.isMajor,
        serviceId,
        assetId: data.assetId ?? null,
        teamId,
        assigneeId,
        requesterId: data.requesterId ?? actorUserId(ctx.actor),
        watcherIds: data.watcherIds,
        requestTypeId: requestType?.id ?? null,
        requestFields,
        parentId,
      })
      .returning();
    await addActivities(tx, ctx, ticket.id, [
      { kind: "created", data: { status: ticket.status, priority, type: ticket.type } },
      ...activities,
    ]);
    await recordAudit(tx, ctx, {
      action: "ticket.create",
      entityType: "ticket",
      entityId: ticket.id,
      after: { ...ticket, description: undefined },
    });
    await refreshSlaClocks(tx, [ticket.id]);
    await syncEscalations(tx, [ticket.id], { actorId: actorUserId(ctx.actor) });
    return ticket;
  });
}
