import { and, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { type Ticket, type TicketStatus, ticketActivities, tickets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput, toAppError } from "@/lib/errors";
import { syncEscalations } from "@/lib/oncall/escalation";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { isOpen as isOpenStatus } from "@/lib/tickets/status";

export const IncidentTransition = z
  .object({
    ticketId: z.uuid().optional(),
    number: z
      .string()
      .trim()
      .regex(/^INC-\d+$/, "An incident number looks like INC-000042")
      .optional(),
    reason: z.string().trim().max(1000).optional(),
  })
  .refine((v) => (v.ticketId ? 1 : 0) + (v.number ? 1 : 0) === 1, {
    message: "Give either ticketId or number",
    path: ["ticketId"],
  });
export type IncidentTransition = z.input<typeof IncidentTransition>;

type Change = { to: TicketStatus; fields: (now: Date) => Partial<typeof tickets.$inferInsert> };

const VERBS = {
  acknowledge: {
    allowed: (s: TicketStatus) => s === "new",
    change: { to: "acknowledged", fields: (now) => ({ acknowledgedAt: now }) } satisfies Change,
  },
  resolve: {
    allowed: isOpenStatus,
    change: { to: "resolved", fields: (now) => ({ resolvedAt: now }) } satisfies Change,
  },
  reopen: {
    allowed: (s: TicketStatus) => s === "resolved",
    change: {
      to: "new",
      fields: (now) => ({ resolvedAt: null, acknowledgedAt: null, reopenedAt: now }),
    } satisfies Change,
  },
} as const;

async function transition(ctx: Ctx, verb: keyof typeof VERBS, input: IncidentTransition): Promise<Ticket> {
  assertCan(ctx.actor, "incidents.work");
  const data = parseInput(IncidentTransition, input);
  const { allowed, change } = VERBS[verb];
  const where: SQL = data.ticketId ? eq(tickets.id, data.ticketId) : eq(tickets.number, data.number as string);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(tickets)
        .where(and(where, eq(tickets.type, "incident")))
        .for("update");
      if (!before) throw new AppError("not_found", "No such incident");
      if (!allowed(before.status)) {
        throw new AppError("conflict", `Cannot ${verb} an incident that is ${before.status}`);
      }
      const now = new Date();
      const [after] = await tx
        .update(tickets)
        .set({ status: change.to, ...change.fields(now), version: before.version + 1, updatedAt: now })
        .where(eq(tickets.id, before.id))
        .returning();
      const actorType = ctx.actor.type === "user" ? "user" : ctx.actor.type === "token" ? "token" : "system";
      await tx.insert(ticketActivities).values({
        ticketId: before.id,
        kind: "status_change",
        actorType,
        actorId: actorUserId(ctx.actor),
        body: data.reason ?? "",
        data: { from: before.status, to: change.to, reason: verb },
      });
      await recordAudit(tx, ctx, {
        action: `incident.${verb}`,
        entityType: "ticket",
        entityId: before.id,
        before: { number: before.number, status: before.status },
        after: { number: after.number, status: after.status },
      });
      await refreshSlaClocks(tx, [after.id]);
      await syncEscalations(tx, [after.id], { actorId: actorUserId(ctx.actor) });
      return after;
    });
  } catch (error) {
    const appError = toAppError(error);
    if (appError?.code === "conflict" && !(error instanceof AppError)) {
      throw new AppError("conflict", "Another incident of the same alert group is open; work on that one instead");
    }
    throw error;
  }
}

export function acknowledgeIncident(ctx: Ctx, input: IncidentTransition) {
  return transition(ctx, "acknowledge", input);
}

// Allowed while alerts still fire: a later firing event of such an alert reopens it within the reopen window.
export function resolveIncident(ctx: Ctx, input: IncidentTransition) {
  return transition(ctx, "resolve", input);
}

export function reopenIncident(ctx: Ctx, input: IncidentTransition) {
  return transition(ctx, "reopen", input);
}
