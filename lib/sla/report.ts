/**
 * The SLA report: one function behind the page, its CSV files and `GET /api/v1/reports/sla`.
 *
 * - Population: tickets created in [from, to] (whole days in the report's time zone), after the team, service,
 *   priority and type filters. Priority and team are the ticket's current ones.
 * - A clock is *breached* when it was marked or found breached (`is_breached`), or it is still running past its due
 *   time; *met* when it stopped without breaching; otherwise *in progress* (running or paused, not yet due).
 *   Compliance % per metric = met / (met + breached) over the decided clocks; tickets without a clock for the metric
 *   (no policy or no target for their priority) are not counted in it.
 * - MTTA / MTTR: the mean over stopped response / resolution clocks. Wall-clock = the clock's stop minus its start,
 *   where the start is the ticket's creation, or its first event for alert-born incidents, and the response stops at
 *   the first acknowledgement or public staff reply; business = the clock's elapsed business time (calendar hours,
 *   holidays and pausing statuses excluded). Cancelled tickets count as stopped, as their clocks do.
 * - Breached tickets (per group): tickets with at least one breached clock. The breached list has one row per breached
 *   clock, newest due first; overdue = business time past the due time (to the stop, or to now while running).
 * - Trend: the same figures per ISO week (Monday start) of creation in the report's time zone.
 * - Backlog ageing: every ticket matching the filters (whenever created) that was open at the end of the period, or
 *   now when the period reaches today, by age since creation: < 1 d, 1–3 d, 3–7 d, 7–30 d, ≥ 30 d. "Open at" reads the
 *   resolution or cancellation time still on the ticket, so a reopened ticket counts as open since its creation.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { PRIORITIES, type Priority, type SlaMetric, TICKET_TYPES, type TicketType, users } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { env, isTimeZone } from "@/lib/env";
import { parseInput } from "@/lib/errors";
import { startOfDayIn } from "@/lib/time";
import type { BusinessCalendar } from "./business-time";
import { loadCalendars } from "./refresh";

export const REPORT_GROUPS = ["team", "priority", "service", "assignee", "month"] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];
export const MAX_REPORT_DAYS = 366;
export const BACKLOG_BUCKETS = ["lt1d", "d1to3", "d3to7", "d7to30", "gte30d"] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const day = (field: string) =>
  z
    .string({ error: "use a date as YYYY-MM-DD" })
    .refine((v) => DAY_PATTERN.test(v) && dayNumber(v) !== null, `${field} must be a date as YYYY-MM-DD`);
const optionalId = (field: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.uuid(`${field} must be an id`).optional());
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, field: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.enum(values, { error: `${field}: use ${values.join(", ")}` }).optional());

export const SlaReportInput = z
  .object({
    from: day("from"),
    to: day("to"),
    groupBy: z.enum(REPORT_GROUPS, { error: `use ${REPORT_GROUPS.join(", ")}` }),
    timeZone: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || isTimeZone(v), "use an IANA time zone such as Asia/Seoul"),
    teamId: optionalId("teamId"),
    serviceId: optionalId("serviceId"),
    priority: optionalEnum(PRIORITIES, "priority"),
    type: optionalEnum(TICKET_TYPES, "type"),
    breachedLimit: z.coerce.number().int().min(1, "1 to 10000").max(10_000, "1 to 10000").default(50),
    breachedOffset: z.coerce.number().int().min(0, "0 or more").default(0),
  })
  .superRefine((v, issue) => {
    const from = dayNumber(v.from);
    const to = dayNumber(v.to);
    if (from === null || to === null) return;
    if (from > to) issue.addIssue({ code: "custom", path: ["from"], message: `${v.from} is after to (${v.to})` });
    else if (to - from + 1 > MAX_REPORT_DAYS) {
      issue.addIssue({
        code: "custom",
        path: ["to"],
        message: `the period is ${to - from + 1} days; at most ${MAX_REPORT_DAYS}`,
      });
    }
  });
export type SlaReportInput = z.input<typeof SlaReportInput>;

export type MetricFigures = { met: number; breached: number; inProgress: number; compliance: number | null };
// Mean seconds; null when no clock of the metric stopped.
export type MeanDuration = { business: number | null; wall: number | null };
export type ReportFigures = {
  tickets: number;
  breachedTickets: number;
  response: MetricFigures;
  resolution: MetricFigures;
  mtta: MeanDuration;
  mttr: MeanDuration;
};
// key: a team/service/user id, a priority or a month (YYYY-MM); null for tickets without one. label: its name.
export type ReportGroupRow = ReportFigures & { key: string | null; label: string | null };
export type ReportWeek = ReportFigures & { week: string; start: string };
export type BacklogRow = { key: string | null; label: string | null; total: number } & Record<BacklogBucket, number>;
export type BreachedClock = {
  number: string;
  title: string;
  priority: Priority;
  teamId: string | null;
  teamName: string | null;
  metric: SlaMetric;
  state: "running" | "paused" | "stopped";
  dueAt: string | null;
  stoppedAt: string | null;
  overdueSeconds: number;
};
export type SlaReport = {
  period: { from: string; to: string; timeZone: string; start: string; end: string; groupBy: ReportGroup };
  filters: { teamId: string | null; serviceId: string | null; priority: Priority | null; type: TicketType | null };
  summary: ReportFigures;
  groups: ReportGroupRow[];
  trend: ReportWeek[];
  backlog: { at: string; rows: BacklogRow[]; total: BacklogRow };
  breached: { total: number; offset: number; limit: number; rows: BreachedClock[] };
};

// Days since 1970-01-01 for a real calendar date, else null (2026-02-30 is not one).
function dayNumber(value: string): number | null {
  const [y, m, d] = value.split("-").map(Number);
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

const dayString = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

// ISO 8601 week of a Monday: the week belongs to the year of its Thursday.
export function isoWeek(monday: string): string {
  const thursday = (dayNumber(monday) as number) + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const firstThursday = (Date.UTC(year, 0, 1) / 86_400_000) as number;
  const jan1Weekday = (new Date(firstThursday * 86_400_000).getUTCDay() + 6) % 7;
  const week = Math.floor((thursday - (firstThursday + ((3 - jan1Weekday + 7) % 7))) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const OPEN = sql.raw(`'new', 'acknowledged', 'in_progress', 'pending'`);
// The time a closed ticket was open; repeats the expression of the index tickets_closed_span_idx exactly.
const CLOSED_SPAN = sql`tstzrange(t.created_at, greatest(t.created_at, coalesce(t.resolved_at, t.closed_at, t.updated_at)), '[)')`;
// A clock's category: null none, 0 in progress, 1 met, 2 breached and stopped, 3 breached and still running or paused.
function category(alias: "r" | "s", now: SQL): SQL {
  const c = sql.raw(alias);
  return sql`case when ${c}.state is null then null
    when ${c}.is_breached or (${c}.state = 'running' and ${c}.due_at <= ${now}) then case when ${c}.state = 'stopped' then 2 else 3 end
    when ${c}.state = 'stopped' then 1 else 0 end`;
}
const stoppedBusiness = (c: "r" | "s") => sql.raw(`case when ${c}.state = 'stopped' then ${c}.elapsed_seconds end`);
const stoppedWall = (c: "r" | "s") =>
  sql.raw(`case when ${c}.state = 'stopped' then date_part('epoch', ${c}.stopped_at - ${c}.started_at) end`);

function groupKey(groupBy: ReportGroup, tz: string): SQL {
  if (groupBy === "team") return sql`t.team_id`;
  if (groupBy === "service") return sql`t.service_id`;
  if (groupBy === "assignee") return sql`t.assignee_id`;
  if (groupBy === "priority") return sql`t.priority`;
  return sql`date_trunc('month', t.created_at at time zone ${tz})`;
}

// The grouped key as text, and its label, over rows whose native key column is `gkey`.
function keyAndLabel(groupBy: ReportGroup): { key: SQL; label: SQL } {
  if (groupBy === "month") {
    const key = sql`to_char(gkey, 'YYYY-MM')`;
    return { key, label: key };
  }
  const table = { team: "teams", service: "services", assignee: "users", priority: null }[groupBy];
  return {
    key: sql`gkey::text`,
    label: table ? sql.raw(`(select name from ${table} where id = gkey)`) : sql`gkey::text`,
  };
}

const number = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const percent = (met: number, breached: number) =>
  met + breached ? Math.round((met * 1000) / (met + breached)) / 10 : null;
const mean = (sum: unknown, n: number) => (n && sum !== null ? Math.round(Number(sum) / n) : null);

type FigureRow = {
  tickets: number;
  b: number;
  r_met: number;
  r_br: number;
  r_prog: number;
  r_n: number;
  r_bus: number | null;
  r_wall: number | null;
  s_met: number;
  s_br: number;
  s_prog: number;
  s_n: number;
  s_bus: number | null;
  s_wall: number | null;
};

function figures(r: FigureRow): ReportFigures {
  const metric = (met: number, breached: number, inProgress: number): MetricFigures => ({
    met: number(met),
    breached: number(breached),
    inProgress: number(inProgress),
    compliance: percent(number(met), number(breached)),
  });
  return {
    tickets: number(r.tickets),
    breachedTickets: number(r.b),
    response: metric(r.r_met, r.r_br, r.r_prog),
    resolution: metric(r.s_met, r.s_br, r.s_prog),
    mtta: { business: mean(r.r_bus, number(r.r_n)), wall: mean(r.r_wall, number(r.r_n)) },
    mttr: { business: mean(r.s_bus, number(r.s_n)), wall: mean(r.s_wall, number(r.s_n)) },
  };
}

const EMPTY_FIGURES: FigureRow = {
  tickets: 0,
  b: 0,
  r_met: 0,
  r_br: 0,
  r_prog: 0,
  r_n: 0,
  r_bus: null,
  r_wall: null,
  s_met: 0,
  s_br: 0,
  s_prog: 0,
  s_n: 0,
  s_bus: null,
  s_wall: null,
};

const PRIORITY_ORDER = new Map<string, number>(PRIORITIES.map((p, i) => [p, i]));
function compareGroups(groupBy: ReportGroup) {
  return (a: { key: string | null; label: string | null }, b: { key: string | null; label: string | null }) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    if (groupBy === "priority") return (PRIORITY_ORDER.get(a.key) ?? 9) - (PRIORITY_ORDER.get(b.key) ?? 9);
    if (groupBy === "month") return a.key.localeCompare(b.key);
    return (a.label ?? "").localeCompare(b.label ?? "", undefined, { numeric: true }) || a.key.localeCompare(b.key);
  };
}

async function viewerTimeZone(ctx: Ctx): Promise<string> {
  const id = actorUserId(ctx.actor);
  if (id) {
    const [row] = await ctx.db.select({ timezone: users.timezone }).from(users).where(eq(users.id, id));
    if (row) return row.timezone;
  }
  return env().DEFAULT_TIMEZONE;
}

// Clocks start at creation or at an earlier first event; a first event more than a day before the period starts is
// rare enough to fetch those tickets' clocks by key, so the common path joins only the clocks started near the period.
const LATE_EVENT = sql`t.created_at - t.first_event_at > interval '1 day'`;

// Each query reads many rows once: compiling it (JIT) costs more than it saves, and its hash joins want memory.
function query<T>(ctx: Ctx, statement: SQL): Promise<T[]> {
  if (ctx.db instanceof PgTransaction) return ctx.db.execute(statement) as unknown as Promise<T[]>;
  return (ctx.db as Db).transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`);
    return (await tx.execute(statement)) as unknown as T[];
  });
}

export async function getSlaReport(ctx: Ctx, input: SlaReportInput, now = new Date()): Promise<SlaReport> {
  assertCan(ctx.actor, "reports.read");
  const f = parseInput(SlaReportInput, input);
  const timeZone = f.timeZone ?? (await viewerTimeZone(ctx));
  const start = startOfDayIn(f.from, timeZone);
  const end = startOfDayIn(dayString((dayNumber(f.to) as number) + 1), timeZone);
  const clocksFrom = new Date(start.getTime() - 86_400_000 - 1000);
  const backlogAt = end < now ? end : now;
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const nowSql = at(now);

  const filters = sql.join(
    [
      f.teamId ? sql`and t.team_id = ${f.teamId}` : undefined,
      f.serviceId ? sql`and t.service_id = ${f.serviceId}` : undefined,
      f.priority ? sql`and t.priority = ${f.priority}` : undefined,
      f.type ? sql`and t.type = ${f.type}` : undefined,
    ].filter((s): s is SQL => !!s),
    sql` `,
  );
  const inPeriod = sql`t.created_at >= ${at(start)} and t.created_at < ${at(end)} ${filters}`;
  const nearClocks = (metric: SlaMetric) =>
    sql`(select * from sla_clocks where metric = ${metric} and started_at >= ${at(clocksFrom)} and started_at < ${at(end)})`;
  const gkey = groupKey(f.groupBy, timeZone);
  const { key, label } = keyAndLabel(f.groupBy);
  const week = sql`date_trunc('week', t.created_at at time zone ${timeZone})`;
  const perTicket = (joins: SQL, where: SQL) => sql`
    select ${gkey} as gkey, ${week} as week, ${category("r", nowSql)} as rc, ${category("s", nowSql)} as sc,
           ${stoppedBusiness("r")} as r_bus, ${stoppedWall("r")} as r_wall,
           ${stoppedBusiness("s")} as s_bus, ${stoppedWall("s")} as s_wall
      from tickets t ${joins}
     where ${inPeriod} and ${where}`;

  const aggregate = query<FigureRow & { key: string | null; label: string | null; week: string | null; level: number }>(
    ctx,
    sql`
    with fine as (
      select gkey, week, rc, sc, count(*)::int as n, sum(r_bus)::float8 as r_bus, sum(r_wall) as r_wall,
             sum(s_bus)::float8 as s_bus, sum(s_wall) as s_wall
        from (${perTicket(
          sql`left join ${nearClocks("response")} r on r.ticket_id = t.id
              left join ${nearClocks("resolution")} s on s.ticket_id = t.id`,
          sql`(t.first_event_at is null or t.first_event_at >= ${at(clocksFrom)})`,
        )}
        union all ${perTicket(
          sql`left join sla_clocks r on r.ticket_id = t.id and r.metric = 'response'
              left join sla_clocks s on s.ticket_id = t.id and s.metric = 'resolution'`,
          sql`t.first_event_at < ${at(clocksFrom)} and ${LATE_EVENT}`,
        )}) p
       group by 1, 2, 3, 4)
    select ${key} as key, ${label} as label, to_char(week, 'YYYY-MM-DD') as week, grouping(gkey, week)::int as level,
           sum(n)::int as tickets,
           coalesce(sum(n) filter (where rc >= 2 or sc >= 2), 0)::int as b,
           coalesce(sum(n) filter (where rc = 1), 0)::int as r_met,
           coalesce(sum(n) filter (where rc >= 2), 0)::int as r_br,
           coalesce(sum(n) filter (where rc = 0), 0)::int as r_prog,
           coalesce(sum(n) filter (where rc in (1, 2)), 0)::int as r_n,
           sum(r_bus) as r_bus, sum(r_wall) as r_wall,
           coalesce(sum(n) filter (where sc = 1), 0)::int as s_met,
           coalesce(sum(n) filter (where sc >= 2), 0)::int as s_br,
           coalesce(sum(n) filter (where sc = 0), 0)::int as s_prog,
           coalesce(sum(n) filter (where sc in (1, 2)), 0)::int as s_n,
           sum(s_bus) as s_bus, sum(s_wall) as s_wall
      from fine
     group by grouping sets ((gkey), (week), ())`,
  );

  const age = sql`date_part('epoch', ${at(backlogAt)} - t.created_at)`;
  const backlog = query<
    { key: string | null; label: string | null; level: number; total: number } & Record<BacklogBucket, number>
  >(
    ctx,
    sql`
    select ${key} as key, ${label} as label, grouping(gkey)::int as level, sum(n)::int as total,
           coalesce(sum(n) filter (where bucket = 0), 0)::int as lt1d,
           coalesce(sum(n) filter (where bucket = 1), 0)::int as d1to3,
           coalesce(sum(n) filter (where bucket = 2), 0)::int as d3to7,
           coalesce(sum(n) filter (where bucket = 3), 0)::int as d7to30,
           coalesce(sum(n) filter (where bucket = 4), 0)::int as gte30d
      from (select ${gkey} as gkey,
                   case when ${age} < 86400 then 0 when ${age} < 3 * 86400 then 1 when ${age} < 7 * 86400 then 2
                        when ${age} < 30 * 86400 then 3 else 4 end as bucket,
                   count(*) as n
              from (select t.created_at, t.team_id, t.service_id, t.assignee_id, t.priority, t.type
                      from tickets t
                     where t.status in (${OPEN}) and t.created_at <= ${at(backlogAt)} ${filters}
                    union all
                    select t.created_at, t.team_id, t.service_id, t.assignee_id, t.priority, t.type
                      from tickets t
                     where t.status not in (${OPEN}) and ${CLOSED_SPAN} @> ${at(backlogAt)} ${filters}) t
             group by 1, 2) b
     group by grouping sets ((gkey), ())`,
  );

  // Clocks of the period, plus those of late-event tickets (their clocks started before the range); never both.
  const breached = query<{
    number: string;
    title: string;
    priority: Priority;
    team_id: string | null;
    team_name: string | null;
    metric: SlaMetric;
    state: "running" | "paused" | "stopped";
    due_at: string | Date | null;
    stopped_at: string | Date | null;
    elapsed_seconds: number;
    target_seconds: number;
    calendar_id: string | null;
  }>(
    ctx,
    sql`
    select t.number, t.title, t.priority, t.team_id, (select name from teams where id = t.team_id) as team_name,
           c.metric, c.state, c.due_at, c.stopped_at, c.elapsed_seconds, c.target_seconds, c.calendar_id
      from (select ticket_id, metric, state, due_at, stopped_at, elapsed_seconds, target_seconds, calendar_id,
                   is_breached
              from sla_clocks
             where (is_breached or state <> 'stopped') and started_at >= ${at(clocksFrom)} and started_at < ${at(end)}
            union all
            select c.ticket_id, c.metric, c.state, c.due_at, c.stopped_at, c.elapsed_seconds, c.target_seconds,
                   c.calendar_id, c.is_breached
              from tickets t join sla_clocks c on c.ticket_id = t.id
             where ${inPeriod} and t.first_event_at < ${at(clocksFrom)} and ${LATE_EVENT}) c
      join tickets t on t.id = c.ticket_id
     where (c.is_breached or (c.state = 'running' and c.due_at <= ${nowSql})) and ${inPeriod}
     order by c.due_at desc nulls last, t.number, c.metric
     limit ${f.breachedLimit} offset ${f.breachedOffset}`,
  );

  const [aggregateRows, backlogRows, breachedRows] = await Promise.all([aggregate, backlog, breached]);

  const summaryRow = aggregateRows.find((r) => r.level === 3) ?? EMPTY_FIGURES;
  const groups = aggregateRows
    .filter((r) => r.level === 1)
    .map((r) => ({ key: r.key, label: r.label, ...figures(r) }))
    .sort(compareGroups(f.groupBy));

  const weeks = new Map(aggregateRows.filter((r) => r.level === 2).map((r) => [r.week as string, r]));
  const trend: ReportWeek[] = [];
  const firstMonday = mondayOf(f.from);
  for (let d = firstMonday; d <= (dayNumber(f.to) as number); d += 7) {
    const monday = dayString(d);
    trend.push({ week: isoWeek(monday), start: monday, ...figures(weeks.get(monday) ?? EMPTY_FIGURES) });
  }

  const backlogRow = (r: (typeof backlogRows)[number]): BacklogRow => ({
    key: r.key,
    label: r.label,
    total: r.total,
    lt1d: r.lt1d,
    d1to3: r.d1to3,
    d3to7: r.d3to7,
    d7to30: r.d7to30,
    gte30d: r.gte30d,
  });
  const backlogTotal = backlogRows.find((r) => r.level === 1);

  const running = breachedRows.filter((r) => r.state === "running" && r.calendar_id);
  const calendars = running.length
    ? await loadCalendars(ctx.db, [...new Set(running.map((r) => r.calendar_id as string))])
    : new Map<string, BusinessCalendar>();
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  const rows: BreachedClock[] = breachedRows.map((r) => {
    const due = r.due_at === null ? null : new Date(r.due_at).getTime();
    const calendar = r.calendar_id ? calendars.get(r.calendar_id) : undefined;
    const overdueMs =
      r.state !== "running" || due === null
        ? (r.elapsed_seconds - r.target_seconds) * 1000
        : calendar
          ? calendar.businessMs(due, now.getTime())
          : now.getTime() - due;
    return {
      number: r.number,
      title: r.title,
      priority: r.priority,
      teamId: r.team_id,
      teamName: r.team_name,
      metric: r.metric,
      state: r.state,
      dueAt: iso(r.due_at),
      stoppedAt: iso(r.stopped_at),
      overdueSeconds: Math.max(0, Math.round(overdueMs / 1000)),
    };
  });

  const summary = figures(summaryRow);
  return {
    period: {
      from: f.from,
      to: f.to,
      timeZone,
      start: start.toISOString(),
      end: end.toISOString(),
      groupBy: f.groupBy,
    },
    filters: {
      teamId: f.teamId ?? null,
      serviceId: f.serviceId ?? null,
      priority: f.priority ?? null,
      type: f.type ?? null,
    },
    summary,
    groups,
    trend,
    backlog: {
      at: backlogAt.toISOString(),
      rows: backlogRows
        .filter((r) => r.level === 0)
        .map(backlogRow)
        .sort(compareGroups(f.groupBy)),
      total: backlogTotal
        ? backlogRow(backlogTotal)
        : { key: null, label: null, total: 0, lt1d: 0, d1to3: 0, d3to7: 0, d7to30: 0, gte30d: 0 },
    },
    breached: {
      total: summary.response.breached + summary.resolution.breached,
      offset: f.breachedOffset,
      limit: f.breachedLimit,
      rows,
    },
  };
}

function mondayOf(value: string): number {
  const n = dayNumber(value) as number;
  // 1970-01-01 was a Thursday.
  return n - ((n + 3) % 7);
}
