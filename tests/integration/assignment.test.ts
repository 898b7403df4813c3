import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type DbOrTx, getDb } from "@/db/client";
import {
  type AssignmentStrategy,
  auditLog,
  requestCategories,
  requestTypes,
  routingRules,
  type Ticket,
  ticketActivities,
  users,
} from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { createRoutingRule, deleteRoutingRule, reorderRoutingRules, updateRoutingRule } from "@/lib/routing/manage";
import { getTeam } from "@/lib/teams/list";
import { setTeamAssignmentStrategy } from "@/lib/teams/manage";
import { createTicket } from "@/lib/tickets/create";
import { updateTicket } from "@/lib/tickets/update";
import { setAway } from "@/lib/users/away";
import {
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  factoryCtx,
  uniqueName,
  uniqueSuffix,
} from "@/tests/factories";
import { auditRowsFor, withRollback } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

const staff = async (count: number, role: "agent" | "engineer" = "agent") => {
  const people = [];
  for (let i = 0; i < count; i++)
    people.push((await createTestUser({ role, name: `Member ${i} ${uniqueSuffix()}` })).user);
  return people;
};

const person = async (role: "admin" | "manager" | "agent" | "engineer") => (await createTestUser({ role })).user;

// Members join one after another, so join order is the order given.
async function teamWith(strategy: AssignmentStrategy, members: { id: string }[], name = uniqueName("Team")) {
  const team = await createTestTeam({ name, members: members.map((m) => ({ userId: m.id })) });
  if (strategy !== "manual") await setTeamAssignmentStrategy(factoryCtx(), { teamId: team.id, strategy });
  return team;
}

async function requestCatalog(db: DbOrTx = getDb()) {
  const [category] = await db
    .insert(requestCategories)
    .values({ name: `Access-${uniqueSuffix()}` })
    .returning();
  const [type] = await db.insert(requestTypes).values({ categoryId: category.id, name: "VPN access" }).returning();
  return { category, type };
}

const assignees = (tickets: Ticket[]) => tickets.map((t) => t.assigneeId);

function activitiesOf(ticketId: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(ticketActivities)
    .where(eq(ticketActivities.ticketId, ticketId))
    .orderBy(asc(ticketActivities.id));
}

// Inside a rolled-back transaction, move the given rules ahead of every other rule without touching anyone else's rows.
async function putFirst(tx: DbOrTx, ruleIds: string[]) {
  for (const [index, id] of ruleIds.entries()) {
    await tx
      .update(routingRules)
      .set({ position: sql`${-1_000_000 + index}` })
      .where(eq(routingRules.id, id));
  }
}

const txCtx = (user: Parameters<typeof ctxFor>[0], tx: DbOrTx): Ctx => ({ ...ctxFor(user), db: tx });

describe("routing a request to a round-robin team", () => {
  it("sends VPN requests to the network team, hands them out in join order skipping the away member, and wraps", async () => {
    const manager = await person("manager");
    const agent = await person("agent");
    const members = await staff(4);
    const team = await createTestTeam({
      name: `Network-${uniqueSuffix()}`,
      members: members.map((m) => ({ userId: m.id })),
    });
    await setTeamAssignmentStrategy(ctxFor(manager), { teamId: team.id, strategy: "round_robin" });
    await setAway(ctxFor(members[1]), { userId: members[1].id, isAway: true });
    const { category, type } = await requestCatalog();
    const rule = await createRoutingRule(ctxFor(manager), {
      name: uniqueName("VPN to network"),
      ticketTypes: ["service_request"],
      categoryIds: [category.id],
      teamId: team.id,
    });
    await reorderRoutingRules(ctxFor(manager), { ruleIds: [rule.id] });
    try {
      const tickets: Ticket[] = [];
      for (let i = 0; i < 4; i++) {
        tickets.push(
          await createTicket(ctxFor(agent), { type: "service_request", title: `VPN ${i}`, requestTypeId: type.id }),
        );
      }
      expect(tickets.map((t) => t.teamId)).toEqual([team.id, team.id, team.id, team.id]);
      expect(assignees(tickets)).toEqual([members[0].id, members[2].id, members[3].id, members[0].id]);

      const timeline = await activitiesOf(tickets[1].id);
      expect(timeline.find((a) => a.kind === "field_change")?.data).toMatchObject({
        routedBy: rule.name,
        ruleId: rule.id,
      });
      expect(timeline.find((a) => a.kind === "assignment")?.data).toEqual({
        from: null,
        to: members[2].id,
        strategy: "round_robin",
      });

      expect((await auditRowsFor(tickets[0].id)).map((a) => a.action)).toEqual(["ticket.create"]);
      expect((await auditRowsFor(tickets[0].id))[0].after).toMatchObject({ assigneeId: members[0].id });
      expect((await auditRowsFor(team.id)).map((a) => a.action)).toContain("team.assignment_strategy");
      const [away] = await auditRowsFor(members[1].id).then((rows) => rows.filter((a) => a.action === "user.away"));
      expect(away).toMatchObject({ actorId: members[1].id, before: { isAway: false }, after: { isAway: true } });
      expect((await auditRowsFor(rule.id)).map((a) => a.action)).toContain("routing_rule.create");

      await setAway(ctxFor(manager), { userId: members[1].id, isAway: false });
      const back = await createTicket(ctxFor(agent), {
        type: "service_request",
        title: "VPN 4",
        requestTypeId: type.id,
      });
      expect(back.assigneeId).toBe(members[1].id);
    } finally {
      await deleteRoutingRule(ctxFor(manager), { ruleId: rule.id });
    }
  });

  it("lists the team's members in join order with who is away", async () => {
    const members = await staff(3);
    const team = await teamWith("round_robin", members);
    await setAway(factoryCtx(), { userId: members[2].id, isAway: true });
    const loaded = await getTeam(factoryCtx(), team.id);
    expect(loaded.assignmentStrategy).toBe("round_robin");
    expect(loaded.members.map((m) => [m.userId, m.isAway])).toEqual([
      [members[0].id, false],
      [members[1].id, false],
      [members[2].id, true],
    ]);
  });

  it("passes the turn on from a member who went away after their ticket", async () => {
    const agent = await person("agent");
    const members = await staff(3);
    const team = await teamWith("round_robin", members);
    const next = () => createTicket(ctxFor(agent), { title: uniqueName("turn"), teamId: team.id });
    expect(assignees([await next(), await next()])).toEqual([members[0].id, members[1].id]);
    await setAway(factoryCtx(), { userId: members[1].id, isAway: true });
    expect((await next()).assigneeId).toBe(members[2].id);
    expect((await next()).assigneeId).toBe(members[0].id);
  });

  it("gives each of three members exactly two of six tickets created at once", async () => {
    const agent = await person("agent");
    const members = await staff(3);
    const team = await teamWith("round_robin", members);
    const tickets = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createTicket(ctxFor(agent), { title: `parallel ${i}`, teamId: team.id })),
    );
    const counts = new Map<string | null, number>();
    for (const t of tickets) counts.set(t.assigneeId, (counts.get(t.assigneeId) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(members.map((m) => [m.id, 2])));
  });

  it("assigns nobody for a manual team, and nobody when every member is away", async () => {
    const agent = await person("agent");
    const members = await staff(2);
    const manual = await teamWith("manual", members);
    const ticket = await createTicket(ctxFor(agent), { title: uniqueName("manual"), teamId: manual.id });
    expect(ticket).toMatchObject({ teamId: manual.id, assigneeId: null });
    expect((await activitiesOf(ticket.id)).map((a) => a.kind)).not.toContain("assignment");

    const everyoneAway = await teamWith("round_robin", members);
    for (const m of members) await setAway(ctxFor(m), { userId: m.id, isAway: true });
    const unassigned = await createTicket(ctxFor(agent), { title: uniqueName("away"), teamId: everyoneAway.id });
    expect(unassigned).toMatchObject({ teamId: everyoneAway.id, assigneeId: null });
  });
});

describe("least-loaded assignment", () => {
  it("gives the next ticket to the member with the fewest open tickets; resolved ones are no load", async () => {
    const agent = await person("agent");
    const [a, b, c] = await staff(3);
    const team = await teamWith("least_loaded", [a, b, c]);
    const direct = (assigneeId: string) =>
      createTicket(ctxFor(agent), { title: uniqueName("load"), teamId: team.id, assigneeId });
    for (const id of [a.id, a.id, c.id]) await direct(id);
    for (let i = 0; i < 3; i++) {
      const done = await direct(b.id);
      await updateTicket(ctxFor(agent), {
        number: done.number,
        status: "resolved",
        resolutionCode: "fixed",
        resolutionNote: "done",
      });
    }
    const next = () => createTicket(ctxFor(agent), { title: uniqueName("next"), teamId: team.id });

    const first = await next();
    expect(first.assigneeId).toBe(b.id);
    const [assignment] = (await activitiesOf(first.id)).filter((x) => x.kind === "assignment");
    expect(assignment.data).toEqual({ from: null, to: b.id, strategy: "least_loaded" });
    // Now a=2, b=1, c=1: the tie goes to whoever is next in member order after b, the last assignee.
    expect((await next()).assigneeId).toBe(c.id);
    // a=2, b=1, c=2.
    expect((await next()).assigneeId).toBe(b.id);
  });

  it("breaks ties in member order when loads are equal", async () => {
    const agent = await person("agent");
    const [a, b, c] = await staff(3);
    const team = await teamWith("least_loaded", [a, b, c]);
    const picks: Ticket[] = [];
    for (let i = 0; i < 4; i++) {
      picks.push(await createTicket(ctxFor(agent), { title: uniqueName("tie"), teamId: team.id }));
    }
    expect(assignees(picks)).toEqual([a.id, b.id, c.id, a.id]);
  });
});

describe("routing rule conditions on desk tickets", () => {
  it("matches a priority condition only for tickets of that priority", async () => {
    const manager = await person("manager");
    const agent = await person("agent");
    const p2Team = await teamWith("manual", []);
    await withRollback(async (tx) => {
      const rule = await createRoutingRule(txCtx(manager, tx), {
        name: "P2 only",
        priorities: ["P2"],
        teamId: p2Team.id,
      });
      await putFirst(tx, [rule.id]);
      const p2 = await createTicket(txCtx(agent, tx), { title: "p2", impact: 1, urgency: 2 });
      const p5 = await createTicket(txCtx(agent, tx), { title: "p5", impact: 3, urgency: 3 });
      expect(p2).toMatchObject({ priority: "P2", teamId: p2Team.id });
      expect(p5.priority).toBe("P5");
      expect(p5.teamId).not.toBe(p2Team.id);
    });
  });

  it("matches service and type conditions together, and never a label rule for a ticket without labels", async () => {
    const manager = await person("manager");
    const agent = await person("agent");
    const [labelTeam, serviceTeam] = [await teamWith("manual", []), await teamWith("manual", [])];
    const service = await createTestService();
    await withRollback(async (tx) => {
      const labels = await createRoutingRule(txCtx(manager, tx), {
        name: "labels",
        matchers: [{ name: "team", op: "=~", value: ".*" }],
        teamId: labelTeam.id,
      });
      const byService = await createRoutingRule(txCtx(manager, tx), {
        name: "incidents of the service",
        ticketTypes: ["incident"],
        matchServiceIds: [service.id],
        teamId: serviceTeam.id,
      });
      await putFirst(tx, [labels.id, byService.id]);
      const incident = await createTicket(txCtx(agent, tx), { title: "down", serviceId: service.id });
      expect(incident.teamId).toBe(serviceTeam.id);
      const request = await createTicket(txCtx(agent, tx), {
        type: "service_request",
        title: "access",
        serviceId: service.id,
      });
      expect(request.teamId).not.toBe(serviceTeam.id);
      expect(request.teamId).not.toBe(labelTeam.id);
    });
  });

  it("skips disabled rules and takes the first matching rule by position", async () => {
    const manager = await person("manager");
    const agent = await person("agent");
    const [off, first, second] = [
      await teamWith("manual", []),
      await teamWith("manual", []),
      await teamWith("manual", []),
    ];
    const service = await createTestService();
    await withRollback(async (tx) => {
      const ctx = txCtx(manager, tx);
      const conditions = { matchServiceIds: [service.id] };
      const disabled = await createRoutingRule(ctx, { name: "off", ...conditions, teamId: off.id, isEnabled: false });
      const a = await createRoutingRule(ctx, { name: "first", ...conditions, teamId: first.id });
      const b = await createRoutingRule(ctx, { name: "second", ...conditions, teamId: second.id });
      await putFirst(tx, [disabled.id, a.id, b.id]);
      const raise = () => createTicket(txCtx(agent, tx), { title: uniqueName("ordered"), serviceId: service.id });
      expect((await raise()).teamId).toBe(first.id);
      await putFirst(tx, [disabled.id, b.id, a.id]);
      expect((await raise()).teamId).toBe(second.id);
      await updateRoutingRule(ctx, { ruleId: disabled.id, name: "on", ...conditions, teamId: off.id });
      expect((await raise()).teamId).toBe(off.id);
    });
  });
});

describe("routing rule input", () => {
  it("stores conditions, drops repeats, and round-trips them through an update", async () => {
    const manager = await person("manager");
    const team = await teamWith("manual", []);
    const service = await createTestService();
    await withRollback(async (tx) => {
      const { category } = await requestCatalog(tx);
      const rule = await createRoutingRule(txCtx(manager, tx), {
        name: "conditions",
        ticketTypes: ["service_request", "service_request"],
        categoryIds: [category.id],
        matchServiceIds: [service.id],
        priorities: ["P1", "P2", "P1"],
        teamId: team.id,
      });
      expect(rule).toMatchObject({
        ticketTypes: ["service_request"],
        categoryIds: [category.id],
        matchServiceIds: [service.id],
        priorities: ["P1", "P2"],
      });
      const updated = await updateRoutingRule(txCtx(manager, tx), {
        ruleId: rule.id,
        name: "conditions",
        ticketTypes: [],
        priorities: ["P3"],
        teamId: team.id,
      });
      expect(updated).toMatchObject({ ticketTypes: [], categoryIds: [], matchServiceIds: [], priorities: ["P3"] });
      const [audit] = await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, rule.id), eq(auditLog.action, "routing_rule.update")));
      expect(audit.before).toMatchObject({ priorities: ["P1", "P2"] });
      expect(audit.after).toMatchObject({ priorities: ["P3"] });
    });
  });

  it("names the field when an id does not exist or a value is not allowed", async () => {
    const ctx = ctxFor(await person("manager"));
    const team = await teamWith("manual", []);
    const ghost = "00000000-0000-4000-8000-00000000beef";
    const cases = [
      [{ categoryIds: [ghost] }, "categoryIds"],
      [{ matchServiceIds: [ghost] }, "matchServiceIds"],
      [{ teamId: ghost, useTeam: false }, "teamId"],
      [{ serviceId: ghost }, "serviceId"],
      [{ priorities: ["P9"] }, "priorities.0"],
      [{ ticketTypes: ["problem"] }, "ticketTypes.0"],
      [{ categoryIds: ["not-an-id"] }, "categoryIds.0"],
    ] as const;
    for (const [extra, field] of cases) {
      const { useTeam, ...fields } = { useTeam: true, ...extra };
      const input = { name: uniqueName("bad"), ...(useTeam ? { teamId: team.id } : {}), ...fields } as never;
      const error = await expectAppError(createRoutingRule(ctx, input), "invalid");
      expect(Object.keys(error.details?.fields ?? {}), JSON.stringify(extra)).toEqual([field]);
      expect(error.message.startsWith(`${field}:`), error.message).toBe(true);
    }
    expect(await getDb().select().from(routingRules).where(eq(routingRules.teamId, team.id))).toEqual([]);
  });
});

describe("permissions", () => {
  it.each(["agent", "engineer"] as const)(
    "refuses routing and strategy changes by the %s role and writes nothing",
    async (role) => {
      const refused = ctxFor(await person(role));
      const manager = ctxFor(await person("manager"));
      const team = await teamWith("manual", []);
      await expectAppError(createRoutingRule(refused, { name: "x", teamId: team.id }), "forbidden");
      await expectAppError(
        setTeamAssignmentStrategy(refused, { teamId: team.id, strategy: "round_robin" }),
        "forbidden",
      );
      await withRollback(async (tx) => {
        const rule = await createRoutingRule({ ...manager, db: tx }, { name: "y", teamId: team.id });
        await expectAppError(
          updateRoutingRule({ ...refused, db: tx }, { ruleId: rule.id, name: "z", teamId: team.id }),
          "forbidden",
        );
      });
      expect((await getTeam(factoryCtx(), team.id)).assignmentStrategy).toBe("manual");
      expect((await auditRowsFor(team.id)).map((a) => a.action)).toEqual(["team.create"]);
    },
  );

  it("lets anyone mark themselves away, but only managers and admins mark someone else", async () => {
    const [agent, engineer, other] = [await person("agent"), await person("engineer"), await person("agent")];
    await setAway(ctxFor(agent), { userId: agent.id, isAway: true });
    await expectAppError(setAway(ctxFor(agent), { userId: other.id, isAway: true }), "forbidden");
    await expectAppError(setAway(ctxFor(engineer), { userId: other.id, isAway: true }), "forbidden");
    await setAway(ctxFor(await person("manager")), { userId: other.id, isAway: true });
    await setAway(ctxFor(await person("admin")), { userId: other.id, isAway: false });

    const awayOf = async (id: string) =>
      (await getDb().select({ isAway: users.isAway }).from(users).where(eq(users.id, id)))[0].isAway;
    expect(await awayOf(agent.id)).toBe(true);
    expect(await awayOf(other.id)).toBe(false);
    const rows = await getDb()
      .select()
      .from(auditLog)
      .where(and(inArray(auditLog.entityId, [agent.id, other.id]), eq(auditLog.action, "user.away")))
      .orderBy(asc(auditLog.id));
    expect(rows.map((r) => [r.entityId, r.after])).toEqual([
      [agent.id, { isAway: true }],
      [other.id, { isAway: true }],
      [other.id, { isAway: false }],
    ]);
    await expectAppError(
      setAway(ctxFor(agent), { userId: "00000000-0000-4000-8000-00000000dead", isAway: true }),
      "forbidden",
    );
    await expectAppError(
      setAway(factoryCtx(), { userId: "00000000-0000-4000-8000-00000000dead", isAway: true }),
      "not_found",
    );
  });

  it("audits a strategy change with its before and after", async () => {
    const manager = await person("manager");
    const team = await teamWith("manual", []);
    await setTeamAssignmentStrategy(ctxFor(manager), { teamId: team.id, strategy: "least_loaded" });
    const [row] = (await auditRowsFor(team.id)).filter((a) => a.action === "team.assignment_strategy");
    expect(row).toMatchObject({
      actorId: manager.id,
      entityType: "team",
      before: { assignmentStrategy: "manual" },
      after: { assignmentStrategy: "least_loaded" },
    });
    await expectAppError(
      setTeamAssignmentStrategy(ctxFor(manager), { teamId: team.id, strategy: "random" as never }),
      "invalid",
    );
  });
});
