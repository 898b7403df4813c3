import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { auditLog, businessCalendars, calendarHolidays, type Role, slaClocks, slaPolicies } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import {
  addCalendarHoliday,
  addKoreanPublicHolidays,
  createBusinessCalendar,
  deleteBusinessCalendar,
  removeCalendarHoliday,
  updateBusinessCalendar,
} from "@/lib/sla/calendars";
import { KOREAN_PUBLIC_HOLIDAYS } from "@/lib/sla/holidays-kr";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  listSlaPolicies,
  moveSlaPolicy,
  setSlaPolicyActive,
  updateSlaPolicy,
} from "@/lib/sla/policies";
import { applySlaConfigChange, SLA_CONFIG_CHANNEL } from "@/lib/sla/recompute";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { createUser } from "@/lib/users/create";
import {
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  insertCalendar,
  insertIncident,
  uniqueName,
  WEEKDAYS_9_TO_6,
} from "@/tests/factories";
import { auditRowsFor, withScratchDatabase } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

const kst = (local: string) => new Date(`${local}+09:00`);
const as = async (role: Role) => ctxFor((await createTestUser({ role })).user);

const notifications: string[] = [];
let unlisten: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const listening = await getSql().listen(SLA_CONFIG_CHANNEL, (payload) => notifications.push(payload));
  unlisten = listening.unlisten;
});
afterAll(async () => {
  await unlisten?.();
});

const notified = (change: Record<string, string>) =>
  expect.poll(() => notifications.includes(JSON.stringify(change)), { timeout: 5000 }).toBe(true);

async function calendarRow(id: string) {
  const [row] = await getDb().select().from(businessCalendars).where(eq(businessCalendars.id, id));
  return row;
}

async function policyRow(id: string) {
  const [row] = await getDb().select().from(slaPolicies).where(eq(slaPolicies.id, id));
  return row;
}

const newCalendar = (hours = WEEKDAYS_9_TO_6) => ({ name: uniqueName("Calendar"), timeZone: "Asia/Seoul", hours });

describe("business calendar verbs", () => {
  it("creates a calendar with several ranges a day, stored sorted, with an audit entry", async () => {
    const admin = await as("admin");
    const calendar = await createBusinessCalendar(admin, {
      name: uniqueName("Split day"),
      timeZone: "asia/seoul",
      hours: [
        { day: 2, start: "13:00", end: "18:00" },
        { day: 1, start: "13:00", end: "24:00" },
        { day: 2, start: "09:00", end: "12:00" },
      ],
    });
    expect(calendar.timeZone).toBe("Asia/Seoul");
    expect(calendar.hours).toEqual([
      { day: 1, start: "13:00", end: "24:00" },
      { day: 2, start: "09:00", end: "12:00" },
      { day: 2, start: "13:00", end: "18:00" },
    ]);
    expect(calendar.version).toBe(1);
    const [audit] = await auditRowsFor(calendar.id);
    expect(audit).toMatchObject({ action: "business_calendar.create", entityType: "business_calendar" });
  });

  it.each([
    [
      "overlapping ranges",
      {
        hours: [
          { day: 1, start: "09:00", end: "12:00" },
          { day: 1, start: "11:00", end: "18:00" },
        ],
      },
      "hours.1.start",
      "This range overlaps another on the same day",
    ],
    [
      "an empty range",
      { hours: [{ day: 3, start: "09:00", end: "09:00" }] },
      "hours.0.end",
      "The end must be after the start",
    ],
    [
      "a range ending before it starts",
      { hours: [{ day: 3, start: "18:00", end: "09:00" }] },
      "hours.0.end",
      "The end must be after the start",
    ],
    ["no ranges at all", { hours: [] }, "hours", "Add at least one working-hour range"],
    [
      "a time that is not HH:MM",
      { hours: [{ day: 1, start: "9", end: "18:00" }] },
      "hours.0.start",
      "Use HH:MM, e.g. 09:00",
    ],
    [
      "24:00 as a start",
      { hours: [{ day: 1, start: "24:00", end: "24:00" }] },
      "hours.0.start",
      "Use HH:MM, e.g. 09:00",
    ],
    [
      "a day outside Monday–Sunday",
      { hours: [{ day: 8, start: "09:00", end: "18:00" }] },
      "hours.0.day",
      "Choose a day of the week",
    ],
    ["no time zone", { timeZone: "" }, "timeZone", "Choose a time zone"],
    ["an unknown time zone", { timeZone: "Asia/Atlantis" }, "timeZone", "Choose a valid time zone, e.g. Asia/Seoul"],
    ["no name", { name: " " }, "name", "Name is required"],
  ])("refuses %s with a message naming it, saving nothing", async (_, change, field, message) => {
    const admin = await as("admin");
    const input = { ...newCalendar(), ...change };
    const error = await expectAppError(createBusinessCalendar(admin, input), "invalid");
    expect(error.details?.fields?.[field]?.[0]).toBe(message);
    const saved = await getDb().select().from(businessCalendars).where(eq(businessCalendars.name, input.name));
    expect(saved).toHaveLength(0);
  });

  it("refuses a second calendar with the same name in any case", async () => {
    const admin = await as("admin");
    const first = await createBusinessCalendar(admin, newCalendar());
    const error = await expectAppError(
      createBusinessCalendar(admin, { ...newCalendar(), name: first.name.toUpperCase() }),
      "conflict",
    );
    expect(error.message).toBe(`A calendar named ${first.name.toUpperCase()} already exists`);
  });

  it("lets only admins manage calendars", async () => {
    const calendar = await insertCalendar();
    for (const role of ["manager", "agent", "engineer", "requester"] as const) {
      const ctx = await as(role);
      await expectAppError(createBusinessCalendar(ctx, newCalendar()), "forbidden");
      await expectAppError(updateBusinessCalendar(ctx, { calendarId: calendar.id, ...newCalendar() }), "forbidden");
      await expectAppError(deleteBusinessCalendar(ctx, { calendarId: calendar.id }), "forbidden");
      await expectAppError(
        addCalendarHoliday(ctx, { calendarId: calendar.id, date: "2026-12-31", name: "Year end" }),
        "forbidden",
      );
      await expectAppError(addKoreanPublicHolidays(ctx, { calendarId: calendar.id }), "forbidden");
    }
    const [holiday] = await getDb()
      .insert(calendarHolidays)
      .values({ calendarId: calendar.id, date: "2026-12-31", name: "Year end" })
      .returning();
    await expectAppError(removeCalendarHoliday(await as("manager"), { holidayId: holiday.id }), "forbidden");
    expect(await calendarRow(calendar.id)).toMatchObject({ version: 1, hours: WEEKDAYS_9_TO_6 });
  });

  it("updates hours and time zone, bumps the version, notifies the workers and audits before and after", async () => {
    const admin = await as("admin");
    const calendar = await createBusinessCalendar(admin, newCalendar());
    const hours = [{ day: 6, start: "10:00", end: "14:00" }];
    const updated = await updateBusinessCalendar(admin, {
      calendarId: calendar.id,
      name: calendar.name,
      timeZone: "Europe/Berlin",
      hours,
    });
    expect(updated).toMatchObject({ version: 2, timeZone: "Europe/Berlin", hours });
    await notified({ calendarId: calendar.id });
    const audit = (await auditRowsFor(calendar.id)).find((a) => a.action === "business_calendar.update");
    expect(audit?.before).toMatchObject({ timeZone: "Asia/Seoul", version: 1 });
    expect(audit?.after).toMatchObject({ timeZone: "Europe/Berlin", version: 2 });
  });

  it("refuses an update with overlapping ranges and leaves the calendar as it was", async () => {
    const admin = await as("admin");
    const calendar = await createBusinessCalendar(admin, newCalendar());
    await expectAppError(
      updateBusinessCalendar(admin, {
        calendarId: calendar.id,
        name: calendar.name,
        timeZone: "Asia/Seoul",
        hours: [
          { day: 5, start: "08:00", end: "24:00" },
          { day: 5, start: "00:00", end: "08:30" },
        ],
      }),
      "invalid",
    );
    expect(await calendarRow(calendar.id)).toMatchObject({ version: 1, hours: WEEKDAYS_9_TO_6 });
    expect((await auditRowsFor(calendar.id)).map((a) => a.action)).toEqual(["business_calendar.create"]);
  });

  it("adds and removes holidays, refusing a duplicate date, each change a new version", async () => {
    const admin = await as("admin");
    const calendar = await createBusinessCalendar(admin, newCalendar());
    const holiday = await addCalendarHoliday(admin, { calendarId: calendar.id, date: "2026-12-31", name: "Year end" });
    expect((await calendarRow(calendar.id)).version).toBe(2);
    await notified({ calendarId: calendar.id });

    const error = await expectAppError(
      addCalendarHoliday(admin, { calendarId: calendar.id, date: "2026-12-31", name: "Again" }),
      "conflict",
    );
    expect(error.message).toBe("2026-12-31 is already a holiday (Year end)");
    const invalid = await expectAppError(
      addCalendarHoliday(admin, { calendarId: calendar.id, date: "2026-02-30", name: "No such day" }),
      "invalid",
    );
    expect(invalid.details?.fields?.date?.[0]).toBe("Enter a date as YYYY-MM-DD");
    expect((await calendarRow(calendar.id)).version).toBe(2);

    await removeCalendarHoliday(admin, { holidayId: holiday.id });
    expect(await getDb().select().from(calendarHolidays).where(eq(calendarHolidays.calendarId, calendar.id))).toEqual(
      [],
    );
    expect((await calendarRow(calendar.id)).version).toBe(3);
    expect((await auditRowsFor(calendar.id)).map((a) => a.action)).toEqual([
      "business_calendar.create",
      "business_calendar.holiday_add",
      "business_calendar.holiday_remove",
    ]);
  });

  it("adds the Korean public holidays once; a second run adds nothing and keeps the version", async () => {
    const admin = await as("admin");
    const calendar = await createBusinessCalendar(admin, newCalendar());
    await addCalendarHoliday(admin, { calendarId: calendar.id, date: "2026-09-25", name: "Our own Chuseok" });
    expect(await addKoreanPublicHolidays(admin, { calendarId: calendar.id })).toEqual({
      added: KOREAN_PUBLIC_HOLIDAYS.length - 1,
    });
    const version = (await calendarRow(calendar.id)).version;
    expect(await addKoreanPublicHolidays(admin, { calendarId: calendar.id })).toEqual({ added: 0 });
    expect((await calendarRow(calendar.id)).version).toBe(version);
    const dates = await getDb()
      .select({ date: calendarHolidays.date, name: calendarHolidays.name })
      .from(calendarHolidays)
      .where(eq(calendarHolidays.calendarId, calendar.id));
    expect(dates).toHaveLength(KOREAN_PUBLIC_HOLIDAYS.length);
    expect(dates).toContainEqual({ date: "2026-09-25", name: "Our own Chuseok" });
    expect(dates.map((d) => d.date)).toEqual(expect.arrayContaining(["2026-09-24", "2026-09-26", "2027-02-09"]));
  });

  it("refuses to delete a calendar a policy uses, naming the policy; deletes it once unused", async () => {
    const admin = await as("admin");
    const team = await createTestTeam();
    const calendar = await createBusinessCalendar(admin, newCalendar());
    await addCalendarHoliday(admin, { calendarId: calendar.id, date: "2026-12-31", name: "Year end" });
    const policy = await createSlaPolicy(admin, {
      name: uniqueName("Uses it"),
      teamIds: [team.id],
      calendarId: calendar.id,
      targets: { P3: { response: 60, resolution: 240 } },
    });
    const error = await expectAppError(deleteBusinessCalendar(admin, { calendarId: calendar.id }), "conflict");
    expect(error.message).toContain(policy.name);
    expect(await calendarRow(calendar.id)).toBeDefined();

    await deleteSlaPolicy(admin, { policyId: policy.id });
    await deleteBusinessCalendar(admin, { calendarId: calendar.id });
    expect(await calendarRow(calendar.id)).toBeUndefined();
    expect(await getDb().select().from(calendarHolidays).where(eq(calendarHolidays.calendarId, calendar.id))).toEqual(
      [],
    );
    const [deleted] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, calendar.id), eq(auditLog.action, "business_calendar.delete")));
    expect(deleted.before).toMatchObject({ name: calendar.name, holidays: [{ date: "2026-12-31", name: "Year end" }] });
  });
});

describe("SLA policy verbs", () => {
  const targets = { P2: { response: 60, resolution: 480 }, P3: { response: 240, resolution: 1440 } };

  async function setup() {
    const manager = await as("manager");
    const team = await createTestTeam();
    const calendar = await insertCalendar();
    const base = { name: uniqueName("Policy"), teamIds: [team.id], calendarId: calendar.id, targets };
    return { manager, team, calendar, base };
  }

  it("creates a policy last in order with defaults (pending pauses, warn at 75 %), audited and notified", async () => {
    const { manager, team, calendar, base } = await setup();
    const service = await createTestService();
    const policy = await createSlaPolicy(manager, {
      ...base,
      ticketTypes: ["incident", "incident"],
      serviceIds: [service.id],
      targets: { ...targets, P5: { response: null, resolution: 14400 } },
    });
    expect(policy).toMatchObject({
      ticketTypes: ["incident"],
      serviceIds: [service.id],
      teamIds: [team.id],
      calendarId: calendar.id,
      pauseStatuses: ["pending"],
      warnPercent: 75,
      isActive: true,
      version: 1,
      targets: { ...targets, P5: { response: null, resolution: 14400 } },
    });
    const positions = (await getDb().select({ p: slaPolicies.position }).from(slaPolicies)).map((r) => r.p);
    expect(policy.position).toBe(Math.max(...positions));
    await notified({ policyId: policy.id });
    expect((await auditRowsFor(policy.id)).map((a) => a.action)).toEqual(["sla_policy.create"]);
  });

  it.each([
    [
      "a zero target",
      { targets: { P3: { response: 0, resolution: 60 } } },
      "targets.P3.response",
      "A target must be longer than zero",
    ],
    [
      "a negative target",
      { targets: { P2: { response: 30, resolution: -60 } } },
      "targets.P2.resolution",
      "A target must be longer than zero",
    ],
    [
      "a fractional minute",
      { targets: { P2: { response: 1.5, resolution: 60 } } },
      "targets.P2.response",
      "A target is a whole number of minutes",
    ],
    [
      "a resolution shorter than the response",
      { targets: { P4: { response: 480, resolution: 60 } } },
      "targets.P4.resolution",
      "The resolution target cannot be shorter than the response target",
    ],
    [
      "no targets at all",
      { targets: { P1: { response: null, resolution: null } } },
      "targets",
      "Give at least one target",
    ],
    [
      "a priority that does not exist",
      { targets: { P9: { response: 5, resolution: 10 } } },
      "targets",
      'Unrecognized key: "P9"',
    ],
    [
      "a second target for one metric",
      { targets: { P2: { response: 5, resolution: 10, response2: 7 } } },
      "targets.P2",
      undefined,
    ],
    [
      "a closed status that would pause",
      { pauseStatuses: ["resolved"] },
      "pauseStatuses.0",
      "Only open statuses can pause the clock",
    ],
    [
      "a warning threshold of 100 %",
      { warnPercent: 100 },
      "warnPercent",
      "The warning threshold is between 1 and 99 %",
    ],
    ["a warning threshold of 0 %", { warnPercent: 0 }, "warnPercent", "The warning threshold is between 1 and 99 %"],
    ["no calendar", { calendarId: "" }, "calendarId", "Choose a calendar"],
    ["an unknown calendar", { calendarId: "00000000-0000-4000-8000-000000000000" }, "calendarId", "No such calendar"],
    ["an unknown team", { teamIds: ["00000000-0000-4000-8000-000000000000"] }, "teamIds", "No such team"],
  ])("refuses %s with a message naming it, saving nothing", async (_, change, field, message) => {
    const { manager, base } = await setup();
    const error = await expectAppError(createSlaPolicy(manager, { ...base, ...change } as never), "invalid");
    const fields = error.details?.fields ?? {};
    if (message) expect(fields[field]?.[0], JSON.stringify(fields)).toBe(message);
    else
      expect(
        Object.keys(fields).some((k) => k.startsWith(field)),
        JSON.stringify(fields),
      ).toBe(true);
    expect(await getDb().select().from(slaPolicies).where(eq(slaPolicies.name, base.name))).toEqual([]);
  });

  it("lets admins and managers manage policies, and no one else", async () => {
    const { base } = await setup();
    const policy = await createSlaPolicy(await as("admin"), base);
    for (const role of ["agent", "engineer", "requester"] as const) {
      const ctx = await as(role);
      await expectAppError(createSlaPolicy(ctx, { ...base, name: uniqueName("No") }), "forbidden");
      await expectAppError(updateSlaPolicy(ctx, { ...base, policyId: policy.id, warnPercent: 50 }), "forbidden");
      await expectAppError(setSlaPolicyActive(ctx, { policyId: policy.id, isActive: false }), "forbidden");
      await expectAppError(moveSlaPolicy(ctx, { policyId: policy.id, direction: "up" }), "forbidden");
      await expectAppError(deleteSlaPolicy(ctx, { policyId: policy.id }), "forbidden");
    }
    await expectAppError(listSlaPolicies(await as("requester")), "forbidden");
    expect(await policyRow(policy.id)).toMatchObject({ version: 1, warnPercent: 75, isActive: true });
  });

  it("updates targets, bumping the version and keeping the active flag; a bad update changes nothing", async () => {
    const { manager, base } = await setup();
    const policy = await createSlaPolicy(manager, base);
    await setSlaPolicyActive(manager, { policyId: policy.id, isActive: false });
    const updated = await updateSlaPolicy(manager, {
      ...base,
      policyId: policy.id,
      targets: { P3: { response: 30, resolution: 120 } },
      pauseStatuses: ["pending", "acknowledged"],
      warnPercent: 80,
    });
    expect(updated).toMatchObject({
      version: 3,
      isActive: false,
      targets: { P3: { response: 30, resolution: 120 } },
      pauseStatuses: ["pending", "acknowledged"],
      warnPercent: 80,
    });
    await expectAppError(
      updateSlaPolicy(manager, { ...base, policyId: policy.id, targets: { P3: { response: -1, resolution: 120 } } }),
      "invalid",
    );
    expect(await policyRow(policy.id)).toMatchObject({
      version: 3,
      targets: { P3: { response: 30, resolution: 120 } },
    });
    expect((await auditRowsFor(policy.id)).map((a) => a.action)).toEqual([
      "sla_policy.create",
      "sla_policy.deactivate",
      "sla_policy.update",
    ]);
  });

  // In a database of its own: a policy another test file creates meanwhile would become the neighbour a move swaps with.
  it("moves policies up and down in the order the engine uses, and deactivates and activates them", async () => {
    await withScratchDatabase(async ({ db, sql }) => {
      const user = await createUser(systemCtx(db, "test"), {
        email: `${uniqueName("manager").toLowerCase().replace(/\W+/g, "-")}@example.com`,
        name: "Scratch manager",
        role: "manager",
        password: "scratch-password-long",
      });
      const manager = { ...ctxFor(user), db };
      const calendar = await createBusinessCalendar(systemCtx(db, "test"), newCalendar());
      const base = { name: uniqueName("Policy"), calendarId: calendar.id, targets };
      const moves: string[] = [];
      const listening = await sql.listen(SLA_CONFIG_CHANNEL, (payload) => moves.push(payload));
      const first = await createSlaPolicy(manager, base);
      const second = await createSlaPolicy(manager, { ...base, name: uniqueName("Second") });
      const order = async () => (await listSlaPolicies(manager)).map((p) => p.id);
      const row = async (id: string) => (await db.select().from(slaPolicies).where(eq(slaPolicies.id, id)))[0];
      expect(await order()).toEqual([first.id, second.id]);
      await moveSlaPolicy(manager, { policyId: second.id, direction: "up" });
      expect(await order()).toEqual([second.id, first.id]);
      expect((await row(second.id)).version).toBe(2);
      await expect.poll(() => moves.includes(JSON.stringify({ policyId: second.id })), { timeout: 5000 }).toBe(true);
      await moveSlaPolicy(manager, { policyId: second.id, direction: "down" });
      expect(await order()).toEqual([first.id, second.id]);
      const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, second.id)).orderBy(auditLog.id);
      expect(audit.map((a) => a.action)).toEqual(["sla_policy.create", "sla_policy.move", "sla_policy.move"]);

      const version = (await row(first.id)).version;
      expect((await setSlaPolicyActive(manager, { policyId: first.id, isActive: false })).isActive).toBe(false);
      expect((await setSlaPolicyActive(manager, { policyId: first.id, isActive: true })).isActive).toBe(true);
      expect((await row(first.id)).version).toBe(version + 2);
      await listening.unlisten();
    });
  });

  it("applies the first matching active policy to a ticket, and a target change moves its due time without losing elapsed time", async () => {
    const { manager, team, base } = await setup();
    const admin = await as("admin");
    const calendar = await createBusinessCalendar(admin, newCalendar());
    const shadowed = await createSlaPolicy(manager, {
      ...base,
      calendarId: calendar.id,
      targets: { P3: { response: 60, resolution: 240 } },
    });
    const fallback = await createSlaPolicy(manager, {
      ...base,
      name: uniqueName("Fallback"),
      calendarId: calendar.id,
      targets: { P3: { response: 120, resolution: 480 } },
    });
    const ticket = await insertIncident({ teamId: team.id, priority: "P3", createdAt: kst("2026-11-30T10:00:00") });
    const now = kst("2026-11-30T10:20:00");
    await refreshSlaClocks(getDb(), [ticket.id], now);
    const response = async () => {
      const [row] = await getDb()
        .select()
        .from(slaClocks)
        .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.metric, "response")));
      return row;
    };
    expect(await response()).toMatchObject({ policyId: shadowed.id, targetSeconds: 3600, elapsedSeconds: 1200 });

    await setSlaPolicyActive(manager, { policyId: shadowed.id, isActive: false });
    await refreshSlaClocks(getDb(), [ticket.id], now);
    expect(await response()).toMatchObject({ policyId: fallback.id, targetSeconds: 7200, elapsedSeconds: 1200 });
    expect((await response()).dueAt).toEqual(kst("2026-11-30T12:00:00"));

    await updateBusinessCalendar(admin, {
      calendarId: calendar.id,
      name: calendar.name,
      timeZone: "Asia/Seoul",
      hours: [{ day: 1, start: "10:10", end: "18:00" }],
    });
    await applySlaConfigChange(getDb(), { calendarId: calendar.id });
    const after = await response();
    expect(after.dueAt).toEqual(kst("2026-11-30T12:10:00"));
  });
});
