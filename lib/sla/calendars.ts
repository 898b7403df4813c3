import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { businessCalendars, calendarHolidays, slaPolicies, type WorkingHours } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { KOREAN_PUBLIC_HOLIDAYS } from "./holidays-kr";
import { onSlaConfigChanged } from "./recompute";

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string) => (hhmm === "24:00" ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

function canonicalTimeZone(value: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const CalendarTimeZone = z
  .string({ error: "Choose a time zone" })
  .trim()
  .min(1, "Choose a time zone")
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value);
    if (zone) return zone;
    ctx.addIssue({ code: "custom", message: "Choose a valid time zone, e.g. Asia/Seoul" });
    return z.NEVER;
  });

export const HoursRange = z.strictObject({
  day: z
    .int({ error: "Choose a day of the week" })
    .min(1, "Choose a day of the week")
    .max(7, "Choose a day of the week"),
  start: z.string().trim().regex(CLOCK, "Use HH:MM, e.g. 09:00"),
  end: z
    .string()
    .trim()
    .refine((v) => v === "24:00" || CLOCK.test(v), "Use HH:MM, e.g. 18:00 (24:00 ends the day)"),
});

// Ranges are checked per day (end after start, no overlaps) and stored sorted by day and start.
export function weeklyRanges(list: z.ZodArray<typeof HoursRange>) {
  return list
    .superRefine((ranges, ctx) => {
      const byDay = new Map<number, { index: number; start: number; end: number }[]>();
      ranges.forEach((r, index) => {
        const start = minutesOf(r.start);
        const end = minutesOf(r.end);
        if (end <= start) {
          ctx.addIssue({ code: "custom", path: [index, "end"], message: "The end must be after the start" });
          return;
        }
        byDay.set(r.day, [...(byDay.get(r.day) ?? []), { index, start, end }]);
      });
      for (const list of byDay.values()) {
        list.sort((a, b) => a.start - b.start || a.end - b.end);
        for (let i = 1; i < list.length; i++) {
          if (list[i].start < list[i - 1].end) {
            const later = list[i].index > list[i - 1].index ? list[i] : list[i - 1];
            ctx.addIssue({
              code: "custom",
              path: [later.index, "start"],
              message: "This range overlaps another on the same day",
            });
          }
        }
      }
    })
    .transform((ranges): WorkingHours[] =>
      [...ranges].sort((a, b) => a.day - b.day || minutesOf(a.start) - minutesOf(b.start)),
    );
}

export const WeeklyHours = weeklyRanges(
  z.array(HoursRange).min(1, "Add at least one working-hour range").max(70, "At most 70 working-hour ranges"),
);

const CalendarName = z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(100);
const HolidayDate = z
  .string({ error: "Enter a date as YYYY-MM-DD" })
  .trim()
  .refine((v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === v && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
  }, "Enter a date as YYYY-MM-DD");
const HolidayName = z.string({ error: "Name the holiday" }).trim().min(1, "Name the holiday").max(200);

const CalendarFields = { name: CalendarName, timeZone: CalendarTimeZone, hours: WeeklyHours };

export const CreateBusinessCalendar = z.strictObject(CalendarFields);
export type CreateBusinessCalendar = z.input<typeof CreateBusinessCalendar>;

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(sql`lower(${businessCalendars.name}) = lower(${name})`);
  if (clash && clash.id !== exceptId) {
    throw new AppError("conflict", `A calendar named ${name} already exists`);
  }
}

export async function createBusinessCalendar(ctx: Ctx, input: CreateBusinessCalendar) {
  assertCan(ctx.actor, "sla.calendars.manage");
  const data = parseInput(CreateBusinessCalendar, input);
  return ctx.db.transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    const [calendar] = await tx.insert(businessCalendars).values(data).returning();
    await recordAudit(tx, ctx, {
      action: "business_calendar.create",
      entityType: "business_calendar",
      entityId: calendar.id,
      after: calendar,
    });
    return calendar;
  });
}

export const UpdateBusinessCalendar = z.strictObject({ calendarId: z.uuid(), ...CalendarFields });
export type UpdateBusinessCalendar = z.input<typeof UpdateBusinessCalendar>;

async function lockCalendar(tx: DbOrTx, calendarId: string) {
  const [row] = await tx.select().from(businessCalendars).where(eq(businessCalendars.id, calendarId)).for("update");
  if (!row) throw new AppError("not_found", "No such calendar");
  return row;
}

// Compiled calendars are cached by id:version, so every change that moves business time bumps the version.
async function markCalendarChanged(tx: DbOrTx, calendarId: string) {
  await tx
    .update(businessCalendars)
    .set({ version: sql`${businessCalendars.version} + 1`, updatedAt: new Date() })
    .where(eq(businessCalendars.id, calendarId));
  await onSlaConfigChanged(tx, { calendarId });
}

export async function updateBusinessCalendar(ctx: Ctx, input: UpdateBusinessCalendar) {
  assertCan(ctx.actor, "sla.calendars.manage");
  const { calendarId, ...data } = parseInput(UpdateBusinessCalendar, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockCalendar(tx, calendarId);
    await assertNameFree(tx, data.name, calendarId);
    const [after] = await tx
      .update(businessCalendars)
      .set({ ...data, version: before.version + 1, updatedAt: new Date() })
      .where(eq(businessCalendars.id, calendarId))
      .returning();
    await onSlaConfigChanged(tx, { calendarId });
    await recordAudit(tx, ctx, {
      action: "business_calendar.update",
      entityType: "business_calendar",
      entityId: calendarId,
      before,
      after,
    });
    return after;
  });
}

export const DeleteBusinessCalendar = z.strictObject({ calendarId: z.uuid() });
export type DeleteBusinessCalendar = z.input<typeof DeleteBusinessCalendar>;

export async function deleteBusinessCalendar(ctx: Ctx, input: DeleteBusinessCalendar) {
  assertCan(ctx.actor, "sla.calendars.manage");
  const { calendarId } = parseInput(DeleteBusinessCalendar, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockCalendar(tx, calendarId);
    const users = await tx
      .select({ name: slaPolicies.name })
      .from(slaPolicies)
      .where(eq(slaPolicies.calendarId, calendarId))
      .orderBy(asc(slaPolicies.position));
    if (users.length) {
      throw new AppError(
        "conflict",
        `The calendar is used by the SLA policies ${users.map((p) => p.name).join(", ")}; choose another calendar for them first`,
      );
    }
    const holidays = await tx.select().from(calendarHolidays).where(eq(calendarHolidays.calendarId, calendarId));
    await tx.delete(businessCalendars).where(eq(businessCalendars.id, calendarId));
    await onSlaConfigChanged(tx, { calendarId });
    await recordAudit(tx, ctx, {
      action: "business_calendar.delete",
      entityType: "business_calendar",
      entityId: calendarId,
      before: { ...before, holidays: holidays.map((h) => ({ date: h.date, name: h.name })) },
    });
  });
}

export const AddCalendarHoliday = z.strictObject({ calendarId: z.uuid(), date: HolidayDate, name: HolidayName });
export type AddCalendarHoliday = z.input<typeof AddCalendarHoliday>;

export async function addCalendarHoliday(ctx: Ctx, input: AddCalendarHoliday) {
  assertCan(ctx.actor, "sla.calendars.manage");
  const { calendarId, date, name } = parseInput(AddCalendarHoliday, input);
  return ctx.db.transaction(async (tx) => {
    await lockCalendar(tx, calendarId);
    const [existing] = await tx
      .select()
      .from(calendarHolidays)
      .where(and(eq(calendarHolidays.calendarId, calendarId), eq(calendarHolidays.date, date)));
    if (existing) {
      throw new AppError("conflict", `${date} is already a holiday (${existing.name})`);
    }
    const [holiday] = await tx.insert(calendarHolidays).values({ calendarId, date, name }).returning();
    await markCalendarChanged(tx, calendarId);
    await recordAudit(tx, ctx, {
      action: "business_calendar.holiday_add",
      entityType: "business_calendar",
      entityId: calendarId,
      after: holiday,
    });
    return holiday;
  });
}

export const RemoveCalendarHoliday = z.strictObject({ holidayId: z.uuid() });
export type RemoveCalendarHoliday = z.input<typeof RemoveCalendarHoliday>;

export async function removeCalendarHoliday(ctx: Ctx, input: RemoveCalendarHoliday) {
  assertCan(ctx.actor, "sla.calendars.manage");
  const { holidayId } = parseInput(RemoveCalendarHoliday, input);
  return ctx.db.transaction(async (tx) => {
    const [holiday] = await tx.select().from(calendarHolidays).where(eq(calendarHolidays.id, holidayId));
    if (!holiday) throw new AppError("not_found", "No such holiday");
    await lockCalendar(tx, holiday.calendarId);
    await tx.delete(calendarHolidays).where(eq(calendarHolidays.id, holidayId));
    await markCalendarChanged(tx, holiday.calendarId);
    await recordAudit(tx, ctx, {
      action: "business_calendar.holiday_remove",
      entityType: "business_calendar",
      entityId: holiday.calendarId,
      before: holiday,
    });
  });
}

export const AddKoreanPublicHolidays = z.strictObject({ calendarId: z.uuid() });
export type AddKoreanPublicHolidays = z.input<typeof AddKoreanPublicHolidays>;

// Adds the dates the calendar does not have yet; running it again adds nothing and changes nothing.
export async function addKoreanPublicHolidays(ctx: Ctx, input: AddKoreanPublicHolidays) {
  assertCan(ctx.actor, "sla.calendars.manage");
  const { calendarId } = parseInput(AddKoreanPublicHolidays, input);
  return ctx.db.transaction(async (tx) => {
    await lockCalendar(tx, calendarId);
    const added = await tx
      .insert(calendarHolidays)
      .values(KOREAN_PUBLIC_HOLIDAYS.map((h) => ({ calendarId, date: h.date, name: h.name })))
      .onConflictDoNothing({ target: [calendarHolidays.calendarId, calendarHolidays.date] })
      .returning();
    if (added.length) {
      await markCalendarChanged(tx, calendarId);
      await recordAudit(tx, ctx, {
        action: "business_calendar.holidays_add_kr",
        entityType: "business_calendar",
        entityId: calendarId,
        after: added.map((h) => ({ date: h.date, name: h.name })),
      });
    }
    return { added: added.length };
  });
}

export type CalendarWithHolidays = typeof businessCalendars.$inferSelect & {
  holidays: { id: string; date: string; name: string }[];
};

// Policies name their calendar, so everyone who may read SLAs may read the calendars.
export async function listBusinessCalendars(ctx: Ctx): Promise<CalendarWithHolidays[]> {
  assertCan(ctx.actor, "sla.read");
  const calendars = await ctx.db.select().from(businessCalendars).orderBy(asc(businessCalendars.name));
  const holidays = await ctx.db
    .select({
      id: calendarHolidays.id,
      calendarId: calendarHolidays.calendarId,
      date: calendarHolidays.date,
      name: calendarHolidays.name,
    })
    .from(calendarHolidays)
    .orderBy(asc(calendarHolidays.date));
  return calendars.map((c) => ({
    ...c,
    holidays: holidays.filter((h) => h.calendarId === c.id).map(({ calendarId: _, ...h }) => h),
  }));
}
