import { and, desc, eq, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { alerts, tickets } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { parseInput } from "@/lib/errors";

export const ALERT_VIEWS = ["firing", "resolved", "suppressed", "all"] as const;

export const ListAlerts = z.object({
  view: z.enum(ALERT_VIEWS).default("firing"),
  q: z.string().trim().max(200).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAlerts = z.input<typeof ListAlerts>;

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// "name=value" matches a label exactly (GIN containment); anything else searches names, summaries and label values.
function searchCondition(q: string): SQL | undefined {
  const pair = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"?([^"]*)"?$/.exec(q);
  if (pair) return sql`${alerts.labels} @> ${JSON.stringify({ [pair[1]]: pair[2] })}::jsonb`;
  const like = `%${escapeLike(q)}%`;
  return or(ilike(alerts.alertname, like), ilike(alerts.summary, like), sql`${alerts.labels}::text ilike ${like}`);
}

export async function listAlerts(ctx: Ctx, input: ListAlerts) {
  assertCan(ctx.actor, "tickets.read");
  const f = parseInput(ListAlerts, input);
  const conditions: (SQL | undefined)[] = [
    f.view === "firing" ? and(eq(alerts.status, "firing"), eq(alerts.isSuppressed, false)) : undefined,
    f.view === "resolved" ? eq(alerts.status, "resolved") : undefined,
    f.view === "suppressed" ? eq(alerts.isSuppressed, true) : undefined,
    f.q ? searchCondition(f.q) : undefined,
    f.before ? lt(alerts.lastSeenAt, new Date(f.before)) : undefined,
  ];
  const rows = await ctx.db
    .select({ alert: alerts, incidentNumber: tickets.number })
    .from(alerts)
    .leftJoin(tickets, eq(tickets.id, alerts.incidentId))
    .where(and(...conditions))
    .orderBy(desc(alerts.lastSeenAt), desc(alerts.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return {
    rows: page,
    nextBefore: rows.length > f.limit ? page[page.length - 1].alert.lastSeenAt.toISOString() : null,
  };
}
