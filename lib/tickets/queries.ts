import { and, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import {
  alerts,
  assets,
  PRIORITIES,
  requestTypes,
  services,
  TICKET_STATUSES,
  TICKET_TYPES,
  teams,
  ticketActivities,
  tickets,
  users,
} from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "./cursor";
import { OPEN_STATUSES } from "./status";

const commaList = <T extends readonly [string, ...string[]]>(values: T, field: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.enum(values, { error: `${field}: use ${values.join(", ")}` })));

export const ListTickets = z.object({
  type: z.enum(TICKET_TYPES, { error: `type: use ${TICKET_TYPES.join(" or ")}` }).optional(),
  status: z
    .string()
    .optional()
    .transform((v) => (v === "open" ? OPEN_STATUSES.join(",") : v))
    .pipe(commaList(TICKET_STATUSES, "status")),
  priority: commaList(PRIORITIES, "priority"),
  serviceId: z.uuid("serviceId: expected a service id").optional(),
  teamId: z.uuid("teamId: expected a team id").optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1, "limit: 1 to 200").max(200, "limit: 1 to 200").default(50),
});
export type ListTickets = z.input<typeof ListTickets>;

const assignees = alias(users, "assignee");
const requesters = alias(users, "requester");
const parents = alias(tickets, "parent");
const masters = alias(tickets, "master");

function ticketSelection() {
  return {
    id: tickets.id,
    number: tickets.number,
    type: tickets.type,
    title: tickets.title,
    description: tickets.description,
    status: tickets.status,
    priority: tickets.priority,
    impact: tickets.impact,
    urgency: tickets.urgency,
    alertCount: tickets.alertCount,
    firingAlertCount: tickets.firingAlertCount,
    flapCount: tickets.flapCount,
    groupKey: tickets.groupKey,
    serviceId: tickets.serviceId,
    serviceName: services.name,
    teamId: tickets.teamId,
    teamName: teams.name,
    assigneeId: tickets.assigneeId,
    assigneeName: assignees.name,
    assigneeEmail: assignees.email,
    isMajor: tickets.isMajor,
    version: tickets.version,
    requesterId: tickets.requesterId,
    requesterName: requesters.name,
    assetId: tickets.assetId,
    assetName: assets.name,
    requestTypeId: tickets.requestTypeId,
    requestTypeName: requestTypes.name,
    requestFields: tickets.requestFields,
    pendingReason: tickets.pendingReason,
    resolutionCode: tickets.resolutionCode,
    resolutionNote: tickets.resolutionNote,
    parentNumber: parents.number,
    duplicateOfNumber: masters.number,
    watcherIds: tickets.watcherIds,
    createdAt: tickets.createdAt,
    updatedAt: tickets.updatedAt,
    acknowledgedAt: tickets.acknowledgedAt,
    resolvedAt: tickets.resolvedAt,
    closedAt: tickets.closedAt,
    firstEventAt: tickets.firstEventAt,
    reopenedAt: tickets.reopenedAt,
  };
}

function ticketsWithNames(ctx: Ctx) {
  return ctx.db
    .select(ticketSelection())
    .from(tickets)
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .leftJoin(requesters, eq(requesters.id, tickets.requesterId))
    .leftJoin(assets, eq(assets.id, tickets.assetId))
    .leftJoin(requestTypes, eq(requestTypes.id, tickets.requestTypeId))
    .leftJoin(parents, eq(parents.id, tickets.parentId))
    .leftJoin(masters, eq(masters.id, tickets.duplicateOfId));
}

export type TicketRow = Awaited<ReturnType<typeof getTicketRow>>;

async function getTicketRow(ctx: Ctx, number: string) {
  const [row] = await ticketsWithNames(ctx).where(eq(tickets.number, number.toUpperCase())).limit(1);
  return row;
}

// Keyset pagination on (created_at, id), newest first: any page depth costs the same.
export async function listTickets(ctx: Ctx, input: ListTickets) {
  assertCan(ctx.actor, "tickets.read");
  const f = parseInput(ListTickets, input);
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  const conditions: (SQL | undefined)[] = [
    f.type ? eq(tickets.type, f.type) : undefined,
    f.status.length ? inArray(tickets.status, f.status) : undefined,
    f.priority.length ? inArray(tickets.priority, f.priority) : undefined,
    f.serviceId ? eq(tickets.serviceId, f.serviceId) : undefined,
    f.teamId ? eq(tickets.teamId, f.teamId) : undefined,
    cursor
      ? or(
          lt(tickets.createdAt, new Date(cursor.createdAt)),
          and(eq(tickets.createdAt, new Date(cursor.createdAt)), lt(tickets.id, cursor.id)),
        )
      : undefined,
  ];
  const rows = await ticketsWithNames(ctx)
    .where(and(...conditions))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return { rows: page, nextCursor: rows.length > f.limit ? encodeCursor(page[page.length - 1]) : null };
}

// Requesters read their own tickets only; anyone else's is answered as missing, not forbidden.
export async function getTicket(ctx: Ctx, number: string) {
  const isRequester = ctx.actor.type !== "system" && ctx.actor.role === "requester";
  assertCan(ctx.actor, isRequester ? "requests.portal" : "tickets.read");
  const row = /^[A-Za-z]{3}-\d{1,12}$/.test(number) ? await getTicketRow(ctx, number) : undefined;
  if (!row || (isRequester && row.requesterId !== actorUserId(ctx.actor))) {
    throw new AppError("not_found", `No ticket ${number}`);
  }
  return row;
}

export async function alertsForTickets(ctx: Ctx, ticketIds: string[]) {
  assertCan(ctx.actor, "tickets.read");
  if (!ticketIds.length) return [];
  return ctx.db.select().from(alerts).where(inArray(alerts.incidentId, ticketIds)).orderBy(desc(alerts.lastSeenAt));
}

export async function ticketTimeline(ctx: Ctx, ticketId: string) {
  assertCan(ctx.actor, "tickets.read");
  return ctx.db
    .select({
      id: ticketActivities.id,
      kind: ticketActivities.kind,
      visibility: ticketActivities.visibility,
      actorType: ticketActivities.actorType,
      actorName: users.name,
      body: ticketActivities.body,
      data: ticketActivities.data,
      createdAt: ticketActivities.createdAt,
    })
    .from(ticketActivities)
    .leftJoin(users, eq(users.id, ticketActivities.actorId))
    .where(eq(ticketActivities.ticketId, ticketId))
    .orderBy(desc(ticketActivities.createdAt), desc(ticketActivities.id))
    .limit(500);
}

export async function openIncidentCount(ctx: Ctx) {
  assertCan(ctx.actor, "tickets.read");
  const [row] = await ctx.db
    .select({ count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(eq(tickets.type, "incident"), inArray(tickets.status, [...OPEN_STATUSES])));
  return row.count;
}
