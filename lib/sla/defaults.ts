import { sql } from "drizzle-orm";
import { businessCalendars, type SlaTargets, slaPolicies, type WorkingHours } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { addKoreanPublicHolidays, createBusinessCalendar } from "./calendars";
import { createSlaPolicy } from "./policies";

export const SEOUL_BUSINESS_HOURS = "Seoul business hours";
export const AROUND_THE_CLOCK = "24×7";

const HOUR = 60;
// A working day of the Seoul calendar (09:00–18:00): "P5 3 d" means three working days, not 72 working hours.
const WORKING_DAY = 9 * HOUR;

const WEEKDAYS: WorkingHours[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));
const ALWAYS: WorkingHours[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));

// P1 has its own policy, first, because a policy has one calendar and P1 runs around the clock.
const DEFAULT_POLICIES: {
  name: string;
  calendar: string;
  priorities: ("P1" | "P2" | "P3" | "P4" | "P5")[];
  targets: SlaTargets;
}[] = [
  {
    name: "P1 around the clock",
    calendar: AROUND_THE_CLOCK,
    priorities: ["P1"],
    targets: { P1: { response: 15, resolution: 4 * HOUR } },
  },
  {
    name: "Business hours",
    calendar: SEOUL_BUSINESS_HOURS,
    priorities: [],
    targets: {
      P2: { response: HOUR, resolution: 8 * HOUR },
      P3: { response: 4 * HOUR, resolution: 24 * HOUR },
      P4: { response: 8 * HOUR, resolution: 72 * HOUR },
      P5: { response: 3 * WORKING_DAY, resolution: 10 * WORKING_DAY },
    },
  },
];

async function calendarIdByName(ctx: Ctx, name: string) {
  const [row] = await ctx.db
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(sql`lower(${businessCalendars.name}) = lower(${name})`);
  return row?.id;
}

export async function hasSlaCalendars(ctx: Ctx) {
  const [row] = await ctx.db.select({ id: businessCalendars.id }).from(businessCalendars).limit(1);
  return row !== undefined;
}

// The two calendars (Seoul with Korean public holidays, and 24×7) and the default policies; what exists is left alone.
export async function installSlaDefaults(ctx: Ctx) {
  const seoul =
    (await calendarIdByName(ctx, SEOUL_BUSINESS_HOURS)) ??
    (await createBusinessCalendar(ctx, { name: SEOUL_BUSINESS_HOURS, timeZone: "Asia/Seoul", hours: WEEKDAYS })).id;
  await addKoreanPublicHolidays(ctx, { calendarId: seoul });
  const always =
    (await calendarIdByName(ctx, AROUND_THE_CLOCK)) ??
    (await createBusinessCalendar(ctx, { name: AROUND_THE_CLOCK, timeZone: "Asia/Seoul", hours: ALWAYS })).id;
  const calendarIds: Record<string, string> = { [SEOUL_BUSINESS_HOURS]: seoul, [AROUND_THE_CLOCK]: always };
  const existing = new Set(
    (await ctx.db.select({ name: slaPolicies.name }).from(slaPolicies)).map((p) => p.name.toLowerCase()),
  );
  for (const p of DEFAULT_POLICIES) {
    if (existing.has(p.name.toLowerCase())) continue;
    await createSlaPolicy(ctx, {
      name: p.name,
      priorities: p.priorities,
      calendarId: calendarIds[p.calendar],
      targets: p.targets,
    });
  }
  return { calendarIds };
}
