import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { ClockInterval, SlaClockState, SlaMetric } from "@/db/schema";
import { pgArray } from "@/lib/engine/pg-array";
import { OPEN_STATUSES } from "@/lib/tickets/status";
import { clockFigures } from "./clocks";
import { loadCalendars, refreshSlaClocks, SLA_TIMER_CHANNEL } from "./refresh";

export const SLA_CONFIG_CHANNEL = "wd_sla_config";

export type SlaConfigChange = { calendarId?: string; policyId?: string };

// Delivered on commit to the workers, which recompute the clocks the change touches.
export async function onSlaConfigChanged(tx: DbOrTx, change: SlaConfigChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${SLA_CONFIG_CHANNEL}, ${JSON.stringify(change)})`);
}

type ClockRow = {
  ticketId: string;
  metric: SlaMetric;
  intervals: ClockInterval[];
  targetSeconds: number;
  warnPercent: number;
  state: SlaClockState;
  stoppedAt: number | null;
  isMarked: boolean;
  elapsedSeconds: number;
  dueAt: number | null;
  warnAt: number | null;
  isBreached: boolean;
};

const FIRST_KEY = { ticketId: "00000000-0000-0000-0000-000000000000", metric: "response" as SlaMetric };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// After a calendar edit: every clock on it gets elapsed, due and breach again from its stored running periods. Only
// the clocks whose figures moved are written, and only those whose due or warning instant moved re-arm their timers;
// the next batch is read while one is computed and written. The update names its batch's key range, so no plan
// hashes the batch against a scan of the whole table (chosen at 100k clocks, once per batch).
export async function recomputeCalendarClocks(db: Db, calendarId: string, batchSize = 10_000, now = new Date()) {
  const cal = (await loadCalendars(db, [calendarId])).get(calendarId);
  if (!cal) return 0;
  const at = now.getTime();
  const read = async (after: { ticketId: string; metric: SlaMetric }) =>
    (await db.execute(sql`
      select ticket_id as "ticketId", metric, intervals, target_seconds as "targetSeconds",
             warn_percent as "warnPercent", state, (extract(epoch from stopped_at) * 1000)::float8 as "stoppedAt",
             breach_marked_at is not null as "isMarked", elapsed_seconds as "elapsedSeconds",
             (extract(epoch from due_at) * 1000)::float8 as "dueAt", (extract(epoch from warn_at) * 1000)::float8 as "warnAt",
             is_breached as "isBreached"
        from sla_clocks
       where calendar_id = ${calendarId}
         and (ticket_id, metric) > (${after.ticketId}::uuid, ${after.metric}::sla_metric)
       order by ticket_id, metric
       limit ${batchSize}`)) as unknown as ClockRow[];
  let total = 0;
  let next = read(FIRST_KEY);
  for (;;) {
    const rows = await next;
    if (!rows.length) return total;
    const last = rows[rows.length - 1];
    next = rows.length < batchSize ? Promise.resolve([]) : read(last);
    const ids: string[] = [];
    const metrics: string[] = [];
    const elapsed: number[] = [];
    const due: (string | null)[] = [];
    const warn: (string | null)[] = [];
    const breached: string[] = [];
    const timers: string[] = [];
    for (const r of rows) {
      const f = clockFigures(cal, r.intervals, r.targetSeconds, r.warnPercent, r.state, r.stoppedAt, at);
      const dueAt = f.dueAt?.getTime() ?? null;
      const warnAt = f.warnAt?.getTime() ?? null;
      const isBreached = f.isBreached || r.isMarked;
      const isMoved = dueAt !== r.dueAt || warnAt !== r.warnAt;
      if (!isMoved && f.elapsedSeconds === r.elapsedSeconds && isBreached === r.isBreached) continue;
      ids.push(r.ticketId);
      metrics.push(r.metric);
      elapsed.push(f.elapsedSeconds);
      due.push(iso(dueAt));
      warn.push(iso(warnAt));
      breached.push(String(isBreached));
      if (isMoved && r.state === "running" && dueAt !== null && !r.isMarked) {
        timers.push(`${r.ticketId} ${r.metric} ${warnAt ?? "-"} ${dueAt}`);
      }
    }
    if (ids.length) {
      await db.execute(sql`
        update sla_clocks c
           set elapsed_seconds = v.elapsed, due_at = v.due, warn_at = v.warn, is_breached = v.breached, computed_at = ${now.toISOString()}::timestamptz
          from unnest(${pgArray(ids)}::uuid[], ${pgArray(metrics)}::sla_metric[], ${pgArray(elapsed)}::int[],
                      ${pgArray(due)}::timestamptz[], ${pgArray(warn)}::timestamptz[], ${pgArray(breached)}::boolean[])
               as v(ticket_id, metric, elapsed, due, warn, breached)
         where c.ticket_id = v.ticket_id and c.metric = v.metric
           and c.ticket_id between ${ids[0]}::uuid and ${ids[ids.length - 1]}::uuid`);
    }
    if (timers.length) {
      await db.execute(sql`select pg_notify(${SLA_TIMER_CHANNEL}, t) from unnest(${pgArray(timers)}::text[]) t`);
    }
    total += rows.length;
  }
}

// After a policy edit: open tickets are matched again (stopped clocks keep the terms they stopped under).
export async function refreshOpenTicketClocks(db: Db, batchSize = 500) {
  let afterId = "00000000-0000-0000-0000-000000000000";
  let total = 0;
  for (;;) {
    const rows = (await db.execute(sql`
      select id from tickets
       where status = any(${pgArray([...OPEN_STATUSES])}::ticket_status[]) and id > ${afterId}::uuid
       order by id limit ${batchSize}`)) as unknown as { id: string }[];
    if (!rows.length) return total;
    await db.transaction((tx) =>
      refreshSlaClocks(
        tx,
        rows.map((r) => r.id),
      ),
    );
    total += rows.length;
    afterId = rows[rows.length - 1].id;
  }
}

// A calendar edit moves figures only (done above for every clock on it); which policy, target and pausing statuses
// apply changes with a policy edit alone.
export async function applySlaConfigChange(db: Db, change: SlaConfigChange) {
  let clocks = 0;
  if (change.calendarId) clocks += await recomputeCalendarClocks(db, change.calendarId);
  if (change.policyId || !change.calendarId) clocks += await refreshOpenTicketClocks(db);
  return clocks;
}
