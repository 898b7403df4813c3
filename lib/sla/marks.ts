import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, type SlaMetric, ticketActivities } from "@/db/schema";
import { pgArray } from "@/lib/engine/pg-array";

export const SLA_MARK_CHANNEL = "wd_sla_mark";
export const SLA_ACTOR = "system:sla";

export type SlaMarkKind = "warning" | "breach";
export type SlaMark = {
  ticketId: string;
  number: string;
  metric: SlaMetric;
  mark: SlaMarkKind;
  dueAt: string;
  markedAt: string;
};

type Subscriber = (mark: SlaMark) => void | Promise<void>;
const subscribers = new Set<Subscriber>();

// Notification and escalation code subscribes here (in the workers) or LISTENs on SLA_MARK_CHANNEL from anywhere.
export function onSlaMark(fn: Subscriber): () => void {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

// Writes the warning and breach marks that are due: one timeline entry, audit entry and event each, exactly once.
export async function markDueClocks(
  db: Db,
  now = new Date(),
  only?: { ticketId: string; metric: SlaMetric },
  limit = 500,
): Promise<SlaMark[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const marks = await db.transaction(async (tx) => {
    const rows = (await tx.execute(sql`
      with due as (
        select ticket_id, metric, case when due_at <= ${at} then 'breach' else 'warning' end as mark
          from sla_clocks
         where state = 'running'
           and ((breach_marked_at is null and due_at <= ${at})
             or (warning_marked_at is null and warn_at <= ${at} and due_at > ${at}))
           ${only ? sql`and ticket_id = ${only.ticketId} and metric = ${only.metric}` : sql``}
         order by least(due_at, warn_at)
         limit ${limit}
           for update skip locked)
      update sla_clocks c
         set warning_marked_at = coalesce(c.warning_marked_at, ${at}),
             breach_marked_at = case when d.mark = 'breach' then ${at} else c.breach_marked_at end,
             is_breached = c.is_breached or d.mark = 'breach'
        from due d, tickets t
       where c.ticket_id = d.ticket_id and c.metric = d.metric and t.id = c.ticket_id
      returning c.ticket_id as "ticketId", t.number, c.metric, d.mark, c.due_at as "dueAt",
                c.target_seconds as "targetSeconds", c.policy_id as "policyId"`)) as unknown as {
      ticketId: string;
      number: string;
      metric: SlaMetric;
      mark: SlaMarkKind;
      dueAt: Date | string;
      targetSeconds: number;
      policyId: string | null;
    }[];
    if (!rows.length) return [];
    const markedAt = now.toISOString();
    const marks = rows.map((r) => ({
      ticketId: r.ticketId,
      number: r.number,
      metric: r.metric,
      mark: r.mark,
      dueAt: new Date(r.dueAt).toISOString(),
      markedAt,
    }));
    await tx.insert(ticketActivities).values(
      rows.map((r, i) => ({
        ticketId: r.ticketId,
        kind: "sla_mark" as const,
        actorType: "system" as const,
        createdAt: now,
        data: {
          metric: r.metric,
          mark: r.mark,
          dueAt: marks[i].dueAt,
          targetSeconds: r.targetSeconds,
          policyId: r.policyId,
        },
      })),
    );
    await tx.insert(auditLog).values(
      marks.map((m) => ({
        actorType: "system" as const,
        actorLabel: SLA_ACTOR,
        action: `sla.${m.mark}`,
        entityType: "ticket",
        entityId: m.ticketId,
        after: { number: m.number, metric: m.metric, dueAt: m.dueAt },
      })),
    );
    await tx.execute(
      sql`select pg_notify(${SLA_MARK_CHANNEL}, m) from unnest(${pgArray(marks.map((m) => JSON.stringify(m)))}::text[]) m`,
    );
    return marks;
  });
  for (const mark of marks) {
    for (const fn of subscribers) {
      await Promise.resolve(fn(mark)).catch((error) => console.error(`[sla] subscriber failed: ${String(error)}`));
    }
  }
  return marks;
}

// The Postgres-side sweep: whatever Redis lost, every due mark is written on the next pass.
export async function sweepSlaMarks(db: Db, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const marks = await markDueClocks(db, now);
    total += marks.length;
    if (marks.length < 500) return total;
  }
}

// Timers for running clocks whose marks fall within the horizon: re-armed when the workers start or Redis returns.
export async function upcomingSlaTimers(db: Db, horizonMs: number, now = new Date()): Promise<string[]> {
  const rows = (await db.execute(sql`
    select ticket_id || ' ' || metric || ' ' ||
           coalesce(case when warning_marked_at is null then (extract(epoch from warn_at) * 1000)::bigint::text end, '-')
           || ' ' || (extract(epoch from due_at) * 1000)::bigint::text as timer
      from sla_clocks
     where state = 'running' and breach_marked_at is null
       and due_at <= ${new Date(now.getTime() + horizonMs).toISOString()}::timestamptz`)) as unknown as {
    timer: string;
  }[];
  return rows.map((r) => r.timer);
}
