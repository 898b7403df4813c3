import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type SlaClock, type SlaMetric, slaClocks } from "@/db/schema";
import { loadSlaConfig } from "./refresh";

export type SlaBadgeState = "running" | "warning" | "breached" | "paused" | "met";
export type SlaBadge = {
  metric: SlaMetric;
  state: SlaBadgeState;
  // Business seconds left (negative once overdue); null when the clock has stopped.
  remainingSeconds: number | null;
  dueAt: Date | null;
  stoppedAt: Date | null;
  elapsedSeconds: number;
  targetSeconds: number;
};

type Clock = Pick<
  SlaClock,
  | "ticketId"
  | "metric"
  | "state"
  | "calendarId"
  | "dueAt"
  | "stoppedAt"
  | "elapsedSeconds"
  | "targetSeconds"
  | "warnPercent"
  | "isBreached"
>;

// Each clock as a badge: remaining business time from its calendar, coloured by how close it is to breaching.
export async function slaBadges(db: DbOrTx, ticketIds: string[], now = new Date()) {
  const byTicket = new Map<string, SlaBadge[]>();
  if (!ticketIds.length) return byTicket;
  const clocks: Clock[] = await db
    .select({
      ticketId: slaClocks.ticketId,
      metric: slaClocks.metric,
      state: slaClocks.state,
      calendarId: slaClocks.calendarId,
      dueAt: slaClocks.dueAt,
      stoppedAt: slaClocks.stoppedAt,
      elapsedSeconds: slaClocks.elapsedSeconds,
      targetSeconds: slaClocks.targetSeconds,
      warnPercent: slaClocks.warnPercent,
      isBreached: slaClocks.isBreached,
    })
    .from(slaClocks)
    .where(inArray(slaClocks.ticketId, ticketIds));
  if (!clocks.length) return byTicket;
  const ids = [...new Set(clocks.map((c) => c.calendarId).filter((id): id is string => !!id))];
  const { calendars } = await loadSlaConfig(db, ids);
  const t = now.getTime();
  for (const c of clocks) {
    const cal = c.calendarId ? calendars.get(c.calendarId) : undefined;
    let remaining: number | null = null;
    if (c.state === "paused") remaining = c.targetSeconds - c.elapsedSeconds;
    else if (c.state === "running" && c.dueAt && cal) {
      const due = c.dueAt.getTime();
      remaining = Math.round((due > t ? cal.businessMs(t, due) : -cal.businessMs(due, t)) / 1000);
    }
    const isBreached = c.isBreached || (c.state === "running" && !!c.dueAt && c.dueAt.getTime() <= t);
    const used = c.targetSeconds - (remaining ?? 0);
    const state: SlaBadgeState =
      c.state === "stopped"
        ? isBreached
          ? "breached"
          : "met"
        : isBreached
          ? "breached"
          : c.state === "paused"
            ? "paused"
            : used >= (c.targetSeconds * c.warnPercent) / 100
              ? "warning"
              : "running";
    const list = byTicket.get(c.ticketId) ?? [];
    list.push({
      metric: c.metric,
      state,
      remainingSeconds: remaining,
      dueAt: c.dueAt,
      stoppedAt: c.stoppedAt,
      elapsedSeconds: c.elapsedSeconds,
      targetSeconds: c.targetSeconds,
    });
    list.sort((a, b) => (a.metric === "response" ? -1 : 1) - (b.metric === "response" ? -1 : 1));
    byTicket.set(c.ticketId, list);
  }
  return byTicket;
}

// The one badge a queue row shows: the first clock still running, else the resolution outcome.
export function primaryBadge(badges: SlaBadge[] | undefined): SlaBadge | undefined {
  if (!badges?.length) return undefined;
  return badges.find((b) => b.state !== "met" && b.remainingSeconds !== null) ?? badges[badges.length - 1];
}

// "2d 3h", "1h 05m", "12m": business time, compact for a badge.
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}m`;
}
