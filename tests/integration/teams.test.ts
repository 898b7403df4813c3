import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { services, teamMembers, teams } from "@/db/schema";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, updateTeam } from "@/lib/teams/manage";
import { createTestService, createTestTeam, createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

const members = (teamId: string) =>
  getDb()
    .select({ userId: teamMembers.userId, role: teamMembers.role })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId));

describe("teams", () => {
  it("lets a manager create, rename and describe a team", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const name = uniqueName("Network");
    const team = await createTeam(ctxFor(manager), { name: `  ${name}  `, description: "WAN and LAN" });
    expect(team).toMatchObject({ name, description: "WAN and LAN" });

    const renamed = await updateTeam(ctxFor(manager), { teamId: team.id, name: `${name} Ops`, description: "" });
    expect(renamed).toMatchObject({ name: `${name} Ops`, description: "" });
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(team.updatedAt.getTime());
    const [audit] = (await auditRowsFor(team.id)).filter((a) => a.action === "team.update");
    expect(audit.before).toMatchObject({ name });
    expect(audit.after).toMatchObject({ name: `${name} Ops` });
  });

  it("refuses a second team whose name differs only in case", async () => {
    const team = await createTestTeam();
    const { user: manager } = await createTestUser({ role: "manager" });
    await expectAppError(createTeam(ctxFor(manager), { name: team.name.toUpperCase() }), "conflict");
    expect(await getDb().select().from(teams).where(eq(teams.name, team.name.toUpperCase()))).toEqual([]);
  });

  it("rejects an empty name", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const error = await expectAppError(createTeam(ctxFor(manager), { name: "   " }), "invalid");
    expect(error.details?.fields).toEqual({ name: ["Name is required"] });
  });

  it("answers not_found when updating or deleting a team that does not exist", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const teamId = "00000000-0000-4000-8000-0000000000aa";
    await expectAppError(updateTeam(ctxFor(manager), { teamId, name: "Ghost" }), "not_found");
    await expectAppError(deleteTeam(ctxFor(manager), { teamId }), "not_found");
  });

  it("deletes a team with its memberships and leaves its services without an owner", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const { user: member } = await createTestUser();
    const team = await createTestTeam({ members: [{ userId: member.id }] });
    const service = await createTestService({ ownerTeamId: team.id });

    await deleteTeam(ctxFor(manager), { teamId: team.id });
    expect(await getDb().select().from(teams).where(eq(teams.id, team.id))).toEqual([]);
    expect(await members(team.id)).toEqual([]);
    const [orphan] = await getDb().select().from(services).where(eq(services.id, service.id));
    expect(orphan.ownerTeamId).toBeNull();
  });
});

describe("team members", () => {
  it("adds members, changes a member's role in place and removes them", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const team = await createTestTeam();
    const { user: agent } = await createTestUser();
    const { user: engineer } = await createTestUser({ role: "engineer" });

    await addTeamMember(ctxFor(manager), { teamId: team.id, userId: agent.id });
    await addTeamMember(ctxFor(manager), { teamId: team.id, userId: engineer.id, role: "lead" });
    await addTeamMember(ctxFor(manager), { teamId: team.id, userId: agent.id, role: "lead" });
    expect(await members(team.id)).toEqual(
      expect.arrayContaining([
        { userId: agent.id, role: "lead" },
        { userId: engineer.id, role: "lead" },
      ]),
    );
    expect(await members(team.id)).toHaveLength(2);

    await removeTeamMember(ctxFor(manager), { teamId: team.id, userId: agent.id });
    expect(await members(team.id)).toEqual([{ userId: engineer.id, role: "lead" }]);
    expect((await auditRowsFor(team.id)).map((a) => a.action)).toEqual([
      "team.create",
      "team.add_member",
      "team.add_member",
      "team.add_member",
      "team.remove_member",
    ]);
  });

  it("answers not_found for an unknown user or team, and for removing a non-member", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const team = await createTestTeam();
    const { user } = await createTestUser();
    const unknown = "00000000-0000-4000-8000-0000000000bb";
    await expectAppError(addTeamMember(ctxFor(manager), { teamId: team.id, userId: unknown }), "not_found");
    await expectAppError(addTeamMember(ctxFor(manager), { teamId: unknown, userId: user.id }), "not_found");
    await expectAppError(removeTeamMember(ctxFor(manager), { teamId: team.id, userId: user.id }), "not_found");
    expect(await members(team.id)).toEqual([]);
  });
});
