import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ASSIGNMENT_STRATEGIES, TEAM_MEMBER_ROLES, teamMembers, teams, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";

const TeamName = z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters");
const Description = z.string().trim().max(1000, "Description is at most 1000 characters").default("");

export const CreateTeam = z.object({ name: TeamName, description: Description });
export type CreateTeam = z.input<typeof CreateTeam>;

export async function createTeam(ctx: Ctx, input: CreateTeam) {
  assertCan(ctx.actor, "teams.manage");
  const data = parseInput(CreateTeam, input);
  return ctx.db.transaction(async (tx) => {
    const [team] = await tx.insert(teams).values(data).onConflictDoNothing().returning();
    if (!team) throw new AppError("conflict", `A team named ${data.name} already exists`);
    await recordAudit(tx, ctx, { action: "team.create", entityType: "team", entityId: team.id, after: team });
    return team;
  });
}

export const UpdateTeam = z.object({ teamId: z.uuid(), name: TeamName, description: Description });
export type UpdateTeam = z.input<typeof UpdateTeam>;

export async function updateTeam(ctx: Ctx, input: UpdateTeam) {
  assertCan(ctx.actor, "teams.manage");
  const { teamId, ...data } = parseInput(UpdateTeam, input);
  return ctx.db.transaction(async (tx) => {
    const before = await tx.query.teams.findFirst({ where: eq(teams.id, teamId) });
    if (!before) throw new AppError("not_found", "No such team");
    const [after] = await tx
      .update(teams)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(teams.id, teamId))
      .returning();
    await recordAudit(tx, ctx, { action: "team.update", entityType: "team", entityId: teamId, before, after });
    return after;
  });
}

export const DeleteTeam = z.object({ teamId: z.uuid() });
export type DeleteTeam = z.input<typeof DeleteTeam>;

export async function deleteTeam(ctx: Ctx, input: DeleteTeam) {
  assertCan(ctx.actor, "teams.manage");
  const { teamId } = parseInput(DeleteTeam, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(teams).where(eq(teams.id, teamId)).returning();
    if (!before) throw new AppError("not_found", "No such team");
    await recordAudit(tx, ctx, { action: "team.delete", entityType: "team", entityId: teamId, before });
  });
}

export const AddTeamMember = z.object({
  teamId: z.uuid(),
  userId: z.uuid("Choose a user"),
  role: z.enum(TEAM_MEMBER_ROLES).default("member"),
});
export type AddTeamMember = z.input<typeof AddTeamMember>;

export async function addTeamMember(ctx: Ctx, input: AddTeamMember) {
  assertCan(ctx.actor, "teams.manage");
  const data = parseInput(AddTeamMember, input);
  return ctx.db.transaction(async (tx) => {
    const team = await tx.query.teams.findFirst({ where: eq(teams.id, data.teamId) });
    const user = await tx.query.users.findFirst({ where: eq(users.id, data.userId) });
    if (!team || !user) throw new AppError("not_found", "No such team or user");
    const [member] = await tx
      .insert(teamMembers)
      .values(data)
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role: data.role } })
      .returning();
    await recordAudit(tx, ctx, {
      action: "team.add_member",
      entityType: "team",
      entityId: data.teamId,
      after: { userId: data.userId, email: user.email, role: member.role },
    });
    return member;
  });
}

export const RemoveTeamMember = z.object({ teamId: z.uuid(), userId: z.uuid() });
export type RemoveTeamMember = z.input<typeof RemoveTeamMember>;

export async function removeTeamMember(ctx: Ctx, input: RemoveTeamMember) {
  assertCan(ctx.actor, "teams.manage");
  const data = parseInput(RemoveTeamMember, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, data.teamId), eq(teamMembers.userId, data.userId)))
      .returning();
    if (!before) throw new AppError("not_found", "That user is not a member of the team");
    await recordAudit(tx, ctx, { action: "team.remove_member", entityType: "team", entityId: data.teamId, before });
  });
}

export const SetTeamAssignmentStrategy = z.object({
  teamId: z.uuid(),
  strategy: z.enum(ASSIGNMENT_STRATEGIES, { error: `strategy: use ${ASSIGNMENT_STRATEGIES.join(", ")}` }),
});
export type SetTeamAssignmentStrategy = z.input<typeof SetTeamAssignmentStrategy>;

export async function setTeamAssignmentStrategy(ctx: Ctx, input: SetTeamAssignmentStrategy) {
  assertCan(ctx.actor, "teams.manage");
  const { teamId, strategy } = parseInput(SetTeamAssignmentStrategy, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(teams).where(eq(teams.id, teamId)).for("update");
    if (!before) throw new AppError("not_found", "No such team");
    const [after] = await tx
      .update(teams)
      .set({ assignmentStrategy: strategy, updatedAt: new Date() })
      .where(eq(teams.id, teamId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "team.assignment_strategy",
      entityType: "team",
      entityId: teamId,
      before: { assignmentStrategy: before.assignmentStrategy },
      after: { assignmentStrategy: after.assignmentStrategy },
    });
    return after;
  });
}
