import { and, desc, eq, inArray, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { assets, requestTypes, services, teams, ticketActivities, tickets, users } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { attachmentsOf } from "./attachments";
import { alertsForTickets } from "./queries";

const assignees = alias(users, "assignee");
const requesters = alias(users, "requester");
const parents = alias(tickets, "parent");
const masters = alias(tickets, "master");

export const TIMELINE_LIMIT = 200;

// Everything the ticket page shows, in a fixed number of queries whatever the ticket's history.
export async function loadTicketPage(ctx: Ctx, number: string, options: { publicOnly?: boolean } = {}) {
  const isRequester = ctx.actor.type !== "system" && ctx.actor.role === "requester";
  assertCan(ctx.actor, isRequester ? "requests.portal" : "tickets.read");
  const publicOnly = options.publicOnly || isRequester;
  const wanted = number.toUpperCase();
  const [ticket] = /^(INC|REQ)-\d{1,12}$/.test(wanted)
    ? await ctx.db
        .select({
          ticket: tickets,
          serviceName: services.name,
          assetName: assets.name,
          teamName: teams.name,
          assigneeName: assignees.name,
          requesterName: requesters.name,
          requesterEmail: requesters.email,
          requestTypeName: requestTypes.name,
          requestTypeFields: requestTypes.fields,
          parentNumber: parents.number,
          duplicateOfNumber: masters.number,
        })
        .from(tickets)
        .leftJoin(services, eq(services.id, tickets.serviceId))
        .leftJoin(assets, eq(assets.id, tickets.assetId))
        .leftJoin(teams, eq(teams.id, tickets.teamId))
        .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
        .leftJoin(requesters, eq(requesters.id, tickets.requesterId))
        .leftJoin(requestTypes, eq(requestTypes.id, tickets.requestTypeId))
        .leftJoin(parents, eq(parents.id, tickets.parentId))
        .leftJoin(masters, eq(masters.id, tickets.duplicateOfId))
        .where(eq(tickets.number, wanted))
        .limit(1)
    : [];
  if (!ticket || (isRequester && ticket.ticket.requesterId !== actorUserId(ctx.actor))) {
    throw new AppError("not_found", `No ticket ${number}`);
  }
  const id = ticket.ticket.id;
  const [timeline, related, ticketAlerts, attachments, watchers] = await Promise.all([
    ctx.db
      .select({
        id: ticketActivities.id,
        kind: ticketActivities.kind,
        visibility: ticketActivities.visibility,
        actorType: ticketActivities.actorType,
        actorId: ticketActivities.actorId,
        actorName: users.name,
        body: ticketActivities.body,
        data: ticketActivities.data,
        createdAt: ticketActivities.createdAt,
      })
      .from(ticketActivities)
      .leftJoin(users, eq(users.id, ticketActivities.actorId))
      .where(
        publicOnly
          ? and(
              eq(ticketActivities.ticketId, id),
              eq(ticketActivities.visibility, "public"),
              inArray(ticketActivities.kind, ["created", "comment", "status_change", "attachment"]),
            )
          : eq(ticketActivities.ticketId, id),
      )
      .orderBy(desc(ticketActivities.createdAt), desc(ticketActivities.id))
      .limit(TIMELINE_LIMIT),
    publicOnly
      ? Promise.resolve([])
      : ctx.db
          .select({
            id: tickets.id,
            number: tickets.number,
            title: tickets.title,
            status: tickets.status,
            parentId: tickets.parentId,
            duplicateOfId: tickets.duplicateOfId,
          })
          .from(tickets)
          .where(or(eq(tickets.parentId, id), eq(tickets.duplicateOfId, id)))
          .limit(100),
    publicOnly ? Promise.resolve([]) : alertsForTickets(ctx, [id]),
    attachmentsOf(ctx.db, id),
    ticket.ticket.watcherIds.length && !publicOnly
      ? ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ticket.ticket.watcherIds))
      : Promise.resolve([]),
  ]);
  const visibleActivityIds = new Set(timeline.map((e) => e.id));
  return {
    ...ticket,
    timeline,
    children: related.filter((r) => r.parentId === id),
    duplicates: related.filter((r) => r.duplicateOfId === id),
    alerts: ticketAlerts,
    attachments: publicOnly
      ? attachments.filter((a) => a.activityId !== null && visibleActivityIds.has(a.activityId))
      : attachments,
    watchers,
  };
}
export type TicketPage = Awaited<ReturnType<typeof loadTicketPage>>;
