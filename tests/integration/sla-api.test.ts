import { describe, expect, it } from "vitest";
import { GET as listCalendarsRoute } from "@/app/api/v1/sla/calendars/route";
import { GET as listPoliciesRoute } from "@/app/api/v1/sla/policies/route";
import { BusinessCalendarResource, SlaPolicyResource } from "@/lib/api/schemas";
import { addCalendarHoliday, createBusinessCalendar } from "@/lib/sla/calendars";
import { createSlaPolicy } from "@/lib/sla/policies";
import {
  createTestApiToken,
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  uniqueName,
} from "@/tests/factories";
import { callRoute } from "@/tests/support/api";

async function tokenFor(role: "admin" | "engineer" | "requester") {
  const { user } = await createTestUser({ role });
  return { user, token: (await createTestApiToken({ userId: user.id })).secret };
}

describe("GET /api/v1/sla/policies and /api/v1/sla/calendars", () => {
  it("lists policies in evaluation order with conditions, targets in minutes and the calendar", async () => {
    const admin = ctxFor((await tokenFor("admin")).user);
    const team = await createTestTeam();
    const service = await createTestService();
    const calendar = await createBusinessCalendar(admin, {
      name: uniqueName("Berlin office"),
      timeZone: "Europe/Berlin",
      hours: [
        { day: 1, start: "08:00", end: "12:00" },
        { day: 1, start: "13:00", end: "17:00" },
      ],
    });
    await addCalendarHoliday(admin, { calendarId: calendar.id, date: "2026-10-03", name: "Tag der Deutschen Einheit" });
    const first = await createSlaPolicy(admin, {
      name: uniqueName("Critical services"),
      ticketTypes: ["incident"],
      priorities: ["P1", "P2"],
      serviceIds: [service.id],
      teamIds: [team.id],
      calendarId: calendar.id,
      targets: { P1: { response: 15, resolution: 240 }, P2: { response: 60, resolution: null } },
      pauseStatuses: ["pending", "acknowledged"],
      warnPercent: 60,
    });
    const second = await createSlaPolicy(admin, {
      name: uniqueName("Rest"),
      teamIds: [team.id],
      calendarId: calendar.id,
      targets: { P5: { response: 4320, resolution: 14400 } },
      isActive: false,
    });

    const { token } = await tokenFor("engineer");
    const answer = await callRoute(listPoliciesRoute, "GET", "/api/v1/sla/policies", { token });
    expect(answer.status).toBe(200);
    const policies = (answer.body.data as unknown[]).map((p) => SlaPolicyResource.parse(p));
    expect(policies.map((p) => p.order)).toEqual(policies.map((_, i) => i + 1));
    const mine = policies.filter((p) => p.id === first.id || p.id === second.id);
    expect(mine.map((p) => p.id)).toEqual([first.id, second.id]);
    expect(mine[0]).toMatchObject({
      name: first.name,
      isActive: true,
      conditions: { ticketTypes: ["incident"], priorities: ["P1", "P2"], serviceIds: [service.id], teamIds: [team.id] },
      targets: {
        P1: { response: 15, resolution: 240 },
        P2: { response: 60, resolution: null },
        P3: { response: null, resolution: null },
        P4: { response: null, resolution: null },
        P5: { response: null, resolution: null },
      },
      calendar: { id: calendar.id, name: calendar.name, timeZone: "Europe/Berlin" },
      pauseStatuses: ["pending", "acknowledged"],
      warnPercent: 60,
      version: 1,
    });
    expect(mine[1]).toMatchObject({ isActive: false, targets: { P5: { response: 4320, resolution: 14400 } } });

    const calendars = await callRoute(listCalendarsRoute, "GET", "/api/v1/sla/calendars", { token });
    expect(calendars.status).toBe(200);
    const found = (calendars.body.data as unknown[])
      .map((c) => BusinessCalendarResource.parse(c))
      .find((c) => c.id === calendar.id);
    expect(found).toMatchObject({
      name: calendar.name,
      timeZone: "Europe/Berlin",
      hours: [
        { day: 1, start: "08:00", end: "12:00" },
        { day: 1, start: "13:00", end: "17:00" },
      ],
      holidays: [{ date: "2026-10-03", name: "Tag der Deutschen Einheit" }],
      version: 2,
    });
  });

  it("refuses requesters and calls without a token", async () => {
    const { token } = await tokenFor("requester");
    for (const [route, path] of [
      [listPoliciesRoute, "/api/v1/sla/policies"],
      [listCalendarsRoute, "/api/v1/sla/calendars"],
    ] as const) {
      expect((await callRoute(route, "GET", path, { token })).body.error?.code).toBe("forbidden");
      const anonymous = await callRoute(route, "GET", path);
      expect(anonymous.status).toBe(401);
    }
  });
});
