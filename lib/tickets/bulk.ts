import { z } from "zod";
import { PRIORITIES, type Priority, TICKET_STATUSES } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import type { Level } from "@/lib/desk/priority";
import { AppError, parseInput, toAppError } from "@/lib/errors";
import { TicketNumber } from "./schemas";
import { updateTicket } from "./update";

// A priority chosen in bulk is expressed as the matrix cell that yields it, so impact × urgency stays the source.
const MATRIX_CELL: Record<Priority, [Level, Level]> = {
  P1: [1, 1],
  P2: [1, 2],
  P3: [2, 2],
  P4: [2, 3],
  P5: [3, 3],
};

export const BulkUpdateTickets = z
  .object({
    numbers: z.array(TicketNumber).min(1, "Select at least one ticket").max(200, "At most 200 tickets at once"),
    assigneeId: z.union([z.uuid("assigneeId: expected a user id"), z.null()]).optional(),
    status: z.enum(TICKET_STATUSES).optional(),
    pendingReason: z.string().trim().max(1000).optional(),
    resolutionCode: z.string().optional(),
    resolutionNote: z.string().trim().max(5000).optional(),
    priority: z.enum(PRIORITIES).optional(),
  })
  .refine((v) => v.assigneeId !== undefined || v.status || v.priority, {
    message: "Choose an assignee, a status or a priority",
    path: ["status"],
  });
export type BulkUpdateTickets = z.input<typeof BulkUpdateTickets>;

export type BulkResult = { number: string; ok: boolean; message?: string };

// Each ticket is its own transaction (and audit entry): one ticket that cannot move does not block the rest.
export async function bulkUpdateTickets(ctx: Ctx, input: BulkUpdateTickets): Promise<BulkResult[]> {
  assertCan(ctx.actor, "tickets.bulk");
  const data = parseInput(BulkUpdateTickets, input);
  const results: BulkResult[] = [];
  for (const number of [...new Set(data.numbers)]) {
    try {
      const [impact, urgency] = data.priority ? MATRIX_CELL[data.priority] : [undefined, undefined];
      await updateTicket(ctx, {
        number,
        assigneeId: data.assigneeId,
        status: data.status,
        pendingReason: data.pendingReason,
        resolutionCode: data.resolutionCode as never,
        resolutionNote: data.resolutionNote,
        impact,
        urgency,
      });
      results.push({ number, ok: true });
    } catch (error) {
      const appError = toAppError(error);
      if (!appError || appError.code === "forbidden") throw error;
      results.push({ number, ok: false, message: appError.message });
    }
  }
  if (results.every((r) => !r.ok)) {
    throw new AppError("conflict", results.map((r) => `${r.number}: ${r.message}`).join("; "));
  }
  return results;
}
