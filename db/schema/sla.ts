import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { type Priority, priorityEnum, type TicketStatus, ticketStatusEnum, tickets, ticketTypeEnum } from "./desk";

// ISO weekday (1 = Monday … 7 = Sunday) and wall-clock times in the calendar's zone; "24:00" ends a day.
export type WorkingHours = { day: number; start: string; end: string };

export const businessCalendars = pgTable(
  "business_calendars",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    hours: jsonb("hours").$type<WorkingHours[]>().notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("business_calendars_name_idx").on(sql`lower(${t.name})`)],
);
export type BusinessCalendar = typeof businessCalendars.$inferSelect;

export const calendarHolidays = pgTable(
  "calendar_holidays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    calendarId: uuid("calendar_id")
      .notNull()
      .references(() => businessCalendars.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("calendar_holidays_calendar_id_date_idx").on(t.calendarId, t.date)],
);
export type CalendarHoliday = typeof calendarHolidays.$inferSelect;

export type SlaTarget = { response: number | null; resolution: number | null };
export type SlaTargets = Partial<Record<Priority, SlaTarget>>;

export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    isActive: boolean("is_active").notNull().default(true),
    ticketTypes: ticketTypeEnum("ticket_types").array().notNull().default(sql`'{}'`),
    priorities: priorityEnum("priorities").array().notNull().default(sql`'{}'`),
    serviceIds: uuid("service_ids").array().notNull().default(sql`'{}'::uuid[]`),
    teamIds: uuid("team_ids").array().notNull().default(sql`'{}'::uuid[]`),
    calendarId: uuid("calendar_id")
      .notNull()
      .references(() => businessCalendars.id, { onDelete: "restrict" }),
    // Minutes per priority; a priority without a target gets no clock for that metric.
    targets: jsonb("targets").$type<SlaTargets>().notNull(),
    pauseStatuses: ticketStatusEnum("pause_statuses")
      .array()
      .notNull()
      .default(sql`'{pending}'`)
      .$type<TicketStatus[]>(),
    warnPercent: smallint("warn_percent").notNull().default(75),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sla_policies_name_idx").on(sql`lower(${t.name})`),
    index("sla_policies_position_idx").on(t.position),
    check("sla_policies_warn_percent_check", sql`${t.warnPercent} between 1 and 99`),
  ],
);
export type SlaPolicy = typeof slaPolicies.$inferSelect;

export const SLA_METRICS = ["response", "resolution"] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export const slaMetricEnum = pgEnum("sla_metric", SLA_METRICS);

export const SLA_CLOCK_STATES = ["running", "paused", "stopped"] as const;
export type SlaClockState = (typeof SLA_CLOCK_STATES)[number];
export const slaClockStateEnum = pgEnum("sla_clock_state", SLA_CLOCK_STATES);

// [start, end] in epoch ms of the time the clock ran (pauses excluded); end null while it runs.
export type ClockInterval = [number, number | null];

// Derived from the ticket's history by lib/sla/clocks.ts; can be rebuilt from it at any time.
export const slaClocks = pgTable(
  "sla_clocks",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    metric: slaMetricEnum("metric").notNull(),
    policyId: uuid("policy_id").references(() => slaPolicies.id, { onDelete: "set null" }),
    calendarId: uuid("calendar_id").references(() => businessCalendars.id, { onDelete: "set null" }),
    priority: priorityEnum("priority").notNull(),
    targetSeconds: integer("target_seconds").notNull(),
    warnPercent: smallint("warn_percent").notNull(),
    state: slaClockStateEnum("state").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    intervals: jsonb("intervals").$type<ClockInterval[]>().notNull(),
    elapsedSeconds: integer("elapsed_seconds").notNull(),
    pausedSeconds: integer("paused_seconds").notNull().default(0),
    dueAt: timestamp("due_at", { withTimezone: true }),
    warnAt: timestamp("warn_at", { withTimezone: true }),
    stoppedAt: timestamp("stopped_at", { withTimezone: true }),
    isBreached: boolean("is_breached").notNull().default(false),
    warningMarkedAt: timestamp("warning_marked_at", { withTimezone: true }),
    breachMarkedAt: timestamp("breach_marked_at", { withTimezone: true }),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric], name: "sla_clocks_pkey" }),
    index("sla_clocks_calendar_id_idx").on(t.calendarId),
    // The SLA report's range scan by clock start, covering what it reads so the scan never visits the table.
    index("sla_clocks_metric_started_at_idx").on(
      t.metric,
      t.startedAt,
      t.ticketId,
      t.state,
      t.isBreached,
      t.dueAt,
      t.elapsedSeconds,
      t.stoppedAt,
    ),

    index("sla_clocks_policy_id_idx").on(t.policyId),
    // The SLA report's breached list: the few clocks that breached or still run, by clock start.
    index("sla_clocks_breached_started_at_idx").on(t.startedAt).where(sql`${t.isBreached} or ${t.state} <> 'stopped'`),
    index("sla_clocks_due_at_idx").on(t.dueAt).where(sql`${t.state} = 'running' and ${t.breachMarkedAt} is null`),
    index("sla_clocks_live_due_at_idx").on(t.dueAt, t.ticketId).where(sql`${t.state} <> 'stopped'`),
    index("sla_clocks_warn_at_idx").on(t.warnAt).where(sql`${t.state} = 'running' and ${t.warningMarkedAt} is null`),
    check("sla_clocks_target_seconds_check", sql`${t.targetSeconds} > 0`),
  ],
);
export type SlaClock = typeof slaClocks.$inferSelect;
