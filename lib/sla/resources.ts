import type { Priority, SlaTargets } from "@/db/schema";
import type { BusinessCalendarResource, SlaPolicyResource } from "@/lib/api/schemas";
import type { Ctx } from "@/lib/context";
import { listBusinessCalendars } from "./calendars";
import { listSlaPolicies } from "./policies";

const targetsOf = (targets: SlaTargets, priority: Priority) => ({
  response: targets[priority]?.response ?? null,
  resolution: targets[priority]?.resolution ?? null,
});

export async function listSlaPolicyResources(ctx: Ctx): Promise<SlaPolicyResource[]> {
  const [policies, calendars] = await Promise.all([listSlaPolicies(ctx), listBusinessCalendars(ctx)]);
  const calendarById = new Map(calendars.map((c) => [c.id, c]));
  return policies.map((p, index) => {
    const calendar = calendarById.get(p.calendarId);
    return {
      id: p.id,
      name: p.name,
      order: index + 1,
      isActive: p.isActive,
      conditions: {
        ticketTypes: p.ticketTypes,
        priorities: p.priorities,
        serviceIds: p.serviceIds,
        teamIds: p.teamIds,
      },
      targets: {
        P1: targetsOf(p.targets, "P1"),
        P2: targetsOf(p.targets, "P2"),
        P3: targetsOf(p.targets, "P3"),
        P4: targetsOf(p.targets, "P4"),
        P5: targetsOf(p.targets, "P5"),
      },
      calendar: { id: p.calendarId, name: calendar?.name ?? "", timeZone: calendar?.timeZone ?? "" },
      pauseStatuses: p.pauseStatuses,
      warnPercent: p.warnPercent,
      version: p.version,
      updatedAt: p.updatedAt.toISOString(),
    };
  });
}

export async function listBusinessCalendarResources(ctx: Ctx): Promise<BusinessCalendarResource[]> {
  return (await listBusinessCalendars(ctx)).map((c) => ({
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    hours: c.hours,
    holidays: c.holidays.map((h) => ({ date: h.date, name: h.name })),
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
  }));
}
