import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { routingRules, teams, users } from "@/db/schema";
import { listAuditEntries, listAuditFilterChoices } from "@/lib/audit/list";
import { createRoutingRule } from "@/lib/routing/manage";
import { setTeamAssignmentStrategy } from "@/lib/teams/manage";
import { createTicket } from "@/lib/tickets/create";
import { setAway } from "@/lib/users/away";
import { createTestTeam, createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { brokenAuditCtx } from "@/tests/support/db";
import { caught, expectAppError, pgCode } from "@/tests/support/errors";

async function arrange() {
  const { user: auditor } = await createTestUser({ role: "manager" });
  const { user: agent } = await createTestUser({ role: "agent" });
  const team = await createTestTeam();
  await setAway(ctxFor(agent), { userId: agent.id, isAway: true });
  await setAway(ctxFor(agent), { userId: agent.id, isAway: false });
  const ticket = await createTicket(ctxFor(agent), { title: uniqueName("Audited"), teamId: team.id });
  return { auditor: ctxFor(auditor), agent, team, ticket };
}

describe("audit log filters", () => {
  it("filters by actor, by record (a ticket number resolves to its id) and by action prefix", async () => {
    const { auditor, agent, ticket } = await arrange();

    const byAgent = await listAuditEntries(auditor, { actorId: agent.id });
    expect(byAgent.entries.map((e) => e.action)).toEqual(["ticket.create", "user.away", "user.away"]);
    const byLabel = await listAuditEntries(auditor, { actor: agent.email.slice(0, 20).toUpperCase() });
    expect(byLabel.entries.map((e) => e.id)).toEqual(byAgent.entries.map((e) => e.id));

    for (const number of [ticket.number, ticket.number.toLowerCase()]) {
      const byNumber = await listAuditEntries(auditor, { entityId: number });
      expect(byNumber.entries.map((e) => [e.entityType, e.entityId, e.action])).toEqual([
        ["ticket", ticket.id, "ticket.create"],
      ]);
    }
    expect((await listAuditEntries(auditor, { entityType: "ticket", entityId: ticket.id })).entries).toHaveLength(1);
    const missing = await expectAppError(listAuditEntries(auditor, { entityId: "INC-999999999999" }), "invalid");
    expect(missing.details?.fields).toEqual({ entityId: ["No such ticket"] });

    const users = await listAuditEntries(auditor, { actorId: agent.id, action: "user." });
    expect(users.entries.map((e) => e.action)).toEqual(["user.away", "user.away"]);
    const exact = await listAuditEntries(auditor, { actorId: agent.id, action: "ticket.create" });
    expect(exact.entries).toHaveLength(1);
    await expectAppError(listAuditEntries(auditor, { actorId: "someone" }), "invalid");
  });

  it("pages by id, newest first, without repeats", async () => {
    const { auditor, agent } = await arrange();
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAuditEntries(auditor, { actorId: agent.id, limit: 2, before });
      seen.push(...page.entries.map((e) => e.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    const all = (await listAuditEntries(auditor, { actorId: agent.id })).entries.map((e) => e.id);
    expect(seen).toEqual(all);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
  });

  it("offers the actions and record types that occur and the staff who may have acted", async () => {
    const { auditor, agent } = await arrange();
    const { user: requester } = await createTestUser({ role: "requester" });
    await setTeamAssignmentStrategy(auditor, { teamId: (await createTestTeam()).id, strategy: "round_robin" });
    const choices = await listAuditFilterChoices(auditor);
    expect(choices.actions).toEqual(expect.arrayContaining(["user.away", "ticket.create", "team.assignment_strategy"]));
    expect([...choices.actions].sort()).toEqual(choices.actions);
    expect(new Set(choices.actions).size).toBe(choices.actions.length);
    expect(choices.entityTypes).toEqual(expect.arrayContaining(["ticket", "team", "user"]));
    expect(choices.actors.map((a) => a.id)).toContain(agent.id);
    expect(choices.actors.map((a) => a.id)).not.toContain(requester.id);
  });

  it.each(["agent", "engineer"] as const)("refuses the %s role", async (role) => {
    const { user } = await createTestUser({ role });
    await expectAppError(listAuditEntries(ctxFor(user), {}), "forbidden");
    await expectAppError(listAuditFilterChoices(ctxFor(user)), "forbidden");
  });
});

describe("assignment writes share a transaction with their audit entry", () => {
  it("changes nothing when the audit entry cannot be written", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const team = await createTestTeam();
    expect(pgCode(await caught(setAway(brokenAuditCtx(manager), { userId: manager.id, isAway: true })))).toBe("23502");
    expect(
      pgCode(
        await caught(setTeamAssignmentStrategy(brokenAuditCtx(manager), { teamId: team.id, strategy: "round_robin" })),
      ),
    ).toBe("23502");
    expect(
      pgCode(await caught(createRoutingRule(brokenAuditCtx(manager), { name: uniqueName("rule"), teamId: team.id }))),
    ).toBe("23502");
    const [row] = await getDb().select().from(teams).where(eq(teams.id, team.id));
    expect(row.assignmentStrategy).toBe("manual");
    const [me] = await getDb().select().from(users).where(eq(users.id, manager.id));
    expect(me.isAway).toBe(false);
    expect(await getDb().select().from(routingRules).where(eq(routingRules.teamId, team.id))).toEqual([]);
  });
});
