import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import IORedis from "ioredis";
import { beforeAll, describe, expect, it } from "vitest";
import { type Db, getDb } from "@/db/client";
import {
  auditLog,
  escalationPolicies,
  escalationSteps,
  incidentEscalations,
  notificationDeliveries,
  oncallOverrides,
  oncallSchedules,
  type Ticket,
  ticketActivities,
  type User,
} from "@/db/schema";
import { createService } from "@/lib/catalog/services";
import { type Ctx, systemCtx } from "@/lib/context";
import { env } from "@/lib/env";
import { reopenIncident } from "@/lib/incidents/transitions";
import { acknowledgeIncident, resolveIncident } from "@/lib/oncall/acknowledge";
import { ESCALATION_CHANNEL, escalateIncident, escalationNotice, runDueEscalations } from "@/lib/oncall/escalation";
import {
  createEscalationPolicy,
  deleteEscalationPolicy,
  getEscalationPolicy,
  policiesForTickets,
  setEscalationPolicyLink,
  updateEscalationPolicy,
} from "@/lib/oncall/policies";
import { createTicket } from "@/lib/tickets/create";
import { updateTicket } from "@/lib/tickets/update";
import { createUser } from "@/lib/users/create";
import { createTestService, createTestTeam, createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { incidentsOf, ingest, insertEngineIntegration, normalizedEvent } from "@/tests/factories/engine";
import {
  createTestPolicy,
  linkTestPolicy,
  scheduleTarget,
  type TestStep,
  teamTarget,
  userTarget,
} from "@/tests/factories/escalation";
import { auditRowsFor, withRollback, withScratchDatabase } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";
import { waitFor } from "@/tests/support/processes";
import { flushRedisPrefix, startWorkers, stopWorkers } from "@/tests/support/workers";

const MIN = 60_000;
const db = () => getDb();
let agent: User;
let manager: User;
let engineer: User;
let alice: User;
let bob: User;
let carol: User;

beforeAll(async () => {
  [agent, manager, engineer, alice, bob, carol] = await Promise.all(
    (["agent", "manager", "engineer", "engineer", "engineer", "engineer"] as const).map(async (role) => {
      const { user } = await createTestUser({ role });
      return user;
    }),
  );
});

// A service whose own policy has these steps (never the default: other test files' incidents must not page).
async function serviceWithPolicy(steps: TestStep[], options: Parameters<typeof createTestPolicy>[1] = {}) {
  const policy = await createTestPolicy(steps, options);
  const service = await createTestService();
  await linkTestPolicy("service", service.id, policy.id);
  return { policy, service };
}

// An incident on such a service whose first step has just been paged (at t0, when it fell due).
async function pagedIncident(steps: TestStep[], options: Parameters<typeof createTestPolicy>[1] = {}) {
  const { policy, service } = await serviceWithPolicy(steps, options);
  const incident = await openIncident(service.id);
  const t0 = (await escalationOf(incident.id)).nextAt as Date;
  await run(incident, t0);
  return { policy, service, incident, t0 };
}

const aliceThenBob = (): TestStep[] => [
  { targets: [userTarget(alice.id)] },
  { delayMinutes: 5, targets: [userTarget(bob.id)] },
];

function openIncident(serviceId: string | null, ctx: Ctx = ctxFor(agent)): Promise<Ticket> {
  return createTicket(ctx, { type: "incident", title: uniqueName("Disk full"), serviceId });
}

async function escalationOf(ticketId: string, on: Db = db()) {
  const [row] = await on.select().from(incidentEscalations).where(eq(incidentEscalations.ticketId, ticketId));
  return row;
}

// Who has been paged, in order, one entry per page (deliveries per person are folded: email only without push).
async function pagedUsers(ticketId: string, on: Db = db()) {
  const rows = await on
    .select({ userId: notificationDeliveries.userId, key: notificationDeliveries.dedupeKey })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.ticketId, ticketId))
    .orderBy(asc(notificationDeliveries.createdAt), asc(notificationDeliveries.dedupeKey));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of rows) {
    const page = r.key.split(":").slice(0, 5).join(":") + r.userId;
    if (seen.has(page)) continue;
    seen.add(page);
    out.push(r.userId as string);
  }
  return out;
}

async function notificationEvents(ticketId: string, on: Db = db()) {
  const rows = await on
    .select({ data: ticketActivities.data, actorId: ticketActivities.actorId })
    .from(ticketActivities)
    .where(and(eq(ticketActivities.ticketId, ticketId), eq(ticketActivities.kind, "notification")))
    .orderBy(asc(ticketActivities.id));
  return rows.map((r) => ({ ...(r.data as Record<string, unknown>), actorId: r.actorId }) as Record<string, unknown>);
}

const run = (ticket: Pick<Ticket, "id">, at: Date, on: Db = db()) => runDueEscalations(on, at, { ticketId: ticket.id });
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

describe("escalation engine", () => {
  it("pages step one when the incident opens and step two after its delay, then is exhausted", async () => {
    const { policy, service } = await serviceWithPolicy([
      { targets: [userTarget(alice.id)] },
      { delayMinutes: 10, targets: [userTarget(bob.id)] },
    ]);
    const incident = await openIncident(service.id);
    const started = await escalationOf(incident.id);
    expect(started).toMatchObject({ policyId: policy.id, state: "active", generation: 1, round: 0, nextStep: 0 });
    const t0 = started.nextAt as Date;
    expect(Math.abs(t0.getTime() - incident.createdAt.getTime())).toBeLessThan(5_000);

    expect(await run(incident, t0)).toEqual([{ ticketId: incident.id, from: "active", to: "active", paged: 1 }]);
    expect(await pagedUsers(incident.id)).toEqual([alice.id]);
    const afterStep1 = await escalationOf(incident.id);
    expect(afterStep1.nextStep).toBe(1);
    expect(afterStep1.nextAt?.getTime()).toBe(t0.getTime() + 10 * MIN);

    expect(await run(incident, plus(t0, 10 * MIN - 1))).toEqual([]);
    expect(await pagedUsers(incident.id)).toEqual([alice.id]);

    await run(incident, plus(t0, 10 * MIN));
    expect(await pagedUsers(incident.id)).toEqual([alice.id, bob.id]);
    // The last step gets the repeat wait (30 minutes by default) to be acknowledged before the policy is exhausted.
    const afterLast = await escalationOf(incident.id);
    expect(afterLast).toMatchObject({ state: "active", nextStep: 2 });
    expect(afterLast.nextAt?.getTime()).toBe(t0.getTime() + 40 * MIN);
    expect(await run(incident, plus(t0, 40 * MIN - 1))).toEqual([]);
    expect(await run(incident, plus(t0, 40 * MIN))).toEqual([
      { ticketId: incident.id, from: "active", to: "exhausted", paged: 0 },
    ]);
    expect(await pagedUsers(incident.id)).toEqual([alice.id, bob.id]);
    expect(await escalationOf(incident.id)).toMatchObject({ state: "exhausted", nextAt: null });
    const events = await notificationEvents(incident.id);
    expect(events.map((e) => e.event)).toEqual(["paged", "paged", "exhausted"]);
    expect(events[1]).toMatchObject({ step: 2, round: 0, policyId: policy.id, userIds: [bob.id], deliveries: 1 });
  });

  it("stops paging once the incident is acknowledged", async () => {
    const { incident, t0 } = await pagedIncident(aliceThenBob());
    await acknowledgeIncident(ctxFor(alice), { number: incident.number });
    expect(await escalationOf(incident.id)).toMatchObject({
      state: "acknowledged",
      acknowledgedById: alice.id,
      nextAt: null,
    });
    expect(await run(incident, plus(t0, 24 * 60 * MIN))).toEqual([]);
    expect(await pagedUsers(incident.id)).toEqual([alice.id]);
  });

  it("re-notifies when the acknowledgement times out, and acknowledging again pauses it", async () => {
    const { incident } = await pagedIncident(
      [{ targets: [userTarget(alice.id)] }, { delayMinutes: 5, targets: [userTarget(bob.id)] }],
      { ackTimeoutMinutes: 30 },
    );
    await acknowledgeIncident(ctxFor(alice), { number: incident.number });
    const acked = await escalationOf(incident.id);
    expect(acked.state).toBe("acknowledged");
    const timeoutAt = acked.nextAt as Date;
    expect(Math.abs(timeoutAt.getTime() - Date.now() - 30 * MIN)).toBeLessThan(10_000);

    expect(await run(incident, plus(timeoutAt, -1))).toEqual([]);
    expect(await run(incident, timeoutAt)).toEqual([
      { ticketId: incident.id, from: "acknowledged", to: "active", paged: 1 },
    ]);
    expect(await pagedUsers(incident.id)).toEqual([alice.id, alice.id]);
    const refired = await escalationOf(incident.id);
    expect(refired).toMatchObject({ state: "active", generation: 2, nextStep: 1 });
    expect((await notificationEvents(incident.id)).map((e) => e.event)).toEqual(["paged", "ack_timeout", "paged"]);

    // An edit that is not an acknowledgement leaves the escalation running.
    await updateTicket(ctxFor(agent), { number: incident.number, title: "Disk still full" });
    expect((await escalationOf(incident.id)).state).toBe("active");

    await acknowledgeIncident(ctxFor(bob), { number: incident.number });
    const again = await escalationOf(incident.id);
    expect(again).toMatchObject({ state: "acknowledged", acknowledgedById: bob.id, generation: 2 });
    expect(Math.abs((again.nextAt as Date).getTime() - Date.now() - 30 * MIN)).toBeLessThan(10_000);
    const events = await notificationEvents(incident.id);
    expect(events.at(-1)).toMatchObject({ event: "acknowledged", actorId: bob.id, minutes: 30 });
    expect((await auditRowsFor(incident.id)).map((a) => a.action)).toContain("incident.acknowledge");
    // Acknowledging a paused escalation is refused as before.
    await expectAppError(acknowledgeIncident(ctxFor(bob), { number: incident.number }), "conflict");
  });

  it("treats a later status change while re-escalating as an acknowledgement", async () => {
    const { incident } = await pagedIncident([{ targets: [userTarget(alice.id)] }], { ackTimeoutMinutes: 10 });
    await acknowledgeIncident(ctxFor(alice), { number: incident.number });
    // The timeout falls due now, so the restart and the status change after it keep their real order.
    await db()
      .update(incidentEscalations)
      .set({ nextAt: new Date(Date.now() - 1) })
      .where(eq(incidentEscalations.ticketId, incident.id));
    await run(incident, new Date());
    expect(await escalationOf(incident.id)).toMatchObject({ state: "active", generation: 2, nextStep: 1 });
    await updateTicket(ctxFor(alice), { number: incident.number, status: "in_progress" });
    expect(await escalationOf(incident.id)).toMatchObject({ state: "acknowledged", acknowledgedById: alice.id });
  });

  it("repeats the whole policy after the wait, then is exhausted", async () => {
    const { service } = await serviceWithPolicy(
      [{ targets: [userTarget(alice.id)] }, { delayMinutes: 5, targets: [userTarget(bob.id)] }],
      { repeatCount: 1, repeatAfterMinutes: 15 },
    );
    const incident = await openIncident(service.id);
    const t0 = (await escalationOf(incident.id)).nextAt as Date;
    await run(incident, t0);
    await run(incident, plus(t0, 5 * MIN));
    const waiting = await escalationOf(incident.id);
    expect(waiting).toMatchObject({ state: "active", round: 1, nextStep: 0 });
    expect(waiting.nextAt?.getTime()).toBe(t0.getTime() + 20 * MIN);
    expect(await run(incident, plus(t0, 20 * MIN - 1))).toEqual([]);
    await run(incident, plus(t0, 20 * MIN));
    await run(incident, plus(t0, 25 * MIN));
    expect(await escalationOf(incident.id)).toMatchObject({ state: "active", round: 1, nextStep: 2 });
    await run(incident, plus(t0, 40 * MIN));
    expect(await pagedUsers(incident.id)).toEqual([alice.id, bob.id, alice.id, bob.id]);
    expect(await escalationOf(incident.id)).toMatchObject({ state: "exhausted", round: 1, nextAt: null });
    const events = await notificationEvents(incident.id);
    expect(events.filter((e) => e.event === "paged").map((e) => [e.step, e.round])).toEqual([
      [1, 0],
      [2, 0],
      [1, 1],
      [2, 1],
    ]);
    expect(events.at(-1)).toMatchObject({ event: "exhausted", rounds: 2, steps: 2 });
  });

  it("stops when the incident resolves and starts over when it reopens", async () => {
    const { incident, t0 } = await pagedIncident(aliceThenBob());
    await resolveIncident(ctxFor(alice), { number: incident.number });
    expect(await escalationOf(incident.id)).toMatchObject({ state: "stopped", nextAt: null });
    expect(await run(incident, plus(t0, 60 * MIN))).toEqual([]);

    await reopenIncident(ctxFor(agent), { number: incident.number });
    const restarted = await escalationOf(incident.id);
    expect(restarted).toMatchObject({ state: "active", generation: 2, round: 0, nextStep: 0 });
    await run(incident, restarted.nextAt as Date);
    expect(await pagedUsers(incident.id)).toEqual([alice.id, alice.id]);
    const keys = await db()
      .select({ key: notificationDeliveries.dedupeKey })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.ticketId, incident.id));
    expect(keys.map((k) => k.key.split(":")[2]).sort()).toEqual(["1", "2"]);
  });

  it("moves straight on past a step with nobody to page, and a policy of nobody cannot loop", async () => {
    const empty = await createTestTeam();
    const { service } = await serviceWithPolicy([
      { targets: [teamTarget(empty.id)] },
      { delayMinutes: 10, targets: [userTarget(bob.id)] },
      { delayMinutes: 10, targets: [teamTarget(empty.id)] },
    ]);
    const incident = await openIncident(service.id);
    const t0 = (await escalationOf(incident.id)).nextAt as Date;
    await run(incident, t0);
    expect(await pagedUsers(incident.id)).toEqual([bob.id]);
    expect((await notificationEvents(incident.id)).map((e) => [e.event, e.step])).toEqual([
      ["nobody_on_call", 1],
      ["paged", 2],
    ]);
    expect((await escalationOf(incident.id)).nextStep).toBe(2);

    const { service: nowhere } = await serviceWithPolicy(
      [{ targets: [teamTarget(empty.id)] }, { delayMinutes: 3, targets: [teamTarget(empty.id)] }],
      { repeatCount: 2, repeatAfterMinutes: 1 },
    );
    const silent = await openIncident(nowhere.id);
    const s0 = (await escalationOf(silent.id)).nextAt as Date;
    await run(silent, s0);
    expect(await escalationOf(silent.id)).toMatchObject({ state: "active", round: 1, nextStep: 0 });
    await run(silent, plus(s0, MIN));
    await run(silent, plus(s0, 2 * MIN));
    expect(await escalationOf(silent.id)).toMatchObject({ state: "active", round: 2, nextStep: 2 });
    await run(silent, plus(s0, 3 * MIN));
    expect(await escalationOf(silent.id)).toMatchObject({ state: "exhausted", round: 2 });
    const events = (await notificationEvents(silent.id)).map((e) => e.event);
    expect(events).toEqual([...Array(6).fill("nobody_on_call"), "exhausted"]);
  });

  it("pages every member of a team target, except those away", async () => {
    const team = await createTestTeam({ members: [{ userId: alice.id }, { userId: carol.id }] });
    const { incident } = await pagedIncident([{ targets: [teamTarget(team.id), userTarget(bob.id)] }]);
    expect(new Set(await pagedUsers(incident.id))).toEqual(new Set([alice.id, carol.id, bob.id]));
  });

  it("the Escalate button pages the next step now, also when acknowledged, and is audited", async () => {
    const { incident } = await pagedIncident([
      { targets: [userTarget(alice.id)] },
      { delayMinutes: 30, targets: [userTarget(bob.id)] },
      { delayMinutes: 30, targets: [userTarget(carol.id)] },
    ]);
    const result = await escalateIncident(ctxFor(engineer), { number: incident.number });
    expect(result.pagedStep).toBe(2);
    expect(await pagedUsers(incident.id)).toEqual([alice.id, bob.id]);
    const events = await notificationEvents(incident.id);
    expect(events.find((e) => e.event === "escalated")).toMatchObject({ step: 2, actorId: engineer.id });
    const audit = (await auditRowsFor(incident.id)).filter((a) => a.action === "incident.escalate");
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(engineer.id);

    await acknowledgeIncident(ctxFor(bob), { number: incident.number });
    expect((await escalationOf(incident.id)).state).toBe("acknowledged");
    await escalateIncident(ctxFor(bob), { number: incident.number });
    expect(await pagedUsers(incident.id)).toEqual([alice.id, bob.id, carol.id]);
    expect(await escalationOf(incident.id)).toMatchObject({ state: "active", nextStep: 3 });

    await resolveIncident(ctxFor(bob), { number: incident.number });
    await expectAppError(escalateIncident(ctxFor(bob), { number: incident.number }), "conflict");
  });

  it("Escalate pages again when the step it lands on was already paged (one step, acknowledged; pressed twice)", async () => {
    const { incident } = await pagedIncident([{ targets: [userTarget(alice.id)] }]);
    await acknowledgeIncident(ctxFor(alice), { number: incident.number });
    await escalateIncident(ctxFor(bob), { number: incident.number });
    expect(await pagedUsers(incident.id)).toEqual([alice.id, alice.id]);
    await escalateIncident(ctxFor(bob), { number: incident.number });
    expect(await pagedUsers(incident.id)).toEqual([alice.id, alice.id, alice.id]);
    const paged = (await notificationEvents(incident.id)).filter((e) => e.event === "paged");
    expect(paged).toHaveLength(3);
  });

  it("refuses to escalate an incident no policy applies to, and a requester may not escalate", async () => {
    const incident = await openIncident(null);
    const row = await escalationOf(incident.id);
    // Without a default policy in this database, nothing routes it; if one exists, it is paged by that policy.
    const [fallback] = await db().select().from(escalationPolicies).where(eq(escalationPolicies.isDefault, true));
    if (!fallback) {
      expect(row).toBeUndefined();
      await expectAppError(escalateIncident(ctxFor(engineer), { number: incident.number }), "conflict");
    }
    const { user: requester } = await createTestUser({ role: "requester" });
    await expectAppError(escalateIncident(ctxFor(requester), { number: incident.number }), "forbidden");
  });

  it("two runs at the same instant page once and advance once", async () => {
    const { service } = await serviceWithPolicy([
      { targets: [userTarget(alice.id)] },
      { delayMinutes: 5, targets: [userTarget(bob.id)] },
    ]);
    const incident = await openIncident(service.id);
    const t0 = (await escalationOf(incident.id)).nextAt as Date;
    const [a, b] = await Promise.all([run(incident, t0), run(incident, t0)]);
    expect([...a, ...b]).toHaveLength(1);
    expect(await pagedUsers(incident.id)).toEqual([alice.id]);
    expect((await escalationOf(incident.id)).nextStep).toBe(1);
    expect((await notificationEvents(incident.id)).filter((e) => e.event === "paged")).toHaveLength(1);
  });

  it("follows an incident the engine opens from alerts: stops when they resolve, restarts when one fires again", async () => {
    const { policy, service } = await serviceWithPolicy([{ targets: [userTarget(alice.id)] }]);
    const integration = await insertEngineIntegration({ kind: "pagerduty", serviceId: service.id });
    const alertname = uniqueName("DiskFull");
    await ingest(integration, [normalizedEvent({ alertname, fingerprint: "disk" })]);
    const [incident] = await incidentsOf(integration.id);
    expect(incident.serviceId).toBe(service.id);
    expect(await escalationOf(incident.id)).toMatchObject({ policyId: policy.id, state: "active", generation: 1 });
    await run(incident, new Date());
    expect(await pagedUsers(incident.id)).toEqual([alice.id]);

    await ingest(integration, [normalizedEvent({ alertname, fingerprint: "disk", action: "resolve" })]);
    expect(await escalationOf(incident.id)).toMatchObject({ state: "stopped", nextAt: null });
    await ingest(integration, [normalizedEvent({ alertname, fingerprint: "disk" })]);
    expect((await incidentsOf(integration.id)).map((i) => [i.id, i.status])).toEqual([[incident.id, "new"]]);
    expect(await escalationOf(incident.id)).toMatchObject({ state: "active", generation: 2, nextStep: 0 });
  });

  it("only incidents escalate", async () => {
    const { service } = await serviceWithPolicy([{ targets: [userTarget(alice.id)] }]);
    const request = await createTicket(ctxFor(agent), {
      type: "service_request",
      title: uniqueName("New laptop"),
      serviceId: service.id,
    });
    expect(await escalationOf(request.id)).toBeUndefined();
  });

  it("pages whoever is on call for a schedule target (an override covering now)", async () => {
    const [schedule] = await db()
      .insert(oncallSchedules)
      .values({ name: uniqueName("Primary"), timeZone: "Asia/Seoul" })
      .returning();
    await db()
      .insert(oncallOverrides)
      .values({
        scheduleId: schedule.id,
        userId: carol.id,
        startsAt: new Date(Date.now() - 60 * MIN),
        endsAt: new Date(Date.now() + 60 * MIN),
      });
    const { incident } = await pagedIncident([{ targets: [scheduleTarget(schedule.id)] }]);
    expect(await pagedUsers(incident.id)).toEqual([carol.id]);
  });
});

describe("policy resolution", () => {
  it("takes the service's policy, then the ticket team's, then the owner team's, then the default", async () => {
    await withRollback(async (tx) => {
      const ctx = systemCtx(tx, "test");
      const owner = await createTestTeam();
      const ticketTeam = await createTestTeam();
      const service = await createTestService({ ownerTeamId: owner.id });
      const make = (name: string, isDefault = false) =>
        createTestPolicy([{ targets: [userTarget(alice.id)] }], { name: uniqueName(name), isDefault }, ctx);
      // One after another: they share the rolled-back transaction's connection.
      const bySevice = await make("service");
      const byTeam = await make("team");
      const byOwner = await make("owner");
      const byDefault = await make("default", true);
      await linkTestPolicy("service", service.id, bySevice.id, ctx);
      await linkTestPolicy("team", ticketTeam.id, byTeam.id, ctx);
      await linkTestPolicy("team", owner.id, byOwner.id, ctx);
      const ticket = { id: "t", serviceId: service.id, teamId: ticketTeam.id };
      const resolve = async () => (await policiesForTickets(tx, [ticket])).get("t");
      expect(await resolve()).toBe(bySevice.id);
      await linkTestPolicy("service", service.id, null, ctx);
      expect(await resolve()).toBe(byTeam.id);
      await linkTestPolicy("team", ticketTeam.id, null, ctx);
      expect(await resolve()).toBe(byOwner.id);
      await linkTestPolicy("team", owner.id, null, ctx);
      expect(await resolve()).toBe(byDefault.id);
      expect((await policiesForTickets(tx, [{ id: "u", serviceId: null, teamId: null }])).get("u")).toBe(byDefault.id);
      // An incident nothing routes follows the default from the moment it opens.
      const incident = await openIncident(null, { actor: ctxFor(agent).actor, db: tx });
      const [row] = await tx.select().from(incidentEscalations).where(eq(incidentEscalations.ticketId, incident.id));
      expect(row).toMatchObject({ policyId: byDefault.id, state: "active" });
      await deleteEscalationPolicy(ctx, { policyId: byDefault.id });
      expect(await resolve()).toBeNull();
    });
  });
});

describe("escalation policy verbs", () => {
  it("creates a policy with ordered steps and names a missing target by step", async () => {
    const team = await createTestTeam();
    const policy = await createEscalationPolicy(ctxFor(manager), {
      name: uniqueName("Platform"),
      steps: [
        { delayMinutes: 0, targets: [userTarget(alice.id), userTarget(alice.id)] },
        { delayMinutes: 10, targets: [teamTarget(team.id)] },
      ],
      repeatCount: 2,
      repeatAfterMinutes: 20,
      ackTimeoutMinutes: 45,
    });
    const loaded = await getEscalationPolicy(ctxFor(engineer), policy.id);
    expect(loaded).toMatchObject({ repeatCount: 2, repeatAfterMinutes: 20, ackTimeoutMinutes: 45, isDefault: false });
    expect(loaded.steps).toEqual([
      { delayMinutes: 0, targets: [userTarget(alice.id)] },
      { delayMinutes: 10, targets: [teamTarget(team.id)] },
    ]);
    const audit = await auditRowsFor(policy.id);
    expect(audit.map((a) => a.action)).toEqual(["escalation_policy.create"]);

    const missing = "00000000-0000-4000-8000-000000000001";
    const error = await expectAppError(
      createEscalationPolicy(ctxFor(manager), {
        name: uniqueName("Broken"),
        steps: [
          { targets: [userTarget(alice.id)] },
          { delayMinutes: 5, targets: [userTarget(bob.id), teamTarget(missing)] },
        ],
      }),
      "invalid",
    );
    expect(error.message).toBe(`steps: step 2, target 2: no such team (${missing})`);
    expect(error.details?.fields).toEqual({ "steps.1.targets.1": ["No such team"] });
  });

  it("refuses a policy with no steps, out-of-range numbers and a duplicate name", async () => {
    const noSteps = await expectAppError(
      createEscalationPolicy(ctxFor(manager), { name: uniqueName("Empty"), steps: [] }),
      "invalid",
    );
    expect(noSteps.message).toBe("steps: Add at least one step");
    const bad = await expectAppError(
      createEscalationPolicy(ctxFor(manager), {
        name: uniqueName("Bad"),
        steps: [{ delayMinutes: 1441, targets: [] }],
        repeatCount: 10,
        repeatAfterMinutes: 0,
        ackTimeoutMinutes: 0,
      }),
      "invalid",
    );
    expect(Object.keys(bad.details?.fields ?? {}).sort()).toEqual([
      "ackTimeoutMinutes",
      "repeatAfterMinutes",
      "repeatCount",
      "steps.0.delayMinutes",
      "steps.0.targets",
    ]);
    const tooMany = await expectAppError(
      createEscalationPolicy(ctxFor(manager), {
        name: uniqueName("Long"),
        steps: Array.from({ length: 21 }, () => ({ targets: [userTarget(alice.id)] })),
      }),
      "invalid",
    );
    expect(tooMany.message).toBe("steps: A policy has at most 20 steps");
    const name = uniqueName("Twice");
    await createTestPolicy([{ targets: [userTarget(alice.id)] }], { name });
    const clash = await expectAppError(
      createTestPolicy([{ targets: [userTarget(alice.id)] }], { name: name.toUpperCase() }),
      "conflict",
    );
    expect(clash.message).toBe(`An escalation policy named ${name.toUpperCase()} already exists`);
  });

  it("updates steps in one save, bumps the version and audits before and after", async () => {
    const policy = await createTestPolicy([{ targets: [userTarget(alice.id)] }]);
    const after = await updateEscalationPolicy(ctxFor(manager), {
      policyId: policy.id,
      version: policy.version,
      name: policy.name,
      steps: [{ targets: [userTarget(bob.id)] }, { delayMinutes: 15, targets: [userTarget(carol.id)] }],
      ackTimeoutMinutes: 60,
    });
    expect(after.version).toBe(policy.version + 1);
    const steps = await db()
      .select()
      .from(escalationSteps)
      .where(eq(escalationSteps.policyId, policy.id))
      .orderBy(asc(escalationSteps.position));
    expect(steps.map((s) => [s.position, s.delayMinutes, s.targets[0].id])).toEqual([
      [0, 0, bob.id],
      [1, 15, carol.id],
    ]);
    const [audit] = (await auditRowsFor(policy.id)).filter((a) => a.action === "escalation_policy.update");
    expect((audit.before as { steps: unknown[] }).steps).toHaveLength(1);
    expect((audit.after as { steps: unknown[]; ackTimeoutMinutes: number }).steps).toHaveLength(2);
    await expectAppError(
      updateEscalationPolicy(ctxFor(manager), {
        policyId: policy.id,
        version: policy.version,
        name: policy.name,
        steps: [{ targets: [userTarget(bob.id)] }],
      }),
      "conflict",
    );
  });

  it("makes one policy the default at a time", async () => {
    await withRollback(async (tx) => {
      const ctx = { actor: ctxFor(manager).actor, db: tx };
      const first = await createTestPolicy([{ targets: [userTarget(alice.id)] }], { isDefault: true }, ctx);
      const second = await createTestPolicy([{ targets: [userTarget(alice.id)] }], { isDefault: true }, ctx);
      const defaults = await tx.select().from(escalationPolicies).where(eq(escalationPolicies.isDefault, true));
      expect(defaults.map((d) => d.id)).toEqual([second.id]);
      const [firstNow] = await tx.select().from(escalationPolicies).where(eq(escalationPolicies.id, first.id));
      expect(firstNow.version).toBe(first.version + 1);
      // Deleting the default is allowed: unrouted incidents then page nobody.
      await deleteEscalationPolicy(ctx, { policyId: second.id });
      expect(await tx.select().from(escalationPolicies).where(eq(escalationPolicies.isDefault, true))).toEqual([]);
    });
  });

  it("refuses to delete a policy in use, naming the users, and deletes an unused one", async () => {
    const policy = await createTestPolicy([{ targets: [userTarget(alice.id)] }]);
    const service = await createTestService({ name: uniqueName("Payments") });
    const team = await createTestTeam({ name: uniqueName("DBA") });
    await setEscalationPolicyLink(ctxFor(manager), {
      subjectType: "service",
      subjectId: service.id,
      policyId: policy.id,
    });
    await setEscalationPolicyLink(ctxFor(manager), { subjectType: "team", subjectId: team.id, policyId: policy.id });
    const error = await expectAppError(deleteEscalationPolicy(ctxFor(manager), { policyId: policy.id }), "conflict");
    expect(error.status).toBe(409);
    expect(error.message).toBe(
      `The escalation policy ${policy.name} is used by services ${service.name} and teams ${team.name}; choose another policy for them first`,
    );
    await setEscalationPolicyLink(ctxFor(manager), { subjectType: "service", subjectId: service.id, policyId: null });
    await setEscalationPolicyLink(ctxFor(manager), { subjectType: "team", subjectId: team.id, policyId: "" });
    const linkAudit = await auditRowsFor(service.id);
    expect(linkAudit.map((a) => [a.action, (a.after as { policyId: string | null }).policyId])).toEqual([
      ["service.create", undefined],
      ["escalation_policy.attach", policy.id],
      ["escalation_policy.detach", null],
    ]);
    await deleteEscalationPolicy(ctxFor(manager), { policyId: policy.id });
    expect(await db().select().from(escalationPolicies).where(eq(escalationPolicies.id, policy.id))).toEqual([]);
    const [deleted] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, policy.id), eq(auditLog.action, "escalation_policy.delete")));
    expect((deleted.before as { steps: unknown[] }).steps).toHaveLength(1);
  });

  it("an incident whose policy is deleted mid-escalation follows whichever policy applies now", async () => {
    const { policy, service, incident, t0 } = await pagedIncident(aliceThenBob());
    const replacement = await createTestPolicy([{ targets: [userTarget(carol.id)] }]);
    await linkTestPolicy("service", service.id, replacement.id);
    await deleteEscalationPolicy(ctxFor(manager), { policyId: policy.id });
    await run(incident, plus(t0, 5 * MIN));
    expect(await pagedUsers(incident.id)).toEqual([alice.id, carol.id]);
  });

  it("refuses every write to a role without oncall.policies.manage", async () => {
    const policy = await createTestPolicy([{ targets: [userTarget(alice.id)] }]);
    const service = await createTestService();
    for (const role of [engineer, agent]) {
      const ctx = ctxFor(role);
      await expectAppError(
        createEscalationPolicy(ctx, { name: uniqueName("Nope"), steps: [{ targets: [userTarget(alice.id)] }] }),
        "forbidden",
      );
      await expectAppError(
        updateEscalationPolicy(ctx, {
          policyId: policy.id,
          name: "Nope",
          steps: [{ targets: [userTarget(alice.id)] }],
        }),
        "forbidden",
      );
      await expectAppError(deleteEscalationPolicy(ctx, { policyId: policy.id }), "forbidden");
      await expectAppError(
        setEscalationPolicyLink(ctx, { subjectType: "service", subjectId: service.id, policyId: policy.id }),
        "forbidden",
      );
    }
    const { user: requester } = await createTestUser({ role: "requester" });
    await expectAppError(getEscalationPolicy(ctxFor(requester), policy.id), "forbidden");
  });
});

// Everything below runs in a private database: the runs and the worker's sweep see only its rows.
describe("in a private database", () => {
  async function seed(scratch: { db: Db }) {
    const ctx = systemCtx(scratch.db, "test");
    const [a, b] = await Promise.all(
      ["a", "b"].map((n) =>
        createUser(ctx, {
          email: `${n}.${randomBytes(4).toString("hex")}@test.watchdesk.example`,
          name: `Engineer ${n.toUpperCase()}`,
          role: "engineer",
          password: `pw-${randomBytes(8).toString("hex")}`,
        }),
      ),
    );
    const service = await createService(ctx, { name: "Payments", criticality: "high" });
    return { ctx, a, b, service };
  }

  it("sweeps run concurrently page each due incident once", async () => {
    await withScratchDatabase(async (scratch) => {
      const { ctx, a, b, service } = await seed(scratch);
      await createTestPolicy(
        [{ targets: [userTarget(a.id)] }, { delayMinutes: 5, targets: [userTarget(b.id)] }],
        { isDefault: true },
        ctx,
      );
      const incidents = [];
      for (let i = 0; i < 5; i++) incidents.push(await openIncident(service.id, ctx));
      const at = new Date(Date.now() + 1_000);
      const [x, y] = await Promise.all([runDueEscalations(scratch.db, at), runDueEscalations(scratch.db, at)]);
      expect(x.length + y.length).toBe(5);
      for (const incident of incidents) {
        expect(await pagedUsers(incident.id, scratch.db)).toEqual([a.id]);
        expect((await escalationOf(incident.id, scratch.db)).nextStep).toBe(1);
      }
    });
  });

  it("the worker pages step one on opening, later steps when due, the ack timeout, and what Redis lost", {
    timeout: 120_000,
  }, async () => {
    await withScratchDatabase(async (scratch) => {
      const prefix = `wdesc${randomBytes(3).toString("hex")}`;
      const redis = new IORedis(env().REDIS_URL, { maxRetriesPerRequest: null });
      const { ctx, a, b, service } = await seed(scratch);
      const policy = await createTestPolicy(
        [{ targets: [userTarget(a.id)] }, { delayMinutes: 10, targets: [userTarget(b.id)] }],
        { ackTimeoutMinutes: 30 },
        ctx,
      );
      await linkTestPolicy("service", service.id, policy.id, ctx);
      // Stands in for the passage of a step's delay: next_at moves to a moment away and the engine's notice is sent.
      const fastForward = async (ticketId: string, inMs: number, notify = true) => {
        const nextAt = new Date(Date.now() + inMs);
        const [row] = await scratch.db
          .update(incidentEscalations)
          .set({ nextAt })
          .where(eq(incidentEscalations.ticketId, ticketId))
          .returning();
        if (notify) await scratch.db.execute(sql`select pg_notify(${ESCALATION_CHANNEL}, ${escalationNotice(row)})`);
        return nextAt;
      };
      let worker = await startWorker(scratch.url, prefix);
      try {
        const opened = Date.now();
        const incident = await openIncident(service.id, ctx);
        await waitFor(async () => (await pagedUsers(incident.id, scratch.db)).length === 1, {
          timeoutMs: 10_000,
          intervalMs: 10,
          what: "step one to be paged",
        });
        const latency = Date.now() - opened;
        expect(latency).toBeLessThan(2_000);

        const dueAt = await fastForward(incident.id, 1_500);
        expect(await pagedUsers(incident.id, scratch.db)).toEqual([a.id]);
        await waitFor(async () => (await pagedUsers(incident.id, scratch.db)).length === 2, {
          timeoutMs: 15_000,
          what: "step two to be paged",
        });
        expect(Date.now()).toBeGreaterThanOrEqual(dueAt.getTime());
        expect(await pagedUsers(incident.id, scratch.db)).toEqual([a.id, b.id]);

        await acknowledgeIncident({ actor: ctxFor(a).actor, db: scratch.db }, { number: incident.number });
        expect((await escalationOf(incident.id, scratch.db)).state).toBe("acknowledged");
        await fastForward(incident.id, 1_000);
        await waitFor(async () => (await pagedUsers(incident.id, scratch.db)).length === 3, {
          timeoutMs: 15_000,
          what: "the ack timeout to page again",
        });
        expect((await notificationEvents(incident.id, scratch.db)).map((e) => e.event)).toContain("ack_timeout");

        // Redis is flushed and the step falls due while no worker runs: the start-up sweep pages it.
        await stopWorkers(worker);
        await flushRedisPrefix(redis, prefix);
        await fastForward(incident.id, -1_000, false);
        worker = await startWorker(scratch.url, prefix);
        await waitFor(async () => (await pagedUsers(incident.id, scratch.db)).length === 4, {
          timeoutMs: 15_000,
          what: "the sweep to page the lost step",
        });
        expect((await pagedUsers(incident.id, scratch.db)).at(-1)).toBe(b.id);
        console.log(`[escalation] incident open → step one paged by the worker in ${latency} ms`);
      } finally {
        await stopWorkers(worker);
        await flushRedisPrefix(redis, prefix);
        redis.disconnect();
      }
    });
  });
});

const startWorker = (url: string, prefix: string) =>
  startWorkers({
    DATABASE_URL: url,
    REDIS_PREFIX: prefix,
    ESCALATION_SWEEP_INTERVAL_SECONDS: "3600",
    SLA_SWEEP_INTERVAL_SECONDS: "3600",
  });
