import { eq } from "drizzle-orm";
import { z } from "zod";
import { tickets } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { TicketNumber } from "@/lib/tickets/schemas";
import { updateTicket } from "@/lib/tickets/update";
import { reacknowledgeEscalation } from "./escalation";

export const AcknowledgeIncident = z.object({ number: TicketNumber });
export type AcknowledgeIncident = z.input<typeof AcknowledgeIncident>;

// Acknowledging takes the incident: it stops the escalation and assigns it to whoever acknowledged, if nobody has it.
// An incident already in hand whose escalation runs again (ack timeout, escalated) is acknowledged once more.
export async function acknowledgeIncident(ctx: Ctx, input: AcknowledgeIncident) {
  assertCan(ctx.actor, "incidents.work");
  const { number } = parseInput(AcknowledgeIncident, input);
  const [ticket] = await ctx.db.select().from(tickets).where(eq(tickets.number, number));
  if (!ticket) throw new AppError("not_found", `No ticket ${number}`);
  if (ticket.type !== "incident") throw new AppError("invalid", `${number} is not an incident`);
  if (ticket.status !== "new") {
    const reacknowledged = await reacknowledgeEscalation(ctx, number);
    if (reacknowledged) return reacknowledged;
    throw new AppError("conflict", `${number} is already ${ticket.status}`);
  }
  return updateTicket(ctx, {
    number,
    status: "acknowledged",
    ...(ticket.assigneeId ? {} : { assigneeId: actorUserId(ctx.actor) }),
  });
}

export const ResolveIncident = z.object({
  number: TicketNumber,
  resolutionCode: z.enum(["fixed", "workaround", "no_fault_found"]).default("fixed"),
  note: z.string().trim().max(5000, "Note is at most 5000 characters").optional(),
});
export type ResolveIncident = z.input<typeof ResolveIncident>;

export async function resolveIncident(ctx: Ctx, input: ResolveIncident) {
  assertCan(ctx.actor, "incidents.work");
  const data = parseInput(ResolveIncident, input);
  const [ticket] = await ctx.db.select().from(tickets).where(eq(tickets.number, data.number));
  if (!ticket) throw new AppError("not_found", `No ticket ${data.number}`);
  if (ticket.type !== "incident") throw new AppError("invalid", `${data.number} is not an incident`);
  return updateTicket(ctx, {
    number: data.number,
    status: "resolved",
    resolutionCode: data.resolutionCode,
    resolutionNote: data.note || "Resolved from the on-call page",
    ...(ticket.assigneeId ? {} : { assigneeId: actorUserId(ctx.actor) }),
  });
}
