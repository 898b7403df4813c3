import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { ClockInterval, SlaClockState, SlaMetric } from "@/db/schema";
import { pgArray } from "@/lib/engine/pg-array";
import { clockFigures } from "./clocks";
import { loadSlaConfig, refreshSlaClocks, SLA_TIMER_CHANNEL } from "./refresh";

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
  stoppedAt: Date | null;
  breachMarkedAt: Date | null;
};

// After a calendar edit: every clock on it gets elapsed, due and breach again from its stored running periods.
export async function recomputeCalendarClocks(db: Db, calendarId: string, batchSize = 10_000, now = new Date()) {
  const { calendars } = await loadSlaConfig(db, [calendarId]);
  const cal = calendars.get(calendarId);
  if (!cal) return 0;
  let after = { ticketId: "00000000-0000-0000-0000-000000000000", metric: "resolution" as SlaMetric };
  let first = true;
  let total = 0;
  for (;;) {
    const rows = (await db.execute(sql`
      select ticket_id as "ticketId", metric, intervals, target_seconds as "targetSeconds",
             warn_percent as "warnPercent", state, stopped_at as "stoppedAt", breach_marked_at as "breachMarkedAt"
        from sla_clocks
       where calendar_id = ${calendarId}
         ${first ? sql`` : sql`and (ticket_id, metric) > (${after.ticketId}::uuid, ${after.metric}::sla_metric)`}
       order by ticket_id, metric
       limit ${batchSize}`)) as unknown as ClockRow[];
    first = false;
    if (!rows.length) return total;
    const ids: string[] = [];
    const metrics: string[] = [];
    const elapsed: number[] = [];
    const due: (string | null)[] = [];
    const warn: (string | null)[] = [];
    const breached: string[] = [];
    const timers: string[] = [];
    for (const r of rows) {
      const stopped = r.stoppedAt ? new Date(r.stoppedAt).getTime() : null;
      const f = clockFigures(cal, r.intervals, r.targetSeconds, r.warnPercent, r.state, stopped, now.getTime());
      const dueAt = r.state === "paused" && !f.isBreached ? null : f.dueAt;
      ids.push(r.ticketId);
      metrics.push(r.metric);
      elapsed.push(f.elapsedSeconds);
      due.push(dueAt ? dueAt.toISOString() : null);
      warn.push(f.warnAt ? f.warnAt.toISOString() : null);
      breached.push(String(f.isBreached || r.breachMarkedAt !== null));
      if (r.state === "running" && dueAt && !r.breachMarkedAt) {
        timers.push(`${r.ticketId} ${r.metric} ${f.warnAt?.getTime() ?? "-"} ${dueAt.getTime()}`);
      }
    }
    await db.execute(sql`
      update sla_clocks c
         set elapsed_seconds = v.elapsed, due_at = v.due, warn_at = v.warn, is_breached = v.breached, computed_at = ${now.toISOString()}::timestamptz
        from unnest(${pgArray(ids)}::uuid[], ${pgArray(metrics)}::sla_metric[], ${pgArray(elapsed)}::int[],
                    ${pgArray(due)}::timestamptz[], ${pgArray(warn)}::timestamptz[], ${pgArray(breached)}::boolean[])
             as v(ticket_id, metric, elapsed, due, warn, breached)
       where c.ticket_id = v.ticket_id and c.metric = v.metric`);
    if (timers.length) {
      await db.execute(sql`select pg_notify(${SLA_TIMER_CHANNEL}, t) from unnest(${pgArray(timers)}::text[]) t`);
    }
    total += rows.length;
    const last = rows[rows.length - 1];
    after = { ticketId: last.ticketId, metric: last.metric };
  }
}

// After a policy edit: open tickets are matched again (stopped clocks keep the terms they stopped under).
export async function refreshOpenTicketClocks(db: Db, batchSize = 500) {
  let afterId = "00000000-0000-0000-0000-000000000000";
  let total = 0;
  for (;;) {
    const rows = (await db.execute(sql`
      select id from tickets
       where status in ('new', 'acknowledged', 'in_progress', 'pending') and id > ${afterId}::uuid
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

export async function applySlaConfigChange(db: Db, change: SlaConfigChange) {
  let clocks = 0;
  if (change.calendarId) clocks += await recomputeCalendarClocks(db, change.calendarId);
  clocks += await refreshOpenTicketClocks(db);
  return clocks;
}
