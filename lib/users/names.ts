import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { users } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

// Display names for "created by" columns, which anyone who reads tickets may see.
export async function userNamesById(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  assertCan(ctx.actor, "tickets.read");
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

// People a ticket can be assigned to: active staff, never requesters.
export async function listAssignableUsers(ctx: Ctx) {
  assertCan(ctx.actor, "tickets.read");
  return ctx.db
    .select({ id: users.id, name: users.name, isAway: users.isAway })
    .from(users)
    .where(and(eq(users.isActive, true), ne(users.role, "requester")))
    .orderBy(asc(users.name));
}
