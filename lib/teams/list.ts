import { asc, eq, sql } from "drizzle-orm";
import { teamMembers, teams, users } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

export async function listTeams(ctx: Ctx) {
  assertCan(ctx.actor, "teams.read");
  return ctx.db
    .select({
      id: teams.id,
      name: teams.name,
      description: teams.description,
      memberCount: sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`,
    })
    .from(teams)
    .orderBy(asc(teams.name));
}

// Members in the order they joined, which is the order round-robin assignment takes them in.
export async function getTeam(ctx: Ctx, teamId: string) {
  assertCan(ctx.actor, "teams.read");
  if (!/^[0-9a-f-]{36}$/i.test(teamId)) throw new AppError("not_found", "No such team");
  const team = await ctx.db.query.teams.findFirst({ where: eq(teams.id, teamId) });
  if (!team) throw new AppError("not_found", "No such team");
  const members = await ctx.db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: teamMembers.role,
      isActive: users.isActive,
      isAway: users.isAway,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.createdAt), asc(users.id));
  return { ...team, members };
}
