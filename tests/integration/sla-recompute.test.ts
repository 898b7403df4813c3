import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { businessCalendars, calendarHolidays } from "@/db/schema";
import { recomputeCalendarClocks } from "@/lib/sla/recompute";
import { refreshSlaClocks, SLA_TIMER_CHANNEL } from "@/lib/sla/refresh";
import {
  createTestTeam,
  insertCalendar,
  insertIncident,
  insertPolicy,
  insertStatusHistory,
  slaClockOf,
} from "@/tests/factories";
import { waitFor } from "@/tests/support/processes";

const kst = (local: string) => new Date(`${local}+09:00`);

const timers: string[] = [];
let unlisten: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const listening = await getSql().listen(SLA_TIMER_CHANNEL, (payload) => {
    timers.push(payload);
  });
  unlisten = () => listening.unlisten();
});
afterAll(async () => {
  await unlisten?.();
});

async function addHoliday(calendarId: string, date: string) {
  await getDb().insert(calendarHolidays).values({ calendarId, date, name: "임시공휴일" });
  await getDb()
    .update(businessCalendars)
    .set({ version: sql`${businessCalendars.version} + 1` })
    .where(eq(businessCalendars.id, calendarId));
}

describe("SLA clocks after a calendar change", () => {
  it("moves the due times a new holiday crosses, as a fresh derivation does, and writes and re-arms only those clocks", async () => {
    const team = await createTestTeam();
    const calendar = await insertCalendar();
    await insertPolicy(calendar, team.id, { P3: { response: 60, resolution: 240 } });
    const open = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-27T17:50:00") });
    const done = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-10-13T10:00:00") });
    await insertStatusHistory(done.id, [
      [kst("2026-10-13T10:30:00"), "in_progress"],
      [kst("2026-10-13T11:30:00"), "resolved"],
    ]);
    const before = kst("2026-11-27T17:55:00");
    await refreshSlaClocks(getDb(), [open.id, done.id], before);
    expect((await slaClockOf(open.id, "response")).dueAt).toEqual(kst("2026-11-30T09:50:00"));
    const doneBefore = await slaClockOf(done.id, "resolution");

    await addHoliday(calendar.id, "2026-11-30");
    timers.length = 0;
    const at = kst("2026-11-28T10:00:00");
    expect(await recomputeCalendarClocks(getDb(), calendar.id, 1, at)).toBe(4);

    const response = await slaClockOf(open.id, "response");
    const resolution = await slaClockOf(open.id, "resolution");
    expect(response).toMatchObject({ state: "running", elapsedSeconds: 600, isBreached: false, computedAt: at });
    expect(response.dueAt).toEqual(kst("2026-12-01T09:50:00"));
    expect(response.warnAt).toEqual(kst("2026-12-01T09:35:00"));
    expect(resolution.dueAt).toEqual(kst("2026-12-01T12:50:00"));
    // The holiday is after the resolved ticket's clocks stopped: nothing of theirs moved, so nothing was written.
    expect(await slaClockOf(done.id, "resolution")).toEqual(doneBefore);
    const ours = () => timers.filter((t) => t.startsWith(open.id) || t.startsWith(done.id));
    await waitFor(async () => ours().length >= 2, { what: "the moved clocks' timer notifications" });
    expect(ours().sort()).toEqual(
      [
        `${open.id} resolution ${kst("2026-12-01T11:50:00").getTime()} ${kst("2026-12-01T12:50:00").getTime()}`,
        `${open.id} response ${kst("2026-12-01T09:35:00").getTime()} ${kst("2026-12-01T09:50:00").getTime()}`,
      ].sort(),
    );

    await refreshSlaClocks(getDb(), [open.id, done.id], at);
    expect(await slaClockOf(open.id, "response")).toMatchObject({ dueAt: response.dueAt, elapsedSeconds: 600 });
    expect((await slaClockOf(open.id, "resolution")).dueAt).toEqual(resolution.dueAt);
    expect((await slaClockOf(done.id, "resolution")).dueAt).toEqual(doneBefore.dueAt);
  });

  it("writes nothing when a later recompute finds the figures unchanged", async () => {
    const team = await createTestTeam();
    const calendar = await insertCalendar();
    await insertPolicy(calendar, team.id, { P3: { response: 60, resolution: 240 } });
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-27T17:50:00") });
    await refreshSlaClocks(getDb(), [ticket.id], kst("2026-11-27T17:55:00"));
    await addHoliday(calendar.id, "2026-11-30");
    const first = kst("2026-11-28T10:00:00");
    await recomputeCalendarClocks(getDb(), calendar.id, 10_000, first);
    // Notifications arrive in commit order, so a marker sent after a recompute arrives after all of its own.
    const marker = async (name: string) => {
      await getSql()`select pg_notify(${SLA_TIMER_CHANNEL}, ${`${name} ${ticket.id}`})`;
      return waitFor(async () => timers.indexOf(`${name} ${ticket.id}`) + 1 || undefined, { what: name });
    };
    const from = await marker("after the first recompute");
    // Saturday: the clock ran no business time since, so its figures are the same.
    await recomputeCalendarClocks(getDb(), calendar.id, 10_000, kst("2026-11-29T10:00:00"));
    expect(await slaClockOf(ticket.id, "response")).toMatchObject({ computedAt: first, elapsedSeconds: 600 });
    const to = await marker("after the second recompute");
    expect(timers.slice(from, to - 1).filter((t) => t.startsWith(ticket.id))).toEqual([]);
  });
});
