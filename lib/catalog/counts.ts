import { sql } from "drizzle-orm";
import { assets, services, teams } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

export async function catalogCounts(ctx: Ctx) {
  assertCan(ctx.actor, "catalog.read");
  const [row] = await ctx.db.execute<{ teams: number; services: number; assets: number }>(sql`
    select (select count(*)::int from ${teams}) as teams,
           (select count(*)::int from ${services}) as services,
           (select count(*)::int from ${assets}) as assets`);
  return row;
}
