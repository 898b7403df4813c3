import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { type TicketStatus, ticketActivities, tickets } from "@/db/schema";
import { compileCalendar } from "@/lib/sla/business-time";
import { loadCalendars, refreshSlaClocks } from "@/lib/sla/refresh";
import { createTicket } from "@/lib/tickets/create";
import { updateTicket } from "@/lib/tickets/update";
import {
  ALWAYS,
  createTestTeam,
  createTestUser,
  ctxFor,
  insertCalendar,
  insertIncident,
  insertPolicy,
  insertStatusHistory,
  slaClockOf,
} from "@/tests/factories";

const kst = (local: string) => new Date(`${local}+09:00`);

const history = (ticketId: string, changes: [string, TicketStatus][]) =>
  insertStatusHistory(
    ticketId,
    changes.map(([at, to]) => [kst(at), to]),
  );

async function seoulSetup(holidays: string[] = []) {
  const team = await createTestTeam();
  const calendar = await insertCalendar({ holidays });
  await insertPolicy(calendar, team.id, {
    P2: { response: 30, resolution: 120 },
    P3: { response: 60, resolution: 240 },
  });
  return team;
}

describe("SLA clocks on the Seoul business calendar", () => {
  it("gives a P3 ticket created Friday 17:50 with a 1-hour response target a due time of Monday 09:50", async () => {
    const team = await seoulSetup();
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-27T17:50:00") });
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-27T17:55:00"));
    const response = await slaClockOf(ticket.id, "response");
    expect(response).toMatchObject({ state: "running", elapsedSeconds: 300, targetSeconds: 3600, isBreached: false });
    expect(response.dueAt).toEqual(kst("2026-11-30T09:50:00"));
    expect(response.warnAt).toEqual(kst("2026-11-30T09:35:00"));
  });

  it("skips the Chuseok holidays: due on the next working day", async () => {
    const team = await seoulSetup(["2026-09-24", "2026-09-25", "2026-09-26"]);
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-09-23T17:50:00") });
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-09-23T17:51:00"));
    expect((await slaClockOf(ticket.id, "response")).dueAt).toEqual(kst("2026-09-28T09:50:00"));
    expect((await slaClockOf(ticket.id, "resolution")).dueAt).toEqual(kst("2026-09-28T12:50:00"));
  });

  it("does not count time spent pending, and shows a pending ticket as paused with no due time", async () => {
    const team = await seoulSetup();
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-30T10:00:00") });
    await history(ticket.id, [
      ["2026-11-30T10:10:00", "in_progress"],
      ["2026-11-30T10:30:00", "pending"],
    ]);
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T12:00:00"));
    expect(await slaClockOf(ticket.id, "response")).toMatchObject({
      state: "stopped",
      elapsedSeconds: 600,
      stoppedAt: kst("2026-11-30T10:10:00"),
      isBreached: false,
    });
    expect(await slaClockOf(ticket.id, "resolution")).toMatchObject({
      state: "paused",
      elapsedSeconds: 1800,
      dueAt: null,
    });

    await history(ticket.id, [["2026-11-30T13:30:00", "in_progress"]]);
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T14:00:00"));
    const resolution = await slaClockOf(ticket.id, "resolution");
    // 10:00–10:30 and 13:30–14:00 ran; three hours pending did not count.
    expect(resolution).toMatchObject({ state: "running", elapsedSeconds: 3600, pausedSeconds: 3 * 3600 });
    expect(resolution.dueAt).toEqual(kst("2026-11-30T17:00:00"));
    expect(resolution.intervals).toEqual([
      [kst("2026-11-30T10:00:00").getTime(), kst("2026-11-30T10:30:00").getTime()],
      [kst("2026-11-30T13:30:00").getTime(), null],
    ]);
  });

  it("recomputes the due time when the priority rises, keeping the elapsed time", async () => {
    const team = await seoulSetup();
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-30T09:00:00") });
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T09:20:00"));
    expect((await slaClockOf(ticket.id, "response")).dueAt).toEqual(kst("2026-11-30T10:00:00"));

    await getDb().update(tickets).set({ priority: "P2" }).where(eq(tickets.id, ticket.id));
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T09:20:00"));
    const raised = await slaClockOf(ticket.id, "response");
    expect(raised).toMatchObject({ priority: "P2", targetSeconds: 1800, elapsedSeconds: 1200, state: "running" });
    expect(raised.dueAt).toEqual(kst("2026-11-30T09:30:00"));

    // Past the new due time it is breached at once; the breach is the P2 target's, not the old one's.
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T09:45:00"));
    expect(await slaClockOf(ticket.id, "response")).toMatchObject({ elapsedSeconds: 2700, isBreached: true });
  });

  it("stops the response clock at the first public reply by staff and freezes it against later priority changes", async () => {
    const team = await seoulSetup();
    const { user: agent } = await createTestUser({ role: "agent" });
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-30T09:00:00") });
    await getDb()
      .insert(ticketActivities)
      .values([
        {
          ticketId: ticket.id,
          kind: "comment",
          visibility: "internal",
          actorType: "user",
          actorId: agent.id,
          body: "note",
          createdAt: kst("2026-11-30T09:10:00"),
        },
        {
          ticketId: ticket.id,
          kind: "comment",
          visibility: "public",
          actorType: "user",
          actorId: agent.id,
          body: "on it",
          createdAt: kst("2026-11-30T09:40:00"),
        },
      ]);
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T10:00:00"));
    expect(await slaClockOf(ticket.id, "response")).toMatchObject({
      state: "stopped",
      elapsedSeconds: 2400,
      isBreached: false,
    });

    await getDb().update(tickets).set({ priority: "P2" }).where(eq(tickets.id, ticket.id));
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T10:00:00"));
    expect(await slaClockOf(ticket.id, "response")).toMatchObject({
      priority: "P3",
      targetSeconds: 3600,
      isBreached: false,
    });
    expect(await slaClockOf(ticket.id, "resolution")).toMatchObject({ priority: "P2", targetSeconds: 7200 });
  });

  it("resumes the resolution clock when a resolved ticket reopens", async () => {
    const team = await seoulSetup();
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-30T09:00:00") });
    await history(ticket.id, [
      ["2026-11-30T09:30:00", "in_progress"],
      ["2026-11-30T10:00:00", "resolved"],
    ]);
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T11:00:00"));
    expect(await slaClockOf(ticket.id, "resolution")).toMatchObject({ state: "stopped", elapsedSeconds: 3600 });
    await history(ticket.id, [["2026-11-30T12:00:00", "in_progress"]]);
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-30T12:30:00"));
    const reopened = await slaClockOf(ticket.id, "resolution");
    expect(reopened).toMatchObject({ state: "running", elapsedSeconds: 5400 });
    expect(reopened.dueAt).toEqual(kst("2026-11-30T15:00:00"));
  });
});

describe("SLA clocks after closing", () => {
  it("keeps the resolution stop at the resolution when the ticket is closed later", async () => {
    const team = await seoulSetup();
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-30T09:00:00") });
    await history(ticket.id, [
      ["2026-11-30T09:30:00", "in_progress"],
      ["2026-11-30T10:00:00", "resolved"],
      ["2026-12-01T10:00:00", "closed"],
    ]);
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-12-01T11:00:00"));
    expect(await slaClockOf(ticket.id, "resolution")).toMatchObject({
      state: "stopped",
      elapsedSeconds: 3600,
      stoppedAt: kst("2026-11-30T10:00:00"),
      isBreached: false,
    });
  });
});

describe("SLA clocks through the ticket verbs", () => {
  it("creates clocks with the ticket and moves the due time when an agent raises the priority", async () => {
    const team = await createTestTeam();
    const calendar = await insertCalendar({ hours: ALWAYS });
    await insertPolicy(calendar, team.id, {
      P1: { response: 15, resolution: 240 },
      P4: { response: 480, resolution: 4320 },
    });
    const { user: agent } = await createTestUser({ role: "agent" });
    const ticket = await createTicket(ctxFor(agent), {
      type: "incident",
      title: "Printer queue stuck",
      teamId: team.id,
      impact: 3,
      urgency: 3,
    });
    expect(ticket.priority).toBe("P5");
    expect(await slaClockOf(ticket.id, "response")).toBeUndefined();

    const p4 = await updateTicket(ctxFor(agent), { number: ticket.number, urgency: 2 });
    expect(p4.priority).toBe("P4");
    const start = ticket.createdAt.getTime();
    expect((await slaClockOf(ticket.id, "response")).dueAt?.getTime()).toBe(start + 480 * 60_000);

    await updateTicket(ctxFor(agent), { number: ticket.number, impact: 1, urgency: 1 });
    const raised = await slaClockOf(ticket.id, "response");
    expect(raised.priority).toBe("P1");
    expect(raised.dueAt?.getTime()).toBe(start + 15 * 60_000);

    await updateTicket(ctxFor(agent), { number: ticket.number, status: "in_progress" });
    expect(await slaClockOf(ticket.id, "response")).toMatchObject({ state: "stopped", isBreached: false });
    expect(await slaClockOf(ticket.id, "resolution")).toMatchObject({ state: "running" });
  });
});

describe("compiled calendars", () => {
  it("keep their holidays after the compiled-calendar cache has been emptied", async () => {
    const calendar = await insertCalendar({ holidays: ["2026-09-25"] });
    const holiday = [kst("2026-09-25T09:00:00").getTime(), kst("2026-09-25T18:00:00").getTime()] as const;
    expect((await loadCalendars(getDb(), [calendar.id])).get(calendar.id)?.businessMs(...holiday)).toBe(0);
    for (let i = 0; i <= 501; i++) compileCalendar(`filler-${i}`, { timeZone: "UTC", hours: [], holidays: [] });
    expect((await loadCalendars(getDb(), [calendar.id])).get(calendar.id)?.businessMs(...holiday)).toBe(0);
  });
});
