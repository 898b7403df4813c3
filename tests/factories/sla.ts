import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  type BusinessCalendar,
  businessCalendars,
  calendarHolidays,
  type SlaMetric,
  type SlaPolicy,
  type SlaTargets,
  slaClocks,
  slaPolicies,
  type TicketStatus,
  ticketActivities,
  tickets,
  type WorkingHours,
} from "@/db/schema";
import { uniqueName } from "./unique";

export const WEEKDAYS_9_TO_6: WorkingHours[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));
export const ALWAYS: WorkingHours[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));

export async function insertCalendar(
  options: { timeZone?: string; hours?: WorkingHours[]; holidays?: string[] } = {},
): Promise<BusinessCalendar> {
  const [calendar] = await getDb()
    .insert(businessCalendars)
    .values({
      name: uniqueName("Calendar"),
      timeZone: options.timeZone ?? "Asia/Seoul",
      hours: options.hours ?? WEEKDAYS_9_TO_6,
    })
    .returning();
  if (options.holidays?.length) {
    await getDb()
      .insert(calendarHolidays)
      .values(options.holidays.map((date) => ({ calendarId: calendar.id, date, name: "Holiday" })));
  }
  return calendar;
}

export async function slaClockOf(ticketId: string, metric: SlaMetric) {
  const [row] = await getDb()
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.ticketId, ticketId), eq(slaClocks.metric, metric)));
  return row;
}

let position = -1_000_000;

// Scoped to one team so a test's policy never applies to another test's tickets.
export async function insertPolicy(
  calendar: Pick<BusinessCalendar, "id">,
  teamId: string,
  targets: SlaTargets,
  overrides: Partial<typeof slaPolicies.$inferInsert> = {},
): Promise<SlaPolicy> {
  const [policy] = await getDb()
    .insert(slaPolicies)
    .values({
      name: uniqueName("Policy"),
      position: position++,
      teamIds: [teamId],
      calendarId: calendar.id,
      targets,
      ...overrides,
    })
    .returning();
  return policy;
}

// Status changes on the ticket's timeline at these instants; the ticket is left in the last one (resolved_at set if resolved).
export async function insertStatusHistory(ticketId: string, changes: [Date, TicketStatus][]) {
  await getDb()
    .insert(ticketActivities)
    .values(
      changes.map(([at, to]) => ({
        ticketId,
        kind: "status_change" as const,
        actorType: "system" as const,
        data: { to },
        createdAt: at,
      })),
    );
  const [at, status] = changes[changes.length - 1];
  await getDb()
    .update(tickets)
    .set({ status, resolvedAt: status === "resolved" ? at : null })
    .where(eq(tickets.id, ticketId));
}
