import { type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { slaClocks } from "@/db/schema";

// Breaching soon: a running clock past its warning instant and not yet due. Breached: a clock not stopped and overdue.
// A ticket is in at most one of them, listed once, by its clock due first.
export const DUE_VIEWS = ["breaching", "breached"] as const;
export type DueView = (typeof DUE_VIEWS)[number];

export const isDueView = (view: string): view is DueView => (DUE_VIEWS as readonly string[]).includes(view);

const other = alias(slaClocks, "other_clock");

// Breaching soon is spelled with sla_clocks_due_at_idx's predicate so an ordered scan of that index serves it;
// Breached is an ordered scan of sla_clocks_live_due_at_idx, (due_at, ticket_id) where state <> 'stopped'.
function isInView(view: DueView, at: SQL): SQL {
  if (view === "breaching") {
    return sql`${slaClocks.state} = 'running' and ${slaClocks.breachMarkedAt} is null and not ${slaClocks.isBreached}
      and ${slaClocks.dueAt} > ${at} and ${slaClocks.warnAt} <= ${at}`;
  }
  return sql`${slaClocks.state} <> 'stopped' and ${slaClocks.dueAt} is not null
    and (${slaClocks.dueAt} <= ${at} or ${slaClocks.isBreached})`;
}

// The clocks that place tickets in the view, as a subquery "due_clock" (ticket_id, metric, due_at).
export function dueClocks(db: DbOrTx, view: DueView, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const source = db
    .select({ ticketId: slaClocks.ticketId, metric: slaClocks.metric, dueAt: slaClocks.dueAt })
    .from(slaClocks)
    .where(isInView(view, at))
    .as("due_clock");
  return { source, at };
}

export const dueClockColumns = {
  ticketId: sql`"due_clock"."ticket_id"`,
  metric: sql`"due_clock"."metric"`,
  dueAt: sql`"due_clock"."due_at"`,
};
const clock = dueClockColumns;

// The ticket's other clock outranks this one: it is breached while this one only warns, or it is due first.
export function isOutranked(view: DueView, at: SQL): SQL {
  const isOverdue = sql`(${other.isBreached} or ${other.dueAt} <= ${at})`;
  const isFirst = sql`(${other.dueAt}, ${other.metric}) < (${clock.dueAt}, ${clock.metric})`;
  const outranks =
    view === "breaching"
      ? sql`(${isOverdue} or (${other.state} = 'running' and ${other.warnAt} <= ${at} and ${isFirst}))`
      : sql`${isOverdue} and ${isFirst}`;
  return sql`exists (select 1 from ${slaClocks} as ${sql.identifier("other_clock")} where ${other.ticketId} = ${clock.ticketId}
    and ${other.metric} <> ${clock.metric} and ${other.state} <> 'stopped' and ${outranks})`;
}
