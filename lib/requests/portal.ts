import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { requestCategories, requestTypes, tickets } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { parseInput } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/tickets/cursor";

export const ListMyRequests = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListMyRequests = z.input<typeof ListMyRequests>;

// Tickets the signed-in person raised, of any type, newest first; keyset pages so a long history stays cheap.
export async function listMyRequests(ctx: Ctx, input: ListMyRequests = {}) {
  assertCan(ctx.actor, "requests.portal");
  const { cursor, limit } = parseInput(ListMyRequests, input);
  const me = actorUserId(ctx.actor);
  if (!me) return { rows: [], nextCursor: null };
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await ctx.db
    .select({
      id: tickets.id,
      number: tickets.number,
      type: tickets.type,
      title: tickets.title,
      status: tickets.status,
      requestTypeName: requestTypes.name,
      categoryName: requestCategories.name,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
    })
    .from(tickets)
    .leftJoin(requestTypes, eq(requestTypes.id, tickets.requestTypeId))
    .leftJoin(requestCategories, eq(requestCategories.id, requestTypes.categoryId))
    .where(
      and(
        eq(tickets.requesterId, me),
        after
          ? sql`(${tickets.createdAt}, ${tickets.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
}
export type MyRequestRow = Awaited<ReturnType<typeof listMyRequests>>["rows"][number];
