import { asc, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  businessCalendars,
  calendarHolidays,
  type SlaClock,
  type SlaPolicy,
  slaClocks,
  slaPolicies,
  type TicketStatus,
  tickets,
} from "@/db/schema";
import { pgArray } from "@/lib/engine/pg-array";
import { type BusinessCalendar, cachedCalendar, compileCalendar } from "./business-time";
import { type DerivedClock, deriveClock, matchPolicy, type StatusChange, type TicketFacts } from "./clocks";

export const SLA_TIMER_CHANNEL = "wd_sla_timer";

export type SlaConfig = { policies: SlaPolicy[]; calendars: Map<string, BusinessCalendar> };

export async function loadSlaConfig(db: DbOrTx): Promise<SlaConfig> {
  const policies = await db.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));
  return { policies, calendars: await loadCalendars(db) };
}

// The compiled calendars (all, or these); holidays are read only for a calendar version not compiled yet.
export async function loadCalendars(db: DbOrTx, calendarIds?: string[]): Promise<Map<string, BusinessCalendar>> {
  const rows = await db
    .select()
    .from(businessCalendars)
    .where(calendarIds ? inArray(businessCalendars.id, calendarIds) : undefined);
  const calendars = new Map<string, BusinessCalendar>();
  const missing = rows.filter((r) => !cachedCalendar(`${r.id}:${r.version}`));
  const holidays = missing.length
    ? await db
        .select({ calendarId: calendarHolidays.calendarId, date: calendarHolidays.date })
        .from(calendarHolidays)
        .where(
          inArray(
            calendarHolidays.calendarId,
            missing.map((m) => m.id),
          ),
        )
    : [];
  for (const r of rows) {
    const key = `${r.id}:${r.version}`;
    const cal =
      cachedCalendar(key) ??
      compileCalendar(key, {
        timeZone: r.timeZone,
        hours: r.hours,
        holidays: holidays.filter((h) => h.calendarId === r.id).map((h) => h.date),
      });
    calendars.set(r.id, cal);
  }
  return calendars;
}

const DERIVED_COLUMNS = [
  "policy_id",
  "calendar_id",
  "priority",
  "target_seconds",
  "warn_percent",
  "state",
  "started_at",
  "intervals",
  "elapsed_seconds",
  "paused_seconds",
  "due_at",
  "warn_at",
  "stopped_at",
  "computed_at",
] as const;
const camel = (c: string) => c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase());

export type ExistingClock = Pick<
  SlaClock,
  | "ticketId"
  | "metric"
  | "state"
  | "stoppedAt"
  | "policyId"
  | "calendarId"
  | "priority"
  | "targetSeconds"
  | "warnPercent"
>;

export function deriveTicketClocks(
  t: TicketFacts,
  changes: StatusChange[],
  firstReplyAt: number | null,
  existing: ExistingClock[],
  config: SlaConfig,
  now: number,
): DerivedClock[] {
  const policy = matchPolicy(config.policies, t);
  const out: DerivedClock[] = [];
  for (const metric of ["response", "resolution"] as const) {
    const old = existing.find((e) => e.metric === metric);
    const pauseStatuses: readonly TicketStatus[] = policy?.pauseStatuses ?? ["pending"];
    // A clock that stopped keeps the terms it stopped under: later priority or policy edits do not rewrite history.
    if (old?.state === "stopped" && old.calendarId) {
      const cal = config.calendars.get(old.calendarId);
      if (cal) {
        const frozen = deriveClock(
          metric,
          t,
          changes,
          firstReplyAt,
          {
            policyId: old.policyId,
            calendarId: old.calendarId,
            priority: old.priority,
            targetMinutes: old.targetSeconds / 60,
            warnPercent: old.warnPercent,
          },
          pauseStatuses,
          cal,
          now,
        );
        if (frozen.state === "stopped") {
          out.push(frozen);
          continue;
        }
      }
    }
    const minutes = policy?.targets[t.priority]?.[metric];
    const cal = policy && config.calendars.get(policy.calendarId);
    if (!policy || !minutes || !cal) continue;
    out.push(
      deriveClock(
        metric,
        t,
        changes,
        firstReplyAt,
        {
          policyId: policy.id,
          calendarId: policy.calendarId,
          priority: t.priority,
          targetMinutes: minutes,
          warnPercent: policy.warnPercent,
        },
        pauseStatuses,
        cal,
        now,
      ),
    );
  }
  return out;
}

// Re-derives the clocks of these tickets from their history; called in the same transaction as every ticket change.
export async function refreshSlaClocks(tx: DbOrTx, ticketIds: string[], now = new Date()) {
  const ids = [...new Set(ticketIds)];
  if (!ids.length) return [];
  const config = await loadSlaConfig(tx);
  if (!config.policies.length) {
    await tx.delete(slaClocks).where(sql`${slaClocks.ticketId} = any(${pgArray(ids)}::uuid[]) and state <> 'stopped'`);
    return [];
  }
  const facts = await tx
    .select({
      id: tickets.id,
      type: tickets.type,
      priority: tickets.priority,
      serviceId: tickets.serviceId,
      teamId: tickets.teamId,
      status: tickets.status,
      createdAt: tickets.createdAt,
      firstEventAt: tickets.firstEventAt,
    })
    .from(tickets)
    .where(inArray(tickets.id, ids));
  const history = (await tx.execute(sql`
    select ticket_id as "ticketId", (extract(epoch from created_at) * 1000)::float8 as at, data->>'to' as "to"
      from ticket_activities
     where ticket_id = any(${pgArray(ids)}::uuid[]) and kind = 'status_change'
     order by ticket_id, created_at, id`)) as unknown as { ticketId: string; at: number; to: TicketStatus }[];
  const replies = (await tx.execute(sql`
    select a.ticket_id as "ticketId", (extract(epoch from min(a.created_at)) * 1000)::float8 as at
      from ticket_activities a join users u on u.id = a.actor_id
     where a.ticket_id = any(${pgArray(ids)}::uuid[]) and a.kind = 'comment' and a.visibility = 'public'
       and u.role <> 'requester'
     group by a.ticket_id`)) as unknown as { ticketId: string; at: number }[];
  const existing = await tx
    .select({
      ticketId: slaClocks.ticketId,
      metric: slaClocks.metric,
      state: slaClocks.state,
      stoppedAt: slaClocks.stoppedAt,
      policyId: slaClocks.policyId,
      calendarId: slaClocks.calendarId,
      priority: slaClocks.priority,
      targetSeconds: slaClocks.targetSeconds,
      warnPercent: slaClocks.warnPercent,
    })
    .from(slaClocks)
    .where(inArray(slaClocks.ticketId, ids));

  const changesBy = new Map<string, StatusChange[]>();
  for (const h of history) {
    const list = changesBy.get(h.ticketId) ?? [];
    list.push({ at: Number(h.at), to: h.to });
    changesBy.set(h.ticketId, list);
  }
  const replyBy = new Map(replies.map((r) => [r.ticketId, Number(r.at)]));
  const rows: (DerivedClock & { ticketId: string })[] = [];
  for (const t of facts) {
    const derived = deriveTicketClocks(
      t,
      changesBy.get(t.id) ?? [],
      replyBy.get(t.id) ?? null,
      existing.filter((e) => e.ticketId === t.id),
      config,
      now.getTime(),
    );
    for (const d of derived) rows.push({ ...d, ticketId: t.id });
  }
  const kept = new Set(rows.map((r) => `${r.ticketId}:${r.metric}`));
  const stale = existing.filter((e) => !kept.has(`${e.ticketId}:${e.metric}`));
  for (const s of stale) {
    await tx.delete(slaClocks).where(sql`${slaClocks.ticketId} = ${s.ticketId} and ${slaClocks.metric} = ${s.metric}`);
  }
  if (rows.length) {
    await tx
      .insert(slaClocks)
      .values(rows.map((r) => ({ ...r, computedAt: now })))
      .onConflictDoUpdate({
        target: [slaClocks.ticketId, slaClocks.metric],
        set: {
          ...Object.fromEntries(DERIVED_COLUMNS.map((c) => [camel(c), sql.raw(`excluded.${c}`)])),
          // A breach that was marked stays a breach, even if a later change moves the due time.
          isBreached: sql`excluded.is_breached or ${slaClocks.breachMarkedAt} is not null`,
        },
      });
    const timers = rows
      .filter((r) => r.state === "running" && r.dueAt)
      .map((r) => `${r.ticketId} ${r.metric} ${r.warnAt?.getTime() ?? "-"} ${r.dueAt?.getTime()}`);
    if (timers.length) {
      await tx.execute(sql`select pg_notify(${SLA_TIMER_CHANNEL}, t) from unnest(${pgArray(timers)}::text[]) t`);
    }
  }
  return rows;
}
