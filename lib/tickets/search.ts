import { and, desc, eq, exists, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { ticketActivities, tickets, users } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { parseInput } from "@/lib/errors";
import { escapeLike, searchWords, ticketTextMatches, walkForMatches } from "./queue";

export const SearchTickets = z.object({
  q: z.string().trim().min(1, "q: type something to search for").max(200, "q: at most 200 characters"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchTickets = z.input<typeof SearchTickets>;

const assignees = alias(users, "assignee");

// Numbers, titles and descriptions, and comments: every word must appear (as a substring, Korean or English).
export async function searchTickets(ctx: Ctx, input: SearchTickets) {
  assertCan(ctx.actor, "tickets.read");
  const { q, limit } = parseInput(SearchTickets, input);
  const words = searchWords(q);
  if (!words.length) return [];
  const number = /^(inc|req)-?(\d{1,12})$/i.exec(q.replace(/\s+/g, ""));
  const patterns = words.map((w) => `%${escapeLike(w)}%`);
  const exact = sql`${tickets.number} = ${number ? `${number[1].toUpperCase()}-${number[2].padStart(6, "0")}` : ""}`;
  const newest = sql`${tickets.createdAt} desc nulls last`;
  const commentMatch = and(
    eq(ticketActivities.ticketId, tickets.id),
    eq(ticketActivities.kind, "comment"),
    sql`${ticketActivities.body} ilike all (${sql.param(patterns)}::text[])`,
    sql`wd_search_vector(${ticketActivities.body}) @@ wd_search_query(${q})`,
  );
  // `body || ''` is not the indexed expression: a ticket's few entries are filtered instead of intersecting the GIN list.
  const comment = ctx.db
    .select({ hit: sql`1`.as("hit") })
    .from(ticketActivities)
    .where(
      and(
        eq(ticketActivities.ticketId, tickets.id),
        eq(ticketActivities.kind, "comment"),
        sql`${ticketActivities.body} ilike all (${sql.param(patterns)}::text[])`,
        sql`wd_search_vector(${ticketActivities.body} || '') @@ wd_search_query(${q})`,
      ),
    )
    .limit(1)
    .as("comment");
  const recent = await walkForMatches(limit, (size) =>
    ctx.db
      .select({ id: tickets.id })
      .from(ctx.db.select().from(tickets).orderBy(newest).limit(size).as("tickets"))
      .leftJoinLateral(comment, sql`true`)
      .where(or(ticketTextMatches(q), sql`${comment.hit} is not null`))
      .orderBy(newest)
      .limit(limit),
  );
  const exactTickets = ctx.db.select({ id: tickets.id }).from(tickets).where(exact);
  const matchingTickets = ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(ticketTextMatches(q))
    .orderBy(newest)
    .limit(limit);
  const matchingComments = ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(exists(ctx.db.select({ one: sql`1` }).from(ticketActivities).where(commentMatch)))
    .orderBy(newest)
    .limit(limit);
  const candidates = recent
    ? or(
        exact,
        inArray(
          tickets.id,
          recent.map((r) => r.id),
        ),
      )
    : inArray(tickets.id, exactTickets.unionAll(matchingTickets).unionAll(matchingComments));
  return ctx.db
    .select({
      id: tickets.id,
      number: tickets.number,
      type: tickets.type,
      title: tickets.title,
      status: tickets.status,
      priority: tickets.priority,
      assigneeName: assignees.name,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .where(candidates)
    .orderBy(desc(exact), desc(tickets.createdAt))
    .limit(limit);
}
