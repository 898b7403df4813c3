import { eq } from "drizzle-orm";
import { tickets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { addActivities } from "./activity";
import { type AttachmentUpload, storeAttachments } from "./attachments";
import { AddComment } from "./schemas";
import { assertWritable, lockTicket } from "./update";

// Comments never bump the ticket's version: adding one cannot make someone else's open edit stale.
export async function addComment(ctx: Ctx, input: AddComment, files: AttachmentUpload[] = []) {
  const isRequester = ctx.actor.type !== "system" && ctx.actor.role === "requester";
  assertCan(ctx.actor, isRequester ? "requests.portal" : "tickets.work");
  const data = parseInput(AddComment, input);
  if (isRequester && data.internal) throw new AppError("forbidden", "Requesters cannot write internal notes");
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, data.number);
    if (isRequester && ticket.requesterId !== actorUserId(ctx.actor)) {
      throw new AppError("not_found", `No ticket ${data.number}`);
    }
    assertWritable(ticket);
    const visibility = data.internal ? "internal" : "public";
    const [activity] = await addActivities(tx, ctx, ticket.id, [{ kind: "comment", body: data.body, visibility }]);
    const attachments = await storeAttachments(tx, ctx, ticket.id, activity.id, files);
    await tx.update(tickets).set({ updatedAt: new Date() }).where(eq(tickets.id, ticket.id));
    await recordAudit(tx, ctx, {
      action: "ticket.comment",
      entityType: "ticket",
      entityId: ticket.id,
      after: {
        number: ticket.number,
        activityId: activity.id,
        visibility,
        attachments: attachments.map((a) => a.filename),
      },
    });
    if (visibility === "public" && !isRequester) await refreshSlaClocks(tx, [ticket.id]);
    return { id: activity.id, ticketId: ticket.id, visibility, createdAt: activity.createdAt, attachments };
  });
}
