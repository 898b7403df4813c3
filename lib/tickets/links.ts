import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { ticketActivities, ticketAttachments, tickets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { syncEscalations } from "@/lib/oncall/escalation";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { addActivities } from "./activity";
import { TicketNumber } from "./schemas";
import { assertWritable, lockTicket } from "./update";

export const MarkDuplicate = z.object({ number: TicketNumber, duplicateOf: TicketNumber });
export type MarkDuplicate = z.input<typeof MarkDuplicate>;

// The duplicate's comments and attachments are copied onto the surviving ticket, then the duplicate is closed.
export async function markDuplicate(ctx: Ctx, input: MarkDuplicate) {
  assertCan(ctx.actor, "tickets.work");
  const data = parseInput(MarkDuplicate, input);
  if (data.number === data.duplicateOf) throw new AppError("invalid", "duplicateOf: a ticket cannot duplicate itself");
  return ctx.db.transaction(async (tx) => {
    const [first, second] = [data.number, data.duplicateOf].sort();
    const locked = new Map([
      [first, await lockTicket(tx, first)],
      [second, await lockTicket(tx, second)],
    ]);
    const duplicate = locked.get(data.number)!;
    const master = locked.get(data.duplicateOf)!;
    assertWritable(duplicate);
    assertWritable(master);
    if (master.duplicateOfId) throw new AppError("invalid", `duplicateOf: ${master.number} is itself a duplicate`);
    const comments = await tx
      .select()
      .from(ticketActivities)
      .where(and(eq(ticketActivities.ticketId, duplicate.id), eq(ticketActivities.kind, "comment")))
      .orderBy(asc(ticketActivities.id));
    for (const comment of comments) {
      const [copy] = await tx
        .insert(ticketActivities)
        .values({
          ticketId: master.id,
          kind: "comment",
          visibility: comment.visibility,
          actorType: comment.actorType,
          actorId: comment.actorId,
          body: comment.body,
          data: { ...(comment.data as object), mergedFrom: duplicate.number },
          createdAt: comment.createdAt,
        })
        .returning({ id: ticketActivities.id });
      const files = await tx.select().from(ticketAttachments).where(eq(ticketAttachments.activityId, comment.id));
      if (files.length) {
        await tx
          .insert(ticketAttachments)
          .values(files.map(({ id: _id, ...f }) => ({ ...f, ticketId: master.id, activityId: copy.id })));
      }
    }
    const now = new Date();
    const [closed] = await tx
      .update(tickets)
      .set({
        status: "closed",
        duplicateOfId: master.id,
        resolutionCode: "duplicate",
        resolutionNote: `Duplicate of ${master.number}`,
        resolvedAt: duplicate.resolvedAt ?? now,
        closedAt: now,
        pendingReason: null,
        version: duplicate.version + 1,
        updatedAt: now,
      })
      .where(eq(tickets.id, duplicate.id))
      .returning();
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, master.id));
    await addActivities(tx, ctx, duplicate.id, [
      { kind: "link", data: { link: "duplicate_of", number: master.number } },
      {
        kind: "status_change",
        body: `Duplicate of ${master.number}`,
        data: { from: duplicate.status, to: "closed", resolutionCode: "duplicate" },
      },
    ]);
    await addActivities(tx, ctx, master.id, [
      { kind: "link", data: { link: "merged", number: duplicate.number, comments: comments.length } },
    ]);
    await recordAudit(tx, ctx, {
      action: "ticket.merge",
      entityType: "ticket",
      entityId: duplicate.id,
      before: { number: duplicate.number, version: duplicate.version, status: duplicate.status, duplicateOfId: null },
      after: { number: closed.number, version: closed.version, status: closed.status, duplicateOfId: master.id },
    });
    await refreshSlaClocks(tx, [closed.id, master.id]);
    await syncEscalations(tx, [closed.id, master.id], { actorId: actorUserId(ctx.actor) });
    return { duplicate: closed, master, copiedComments: comments.length };
  });
}
