import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, type Ticket, teamMembers, tickets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { type Level, priorityFor } from "@/lib/desk/priority";
import { env } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { syncEscalations } from "@/lib/oncall/escalation";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { addActivities, type NewActivity } from "./activity";
import { pickAssignee } from "./assignment";
import { checkRefs, ticketIdByNumber } from "./refs";
import { UpdateTicket } from "./schemas";
import { canTransition, isReadOnly, reopenStatus } from "./status";

const TRACKED = [
  "title",
  "description",
  "impact",
  "urgency",
  "priority",
  "isMajor",
  "serviceId",
  "assetId",
  "teamId",
  "assigneeId",
  "requesterId",
  "watcherIds",
  "status",
  "pendingReason",
  "resolutionCode",
  "resolutionNote",
  "parentId",
] as const;
type Tracked = (typeof TRACKED)[number];

export type TicketChange = { field: string; from: unknown; to: unknown; by?: string; at?: string };

export async function lockTicket(tx: DbOrTx, number: string): Promise<Ticket> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.number, number)).for("update");
  if (!ticket) throw new AppError("not_found", `No ticket ${number}`);
  return ticket;
}

export function assertWritable(ticket: Ticket) {
  if (isReadOnly(ticket.status)) {
    throw new AppError("conflict", `${ticket.number} is ${ticket.status} and can no longer be changed`);
  }
}

// What others changed after the version the caller read, from the audit log, so a stale save can say who changed what.
export async function changesSince(tx: DbOrTx, ticket: Ticket, version: number): Promise<TicketChange[]> {
  const rows = await tx
    .select({ by: auditLog.actorLabel, at: auditLog.at, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, "ticket"),
        eq(auditLog.entityId, ticket.id),
        gt(sql`(${auditLog.after}->>'version')::int`, version),
      ),
    )
    .orderBy(asc(auditLog.id));
  const changes: TicketChange[] = [];
  for (const row of rows) {
    const before = (row.before ?? {}) as Record<string, unknown>;
    const after = (row.after ?? {}) as Record<string, unknown>;
    for (const field of Object.keys(after)) {
      if (field === "version" || field === "number") continue;
      changes.push({ field, from: before[field] ?? null, to: after[field], by: row.by, at: row.at.toISOString() });
    }
  }
  return changes;
}

export async function staleError(tx: DbOrTx, ticket: Ticket, version: number) {
  const changes = await changesSince(tx, ticket, version);
  const fields = [...new Set(changes.map((c) => c.field))];
  const who = [...new Set(changes.map((c) => c.by).filter(Boolean))].join(", ") || "someone else";
  return new AppError(
    "conflict",
    `${ticket.number} was changed by ${who} after you opened it (${fields.join(", ") || "updated"}); your input is kept — review it and save again`,
    { extra: { currentVersion: ticket.version, changes } },
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function reopenWindowOk(ticket: Ticket, now: Date) {
  const days = env().TICKET_REOPEN_WINDOW_DAYS;
  return !!ticket.resolvedAt && now.getTime() - ticket.resolvedAt.getTime() <= days * 86_400_000;
}

// One verb for every field and status change, so concurrency, the state machine, timeline and audit stay in one place.
export async function updateTicket(ctx: Ctx, input: UpdateTicket) {
  assertCan(ctx.actor, "tickets.work");
  const data = parseInput(UpdateTicket, input);
  if (data.isMajor !== undefined) assertCan(ctx.actor, "tickets.major");
  return ctx.db.transaction(async (tx) => {
    const before = await lockTicket(tx, data.number);
    if (data.version !== undefined && data.version !== before.version) throw await staleError(tx, before, data.version);
    assertWritable(before);
    await checkRefs(tx, data);
    const now = new Date();
    const next: Partial<Record<Tracked, unknown>> & Partial<typeof tickets.$inferInsert> = {};
    const set = <K extends Tracked>(field: K, value: Ticket[K] | undefined) => {
      if (value !== undefined && !same(value, before[field])) (next as Record<string, unknown>)[field] = value;
    };
    set("title", data.title);
    set("description", data.description);
    set("impact", data.impact);
    set("urgency", data.urgency);
    set("isMajor", data.isMajor);
    set("serviceId", data.serviceId);
    set("assetId", data.assetId);
    set("requesterId", data.requesterId);
    set("watcherIds", data.watcherIds);
    if (data.parentNumber !== undefined) {
      const parentId = data.parentNumber ? await ticketIdByNumber(tx, data.parentNumber, "parentNumber") : null;
      if (parentId === before.id) throw new AppError("invalid", "parentNumber: a ticket cannot be its own parent");
      if (parentId) {
        const [{ isCycle }] = (await tx.execute(sql`
          with recursive up(id, parent_id) as (
            select id, parent_id from tickets where id = ${parentId}
            union select t.id, t.parent_id from tickets t join up on t.id = up.parent_id)
          select exists(select 1 from up where id = ${before.id}) as "isCycle"`)) as unknown as { isCycle: boolean }[];
        if (isCycle) throw new AppError("invalid", "parentNumber: that ticket is already below this one");
      }
      set("parentId", parentId);
    }
    const impact = (next.impact ?? before.impact) as Level;
    const urgency = (next.urgency ?? before.urgency) as Level;
    const isMajor = (next.isMajor ?? before.isMajor) as boolean;
    set("priority", isMajor ? "P1" : priorityFor(impact, urgency));

    const activities: NewActivity[] = [];
    if (data.teamId !== undefined && !same(data.teamId, before.teamId)) {
      next.teamId = data.teamId;
      if (data.assigneeId === undefined && before.assigneeId) {
        const [isMember] = data.teamId
          ? await tx
              .select({ userId: teamMembers.userId })
              .from(teamMembers)
              .where(and(eq(teamMembers.teamId, data.teamId), eq(teamMembers.userId, before.assigneeId)))
          : [];
        if (!isMember) next.assigneeId = null;
      }
      if (data.assigneeId === undefined && data.teamId && (!before.assigneeId || next.assigneeId === null)) {
        const pick = await pickAssignee(tx, data.teamId);
        if (pick) {
          next.assigneeId = pick.userId;
          activities.push({
            kind: "assignment",
            data: { from: before.assigneeId, to: pick.userId, strategy: pick.strategy },
          });
        }
      }
    }
    if (data.assigneeId !== undefined && !same(data.assigneeId, before.assigneeId)) next.assigneeId = data.assigneeId;
    if (next.assigneeId !== undefined && !activities.some((a) => a.kind === "assignment")) {
      activities.push({
        kind: "assignment",
        data: { from: before.assigneeId, to: next.assigneeId, strategy: "manual" },
      });
    }

    let statusBody = "";
    if (data.status !== undefined && data.status !== before.status) {
      const to =
        data.status === "in_progress" && before.status === "resolved"
          ? reopenStatus(before.type, !!(next.assigneeId ?? before.assigneeId))
          : data.status;
      if (!canTransition(before.status, data.status)) {
        throw new AppError("conflict", `Cannot change ${before.number} from ${before.status} to ${data.status}`);
      }
      next.status = to;
      if (to === "acknowledged" || to === "in_progress") next.acknowledgedAt = before.acknowledgedAt ?? now;
      if (to === "pending") {
        if (!data.pendingReason) {
          throw new AppError("invalid", "pendingReason: say what the ticket is waiting for", {
            fields: { pendingReason: ["Say what the ticket is waiting for"] },
          });
        }
        next.pendingReason = data.pendingReason;
        statusBody = data.pendingReason;
      } else if (before.pendingReason) next.pendingReason = null;
      if (to === "resolved") {
        const fields: Record<string, string[]> = {};
        if (!data.resolutionCode) fields.resolutionCode = ["Choose a resolution code"];
        if (!data.resolutionNote) fields.resolutionNote = ["Describe the resolution"];
        if (Object.keys(fields).length) {
          throw new AppError(
            "invalid",
            Object.entries(fields)
              .map(([k, v]) => `${k}: ${v[0]}`)
              .join("; "),
            { fields },
          );
        }
        Object.assign(next, {
          resolvedAt: now,
          resolutionCode: data.resolutionCode,
          resolutionNote: data.resolutionNote,
        });
        statusBody = data.resolutionNote ?? "";
      }
      if (before.status === "resolved" && (to === "new" || to === "in_progress")) {
        if (!reopenWindowOk(before, now)) {
          throw new AppError(
            "conflict",
            `${before.number} was resolved more than ${env().TICKET_REOPEN_WINDOW_DAYS} days ago; open a new ticket instead`,
          );
        }
        Object.assign(next, { resolvedAt: null, resolutionCode: null, resolutionNote: null, reopenedAt: now });
        if (to === "new") next.acknowledgedAt = null;
      }
      if (to === "closed" || to === "cancelled") next.closedAt = now;
      activities.push({
        kind: "status_change",
        body: statusBody,
        data: { from: before.status, to, ...(next.resolutionCode ? { resolutionCode: next.resolutionCode } : {}) },
      });
    }
    const changed = TRACKED.filter((f) => f in next);
    if (!changed.length) return before;
    const fieldChanges = changed
      .filter((f) => !["status", "assigneeId", "pendingReason", "resolutionCode", "resolutionNote"].includes(f))
      .map((f) => ({
        field: f,
        from: f === "description" ? undefined : before[f],
        to: f === "description" ? undefined : next[f],
      }));
    if (fieldChanges.length) activities.push({ kind: "field_change", data: { changes: fieldChanges } });
    const [after] = await tx
      .update(tickets)
      .set({ ...next, version: before.version + 1, updatedAt: now })
      .where(eq(tickets.id, before.id))
      .returning();
    await addActivities(tx, ctx, before.id, activities);
    const pick = (t: Ticket) => Object.fromEntries(changed.map((f) => [f, t[f]]));
    await recordAudit(tx, ctx, {
      action: next.isMajor !== undefined ? "ticket.major" : next.status ? "ticket.status" : "ticket.update",
      entityType: "ticket",
      entityId: before.id,
      before: { number: before.number, version: before.version, ...pick(before) },
      after: { number: after.number, version: after.version, ...pick(after) },
    });
    await refreshSlaClocks(tx, [after.id]);
    await syncEscalations(tx, [after.id], { actorId: actorUserId(ctx.actor) });
    return after;
  });
}
