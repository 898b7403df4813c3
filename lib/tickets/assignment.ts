import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type AssignmentStrategy, teamMembers, teams, tickets, users } from "@/db/schema";
import { OPEN_STATUSES } from "./status";

export type Pick = { userId: string; strategy: Exclude<AssignmentStrategy, "manual"> };

// Locks the team row, so concurrent tickets for one team take members strictly in turn.
export async function pickAssignee(tx: DbOrTx, teamId: string): Promise<Pick | null> {
  const [team] = await tx
    .select({ strategy: teams.assignmentStrategy, last: teams.lastAssignedUserId })
    .from(teams)
    .where(eq(teams.id, teamId))
    .for("update");
  if (!team || team.strategy === "manual") return null;
  const members = await tx
    .select({
      id: users.id,
      isAvailable: sql<boolean>`${users.isActive} and not ${users.isAway} and ${users.role} <> 'requester'`,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.createdAt), asc(users.id));
  // The turn passes on from the last assignee even when that member has since gone away.
  const all = members.map((m) => m.id);
  const start = team.last ? all.indexOf(team.last) + 1 : 0;
  const available = new Set(members.filter((m) => m.isAvailable).map((m) => m.id));
  const inTurn = [...all.slice(start), ...all.slice(0, start)].filter((id) => available.has(id));
  if (!inTurn.length) return null;
  let chosen = inTurn[0];
  if (team.strategy === "least_loaded") {
    const loads = await tx
      .select({ id: tickets.assigneeId, open: sql<number>`count(*)::int` })
      .from(tickets)
      .where(and(inArray(tickets.assigneeId, inTurn), inArray(tickets.status, [...OPEN_STATUSES])))
      .groupBy(tickets.assigneeId);
    const load = new Map(loads.map((l) => [l.id, l.open]));
    chosen = inTurn.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best), inTurn[0]);
  }
  await tx.update(teams).set({ lastAssignedUserId: chosen }).where(eq(teams.id, teamId));
  return { userId: chosen, strategy: team.strategy };
}
