import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { businessCalendars, calendarHolidays, slaClocks, slaPolicies, tickets } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { seedDemo } from "@/lib/seed/demo";
import { AROUND_THE_CLOCK, installSlaDefaults, SEOUL_BUSINESS_HOURS } from "@/lib/sla/defaults";
import { createTicket } from "@/lib/tickets/create";
import { withScratchDatabase } from "@/tests/support/db";
import { runWd } from "@/tests/support/processes";

describe("SLA defaults", () => {
  it("installs Seoul business hours with Korean holidays, 24×7, and P1 around the clock before business-hours targets; a second run changes nothing", async () => {
    await withScratchDatabase(async ({ db }) => {
      const ctx = systemCtx(db, "test");
      await installSlaDefaults(ctx);
      const snapshot = async () => ({
        calendars: await db.select().from(businessCalendars).orderBy(asc(businessCalendars.name)),
        holidays: await db.select().from(calendarHolidays).orderBy(asc(calendarHolidays.date)),
        policies: await db.select().from(slaPolicies).orderBy(asc(slaPolicies.position)),
      });
      const first = await snapshot();
      await installSlaDefaults(ctx);
      expect(await snapshot()).toEqual(first);

      const seoul = first.calendars.find((c) => c.name === SEOUL_BUSINESS_HOURS);
      const always = first.calendars.find((c) => c.name === AROUND_THE_CLOCK);
      expect(seoul).toMatchObject({
        timeZone: "Asia/Seoul",
        hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
      });
      expect(always?.hours).toEqual([1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })));
      const seoulDates = first.holidays.filter((h) => h.calendarId === seoul?.id).map((h) => h.date);
      expect(seoulDates).toEqual(
        expect.arrayContaining([
          "2026-02-17",
          "2026-09-24",
          "2026-09-25",
          "2026-09-26",
          "2026-10-05",
          "2027-02-09",
          "2027-08-16",
          "2027-10-04",
          "2027-10-11",
          "2027-12-27",
        ]),
      );
      expect(first.holidays.filter((h) => h.calendarId === always?.id)).toEqual([]);

      expect(first.policies.map((p) => ({ name: p.name, calendarId: p.calendarId, priorities: p.priorities }))).toEqual(
        [
          { name: "P1 around the clock", calendarId: always?.id, priorities: ["P1"] },
          { name: "Business hours", calendarId: seoul?.id, priorities: [] },
        ],
      );
      expect(first.policies[1].targets).toEqual({
        P2: { response: 60, resolution: 480 },
        P3: { response: 240, resolution: 1440 },
        P4: { response: 480, resolution: 4320 },
        P5: { response: 1620, resolution: 5400 },
      });

      const p1 = await createTicket(ctx, { type: "incident", title: "Core switch down", impact: 1, urgency: 1 });
      const p3 = await createTicket(ctx, { type: "incident", title: "Printer jam", impact: 2, urgency: 2 });
      const clocksOf = (ticketId: string) =>
        db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticketId)).orderBy(asc(slaClocks.metric));
      expect(
        (await clocksOf(p1.id)).map((c) => ({
          metric: c.metric,
          targetSeconds: c.targetSeconds,
          calendarId: c.calendarId,
          policyId: c.policyId,
        })),
      ).toEqual([
        { metric: "response", targetSeconds: 15 * 60, calendarId: always?.id, policyId: first.policies[0].id },
        { metric: "resolution", targetSeconds: 4 * 3600, calendarId: always?.id, policyId: first.policies[0].id },
      ]);
      const p1Response = (await clocksOf(p1.id))[0];
      expect(p1Response.dueAt?.getTime()).toBe(p1Response.startedAt.getTime() + 15 * 60_000);
      expect(
        (await clocksOf(p3.id)).map((c) => ({
          metric: c.metric,
          targetSeconds: c.targetSeconds,
          calendarId: c.calendarId,
        })),
      ).toEqual([
        { metric: "response", targetSeconds: 4 * 3600, calendarId: seoul?.id },
        { metric: "resolution", targetSeconds: 24 * 3600, calendarId: seoul?.id },
      ]);
    });
  });

  it("are installed by `wd sla defaults --if-empty` on a database without calendars, and only there", async () => {
    await withScratchDatabase(async ({ db, url }) => {
      const first = await runWd(["sla", "defaults", "--if-empty"], { env: { DATABASE_URL: url } });
      expect(first.stdout).toContain("Installed the default SLA calendars and policies");
      expect(first.code).toBe(0);
      const names = async () =>
        (await db.select({ name: slaPolicies.name }).from(slaPolicies).orderBy(asc(slaPolicies.position))).map(
          (p) => p.name,
        );
      expect(await names()).toEqual(["P1 around the clock", "Business hours"]);
      await db.delete(slaPolicies).where(eq(slaPolicies.name, "Business hours"));
      const second = await runWd(["sla", "defaults", "--if-empty"], { env: { DATABASE_URL: url } });
      expect(second.stdout).toContain("SLA calendars exist");
      expect(await names()).toEqual(["P1 around the clock"]);
    });
  });

  it("is part of the demo seed, so the demo tickets have clocks", async () => {
    await withScratchDatabase(async ({ db }) => {
      await seedDemo(db, "demo-password-long");
      const demoTickets = await db.select({ id: tickets.id }).from(tickets);
      expect(demoTickets.length).toBeGreaterThan(3);
      const clocks = await db.select({ ticketId: slaClocks.ticketId }).from(slaClocks);
      for (const t of demoTickets) expect(clocks.map((c) => c.ticketId)).toContain(t.id);
    });
  });
});
