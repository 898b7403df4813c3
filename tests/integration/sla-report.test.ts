import { beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/reports/sla/route";
import { getDb } from "@/db/client";
import type { Team, Ticket, TicketStatus, tickets, User } from "@/db/schema";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { getSlaReport, type SlaReportInput } from "@/lib/sla/report";
import {
  ALWAYS,
  createTestApiToken,
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  insertCalendar,
  insertIncident,
  insertPolicy,
  insertStatusHistory,
} from "@/tests/factories";
import { callRoute } from "../support/api";
import { expectAppError } from "../support/errors";

async function refused(promise: Promise<unknown>, code: "invalid" | "forbidden", message?: RegExp) {
  const error = await expectAppError(promise, code);
  if (message) expect(error.message).toMatch(message);
}

const kst = (local: string) => new Date(`${local}+09:00`);
const NOW = kst("2026-11-01T00:00:00");
const MIN = 60;

const history = (ticket: Ticket, changes: [string, TicketStatus][]) =>
  insertStatusHistory(
    ticket.id,
    changes.map(([at, to]) => [kst(at), to]),
  );

/*
 * Team A, 24×7 calendar (business time = wall-clock time minus pauses). Targets: P2 30 min / 240 min, P3 60 / 480.
 * Period 2026-10-05 … 2026-10-18 (Seoul), report "now" 2026-11-01 00:00.
 *
 *       created       prio  response                     resolution
 * T1    10-05 10:00   P2    ack 10:10  → 10 min met       resolved 11:00 → 60 min met
 * T2    10-06 10:00   P2    first event 09:50; ack 10:30  resolved 12:50 → 180 min met
 *                           → 40 min breached (due 10:20)
 * T3    10-07 09:00   P3    ack 09:20  → 20 min met       pending 10:00–12:00, resolved 14:00
 *                                                        → business 180 min, wall 300 min, met
 * T4    10-13 09:00   P3    ack 10:30  → 90 min breached  resolved 10-14 09:00 → 1440 min breached
 * T5    10-14 12:00   P2    still new: running, breached  running, breached (due 16:00)
 * T6    10-15 09:00   P3    ack 09:30  → 30 min met       pending since 09:40 → paused, in progress
 * T7    10-16 10:00   P5    (no target: no clocks; a service request)
 */
describe("SLA report figures against a hand-computed fixture", () => {
  let teamA: Team;
  let teamB: Team;
  let serviceId: string;
  let manager: User;
  let agentX: User;
  let agentY: User;
  const t: Record<string, Ticket> = {};

  beforeAll(async () => {
    teamA = await createTestTeam();
    teamB = await createTestTeam();
    serviceId = (await createTestService()).id;
    manager = (await createTestUser({ role: "manager", timezone: "Asia/Seoul" })).user;
    agentX = (await createTestUser({ role: "agent", name: "Agent X" })).user;
    agentY = (await createTestUser({ role: "agent", name: "Agent Y" })).user;
    const calendar = await insertCalendar({ hours: ALWAYS });
    await insertPolicy(calendar, teamA.id, {
      P2: { response: 30, resolution: 240 },
      P3: { response: 60, resolution: 480 },
    });
    await insertPolicy(calendar, teamB.id, { P2: { response: 30, resolution: 240 } });

    const make = (created: string, extra: Partial<typeof tickets.$inferInsert> = {}) =>
      insertIncident({ teamId: teamA.id, createdAt: kst(created), ...extra });
    const inService = { serviceId };
    t.T1 = await make("2026-10-05T10:00:00", { priority: "P2", assigneeId: agentX.id, ...inService });
    t.T2 = await make("2026-10-06T10:00:00", {
      priority: "P2",
      assigneeId: agentX.id,
      firstEventAt: kst("2026-10-06T09:50:00"),
      ...inService,
    });
    t.T3 = await make("2026-10-07T09:00:00", { priority: "P3", assigneeId: agentX.id, ...inService });
    t.T4 = await make("2026-10-13T09:00:00", { priority: "P3", assigneeId: agentY.id, ...inService });
    t.T5 = await make("2026-10-14T12:00:00", { priority: "P2", assigneeId: agentY.id });
    t.T6 = await make("2026-10-15T09:00:00", { priority: "P3" });
    t.T7 = await make("2026-10-16T10:00:00", { priority: "P5", type: "service_request" });
    // Outside the period: before it (still open, or open across its end), just before its first Seoul midnight, after it.
    t.T0 = await make("2026-09-01T10:00:00", { priority: "P4", status: "in_progress" });
    t.T8 = await make("2026-09-20T10:00:00", {
      priority: "P4",
      status: "resolved",
      resolvedAt: kst("2026-10-20T10:00:00"),
    });
    t.T9 = await make("2026-09-25T10:00:00", {
      priority: "P4",
      status: "resolved",
      resolvedAt: kst("2026-10-10T10:00:00"),
    });
    t.T10 = await make("2026-10-19T08:00:00", {
      priority: "P5",
      status: "resolved",
      resolvedAt: kst("2026-10-19T09:00:00"),
    });
    t.T11 = await make("2026-10-04T23:59:00", {
      priority: "P5",
      status: "resolved",
      resolvedAt: kst("2026-10-05T00:30:00"),
    });
    // Team B, same service: only in the service-scoped report.
    t.T12 = await insertIncident({
      teamId: teamB.id,
      priority: "P2",
      createdAt: kst("2026-10-08T10:00:00"),
      serviceId,
    });

    await history(t.T1, [
      ["2026-10-05T10:10:00", "in_progress"],
      ["2026-10-05T11:00:00", "resolved"],
    ]);
    await history(t.T2, [
      ["2026-10-06T10:30:00", "acknowledged"],
      ["2026-10-06T12:50:00", "resolved"],
    ]);
    await history(t.T3, [
      ["2026-10-07T09:20:00", "in_progress"],
      ["2026-10-07T10:00:00", "pending"],
      ["2026-10-07T12:00:00", "in_progress"],
      ["2026-10-07T14:00:00", "resolved"],
    ]);
    await history(t.T4, [
      ["2026-10-13T10:30:00", "in_progress"],
      ["2026-10-14T09:00:00", "resolved"],
    ]);
    await history(t.T6, [
      ["2026-10-15T09:30:00", "in_progress"],
      ["2026-10-15T09:40:00", "pending"],
    ]);
    await history(t.T12, [
      ["2026-10-08T10:05:00", "in_progress"],
      ["2026-10-08T10:35:00", "resolved"],
    ]);
    await refreshSlaClocks(
      getDb(),
      Object.values(t).map((x) => x.id),
      NOW,
    );
  });

  const report = (input: Partial<SlaReportInput> = {}) =>
    getSlaReport(
      ctxFor(manager),
      { from: "2026-10-05", to: "2026-10-18", groupBy: "team", teamId: teamA.id, ...input },
      NOW,
    );

  it("counts the period's tickets, compliance, MTTA and MTTR as computed by hand", async () => {
    const r = await report();
    expect(r.period).toMatchObject({
      timeZone: "Asia/Seoul",
      start: "2026-10-04T15:00:00.000Z",
      end: "2026-10-18T15:00:00.000Z",
    });
    expect(r.summary).toEqual({
      tickets: 7,
      // T2, T4, T5
      breachedTickets: 3,
      // met T1 T3 T6, breached T2 T4 T5: 3 / 6
      response: { met: 3, breached: 3, inProgress: 0, compliance: 50 },
      // met T1 T2 T3, breached T4 T5, T6 paused: 3 / 5
      resolution: { met: 3, breached: 2, inProgress: 1, compliance: 60 },
      // (10 + 40 + 20 + 90 + 30) / 5 = 38 min; T2 counts from its first event
      mtta: { business: 38 * MIN, wall: 38 * MIN },
      // wall (60 + 180 + 300 + 1440) / 4 = 495 min; business excludes T3's two pending hours: (60 + 180 + 180 + 1440) / 4 = 465
      mttr: { business: 465 * MIN, wall: 495 * MIN },
    });
  });

  it("lists the breached clocks newest due first, with business time overdue", async () => {
    const r = await report();
    expect(r.breached.total).toBe(5);
    expect(r.breached.rows.map((b) => [b.number, b.metric, b.state, b.dueAt, b.overdueSeconds])).toEqual([
      // running: from due to "now" (17 d 8 h and 17 d 11 h 30 min)
      [t.T5.number, "resolution", "running", kst("2026-10-14T16:00:00").toISOString(), (17 * 1440 + 480) * MIN],
      [t.T5.number, "response", "running", kst("2026-10-14T12:30:00").toISOString(), (17 * 1440 + 690) * MIN],
      [t.T4.number, "resolution", "stopped", kst("2026-10-13T17:00:00").toISOString(), (1440 - 480) * MIN],
      [t.T4.number, "response", "stopped", kst("2026-10-13T10:00:00").toISOString(), 30 * MIN],
      [t.T2.number, "response", "stopped", kst("2026-10-06T10:20:00").toISOString(), 10 * MIN],
    ]);
    expect(r.breached.rows[0]).toMatchObject({ title: t.T5.title, priority: "P2", teamName: teamA.name });
    const page2 = await report({ breachedLimit: 2, breachedOffset: 2 });
    expect(page2.breached.rows.map((b) => [b.number, b.metric])).toEqual([
      [t.T4.number, "resolution"],
      [t.T4.number, "response"],
    ]);
    expect(page2.breached.total).toBe(5);
  });

  it("gives the weekly trend per ISO week of creation", async () => {
    const r = await report();
    expect(r.trend.map((w) => [w.week, w.start, w.tickets])).toEqual([
      ["2026-W41", "2026-10-05", 3],
      ["2026-W42", "2026-10-12", 4],
    ]);
    const [w41, w42] = r.trend;
    // T1 T3 met, T2 breached: 2 / 3
    expect(w41.response.compliance).toBe(66.7);
    expect(w41.resolution.compliance).toBe(100);
    // wall (60 + 180 + 300) / 3 = 180 min, business (60 + 180 + 180) / 3 = 140 min
    expect(w41.mttr).toEqual({ business: 140 * MIN, wall: 180 * MIN });
    // T6 met, T4 T5 breached: 1 / 3; resolution T4 T5 breached, T6 undecided
    expect(w42.response.compliance).toBe(33.3);
    expect(w42.resolution).toEqual({ met: 0, breached: 2, inProgress: 1, compliance: 0 });
    expect(w42.mttr).toEqual({ business: 1440 * MIN, wall: 1440 * MIN });
  });

  it("ages the backlog open at the end of the period, whenever its tickets were created", async () => {
    const r = await report();
    // End of 10-18 in Seoul: T7 2 d 14 h, T5 4 d 12 h, T6 3 d 15 h, T8 28 d 14 h (resolved later), T0 47 d 14 h
    expect(r.backlog.at).toBe(kst("2026-10-19T00:00:00").toISOString());
    expect(r.backlog.total).toMatchObject({ total: 5, lt1d: 0, d1to3: 1, d3to7: 2, d7to30: 1, gte30d: 1 });
    expect(r.backlog.rows).toEqual([{ ...r.backlog.total, key: teamA.id, label: teamA.name }]);

    // A period reaching today ages the backlog at "now": T8 is resolved by then.
    const current = await getSlaReport(
      ctxFor(manager),
      { from: "2026-10-05", to: "2026-11-30", groupBy: "team", teamId: teamA.id },
      NOW,
    );
    expect(current.backlog.at).toBe(NOW.toISOString());
    // T5 17 d 12 h, T6 16 d 15 h, T7 15 d 14 h, T0 60 d 14 h
    expect(current.backlog.total).toMatchObject({ total: 4, d7to30: 3, gte30d: 1 });
  });

  it("groups by priority, assignee, service, month and team", async () => {
    const byPriority = await report({ groupBy: "priority" });
    expect(byPriority.groups.map((g) => g.key)).toEqual(["P2", "P3", "P5"]);
    const [p2, p3, p5] = byPriority.groups;
    expect(p2).toMatchObject({
      tickets: 3,
      breachedTickets: 2,
      // T1 met, T2 T5 breached; resolution T1 T2 met, T5 breached
      response: { compliance: 33.3 },
      resolution: { compliance: 66.7 },
      // (10 + 40) / 2 = 25 min; (60 + 180) / 2 = 120 min
      mtta: { business: 25 * MIN, wall: 25 * MIN },
      mttr: { business: 120 * MIN, wall: 120 * MIN },
    });
    expect(p3).toMatchObject({
      tickets: 3,
      breachedTickets: 1,
      response: { compliance: 66.7 },
      resolution: { met: 1, breached: 1, inProgress: 1, compliance: 50 },
      // (20 + 90 + 30) / 3 = 46 min 40 s; wall (300 + 1440) / 2 = 870 min, business (180 + 1440) / 2 = 810 min
      mtta: { business: 2800, wall: 2800 },
      mttr: { business: 810 * MIN, wall: 870 * MIN },
    });
    expect(p5).toMatchObject({ tickets: 1, response: { compliance: null }, mtta: { business: null, wall: null } });

    const byAssignee = await report({ groupBy: "assignee" });
    expect(byAssignee.groups.map((g) => [g.label, g.tickets, g.response.compliance, g.resolution.compliance])).toEqual([
      ["Agent X", 3, 66.7, 100],
      ["Agent Y", 2, 0, 0],
      [null, 2, 100, null],
    ]);
    expect(byAssignee.groups[0].key).toBe(agentX.id);

    const byService = await report({ groupBy: "service" });
    expect(byService.groups.map((g) => [g.key, g.tickets, g.breachedTickets])).toEqual([
      [serviceId, 4, 2],
      [null, 3, 1],
    ]);

    const byMonth = await report({ groupBy: "month", from: "2026-09-15" });
    expect(byMonth.groups.map((g) => [g.key, g.tickets, g.response.compliance])).toEqual([
      ["2026-09", 2, null],
      // T1–T7 and T11 (10-04 23:59), which has no clocks
      ["2026-10", 8, 50],
    ]);

    const byTeam = await report({ groupBy: "team", teamId: undefined, serviceId });
    expect(byTeam.groups.map((g) => [g.label, g.tickets, g.response.compliance, g.resolution.compliance])).toEqual(
      [
        // T1–T4: response T1 T3 met, T2 T4 breached; resolution T1 T2 T3 met, T4 breached
        [teamA.name, 4, 50, 75],
        [teamB.name, 1, 100, 100],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), undefined, { numeric: true })),
    );
    expect(byTeam.groups.find((g) => g.key === teamB.id)?.mtta).toEqual({ business: 5 * MIN, wall: 5 * MIN });
  });

  it("filters by type and priority, and reads days in the report's time zone", async () => {
    expect((await report({ type: "incident" })).summary.tickets).toBe(6);
    expect((await report({ priority: "P3" })).summary.response).toEqual({
      met: 2,
      breached: 1,
      inProgress: 0,
      compliance: 66.7,
    });
    // In UTC the period runs 10-05 09:00 to 10-19 09:00 Seoul time: T10 (10-19 08:00) joins.
    const utc = await report({ timeZone: "UTC" });
    expect(utc.summary.tickets).toBe(8);
    expect(utc.period.end).toBe("2026-10-19T00:00:00.000Z");
  });

  it("answers the same figures as JSON at GET /api/v1/reports/sla", async () => {
    const { secret } = await createTestApiToken({ userId: manager.id });
    const query = `from=2026-10-05&to=2026-10-18&groupBy=priority&teamId=${teamA.id}`;
    const answer = await callRoute(reportRoute, "GET", `/api/v1/reports/sla?${query}`, { token: secret });
    expect(answer.status).toBe(200);
    const data = answer.body.data as Awaited<ReturnType<typeof report>>;
    expect(data.summary.tickets).toBe(7);
    expect(data.summary.response.compliance).toBe(50);
    expect(data.summary.resolution.compliance).toBe(60);
    expect(data.groups.map((g) => g.key)).toEqual(["P2", "P3", "P5"]);
  });

  it("refuses a period whose from is after its to, bad dates, unknown groupings and over-long periods", async () => {
    await refused(report({ from: "2026-10-19", to: "2026-10-18" }), "invalid", /from: 2026-10-19 is after to/);
    await refused(report({ from: "2026-02-30" }), "invalid", /from must be a date/);
    await refused(report({ groupBy: "weekday" as "team" }), "invalid", /groupBy: use team, priority/);
    await refused(report({ from: "2025-01-01", to: "2026-10-18" }), "invalid", /at most 366/);
    await refused(report({ timeZone: "Mars/Olympus" }), "invalid", /timeZone/);

    const { secret } = await createTestApiToken({ userId: manager.id });
    const answer = await callRoute(
      reportRoute,
      "GET",
      "/api/v1/reports/sla?from=2026-10-19&to=2026-10-01&groupBy=team",
      {
        token: secret,
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain("from: 2026-10-19 is after to (2026-10-01)");
    expect(answer.body.error?.details?.fields?.from).toBeDefined();
  });

  it("is refused to agents and engineers", async () => {
    for (const role of ["agent", "engineer", "requester"] as const) {
      const { user } = await createTestUser({ role });
      await refused(getSlaReport(ctxFor(user), { from: "2026-10-05", to: "2026-10-18", groupBy: "team" }), "forbidden");
    }
  });
});
