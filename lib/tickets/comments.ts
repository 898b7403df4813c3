import { and, asc, eq, inArray } from "drizzle-orm";
import { ticketActivities, ticketAttachments, tickets, users } from "@/db/schema";
import type { CommentResource } from "@/lib/api/schemas";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

export const COMMENTS_LIMIT = 1000;

// A ticket's comments, oldest first; requesters get the public ones on their own tickets only.
export async function listComments(ctx: Ctx, number: string): Promise<CommentResource[]> {
  const isRequester = ctx.actor.type !== "system" && ctx.actor.role === "requester";
  assertCan(ctx.actor, isRequester ? "requests.portal" : "tickets.read");
  const wanted = number.toUpperCase();
  const [ticket] = /^(INC|REQ)-\d{1,12}$/.test(wanted)
    ? await ctx.db
        .select({ id: tickets.id, requesterId: tickets.requesterId })
        .from(tickets)
        .where(eq(tickets.number, wanted))
        .limit(1)
    : [];
  if (!ticket || (isRequester && ticket.requesterId !== actorUserId(ctx.actor))) {
    throw new AppError("not_found", `No ticket ${number}`);
  }
  const comments = await ctx.db
    .select({
      id: ticketActivities.id,
      visibility: ticketActivities.visibility,
      body: ticketActivities.body,
      actorType: ticketActivities.actorType,
      authorId: ticketActivities.actorId,
      authorName: users.name,
      createdAt: ticketActivities.createdAt,
    })
    .from(ticketActivities)
    .leftJoin(users, eq(users.id, ticketActivities.actorId))
    .where(
      and(
        eq(ticketActivities.ticketId, ticket.id),
        eq(ticketActivities.kind, "comment"),
        isRequester ? eq(ticketActivities.visibility, "public") : undefined,
      ),
    )
    .orderBy(asc(ticketActivities.createdAt), asc(ticketActivities.id))
    .limit(COMMENTS_LIMIT);
  const files = comments.length
    ? await ctx.db
        .select({
          id: ticketAttachments.id,
          activityId: ticketAttachments.activityId,
          filename: ticketAttachments.filename,
          contentType: ticketAttachments.contentType,
          sizeBytes: ticketAttachments.sizeBytes,
        })
        .from(ticketAttachments)
        .where(
          and(
            eq(ticketAttachments.ticketId, ticket.id),
            inArray(
              ticketAttachments.activityId,
              comments.map((c) => c.id),
            ),
          ),
        )
    : [];
  return comments.map((c) => ({
    id: c.id,
    visibility: c.visibility,
    body: c.body,
    author: c.authorId ? { id: c.authorId, name: c.authorName } : null,
    actorType: c.actorType,
    createdAt: c.createdAt.toISOString(),
    attachments: files
      .filter((f) => f.activityId === c.id)
      .map(({ id, filename, contentType, sizeBytes }) => ({ id, filename, contentType, sizeBytes })),
  }));
}
