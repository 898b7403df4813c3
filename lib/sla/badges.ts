import { eq, inArray } from "drizzle-orm";
import { type SlaMetric, slaClocks, slaPolicies } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import type { BusinessCalendar } from "./business-time";
import { loadCalendars } from "./refresh";

export type SlaBadgeState = "running" | "warning" | "breached" | "paused" | "met";
export type SlaBadge = {
  metric: SlaMetric;
  state: SlaBadgeState;
  // Business seconds left (negative once overdue); null when the clock has stopped.
  remainingSeconds: number | null;
  dueAt: Date | null;
  stoppedAt: Date | null;
  // Business seconds counted so far, as of now for a running clock.
  elapsedSeconds: number;
  targetSeconds: number;
  policyName: string | null;
  // Days read as days only on a calendar that never closes; elsewhere 24 business hours are not a day.
  isAlwaysOpen: boolean;
};

type Clock = {
  ticketId: string;
  metric: SlaMetric;
  state: "running" | "paused" | "stopped";
  calendarId: string | null;
  dueAt: Date | null;
  warnAt: Date | null;
  stoppedAt: Date | null;
  elapsedSeconds: number;
  targetSeconds: number;
  isBreached: boolean;
  policyName: string | null;
};

const isAlwaysOpen = (cal: BusinessCalendar | undefined) =>
  !!cal &&
  !cal.spec.holidays.length &&
  [1, 2, 3, 4, 5, 6, 7].every((day) =>
    cal.spec.hours.some((h) => h.day === day && h.start === "00:00" && h.end === "24:00"),
  );

const METRIC_ORDER: Record<SlaMetric, number> = { response: 0, resolution: 1 };

// Every clock of these tickets as a badge, in one query for the whole page: remaining business time, coloured by state.
export async function slaBadges(ctx: Ctx, ticketIds: string[], now = new Date()) {
  assertCan(ctx.actor, "sla.read");
  const byTicket = new Map<string, SlaBadge[]>();
  if (!ticketIds.length) return byTicket;
  const clocks: Clock[] = await ctx.db
    .select({
      ticketId: slaClocks.ticketId,
      metric: slaClocks.metric,
      state: slaClocks.state,
      calendarId: slaClocks.calendarId,
      dueAt: slaClocks.dueAt,
      warnAt: slaClocks.warnAt,
      stoppedAt: slaClocks.stoppedAt,
      elapsedSeconds: slaClocks.elapsedSeconds,
      targetSeconds: slaClocks.targetSeconds,
      isBreached: slaClocks.isBreached,
      policyName: slaPolicies.name,
    })
    .from(slaClocks)
    .leftJoin(slaPolicies, eq(slaPolicies.id, slaClocks.policyId))
    .where(inArray(slaClocks.ticketId, ticketIds));
  if (!clocks.length) return byTicket;
  const ids = [...new Set(clocks.map((c) => c.calendarId).filter((id): id is string => !!id))];
  const calendars = await loadCalendars(ctx.db, ids);
  const t = now.getTime();
  for (const c of clocks) {
    const cal = c.calendarId ? calendars.get(c.calendarId) : undefined;
    let remaining: number | null = null;
    if (c.state === "paused") remaining = c.targetSeconds - c.elapsedSeconds;
    else if (c.state === "running" && c.dueAt) {
      const due = c.dueAt.getTime();
      // Without its calendar (deleted since) the best remaining figure is wall-clock time.
      const ms = cal ? (due > t ? cal.businessMs(t, due) : -cal.businessMs(due, t)) : due - t;
      remaining = Math.round(ms / 1000);
    }
    const isBreached = c.isBreached || (c.state === "running" && !!c.dueAt && c.dueAt.getTime() <= t);
    // The warning instant was computed from the policy's warn percent in business time; the view uses the same test.
    const isWarning = c.state === "running" && !!c.warnAt && c.warnAt.getTime() <= t;
    const state: SlaBadgeState =
      c.state === "stopped"
        ? isBreached
          ? "breached"
          : "met"
        : isBreached
          ? "breached"
          : c.state === "paused"
            ? "paused"
            : isWarning
              ? "warning"
              : "running";
    const list = byTicket.get(c.ticketId) ?? [];
    list.push({
      metric: c.metric,
      state,
      remainingSeconds: remaining,
      dueAt: c.dueAt,
      stoppedAt: c.stoppedAt,
      elapsedSeconds:
        c.state === "running" && remaining !== null ? Math.max(0, c.targetSeconds - remaining) : c.elapsedSeconds,
      targetSeconds: c.targetSeconds,
      policyName: c.policyName,
      isAlwaysOpen: isAlwaysOpen(cal),
    });
    byTicket.set(c.ticketId, list);
  }
  for (const list of byTicket.values()) list.sort((a, b) => METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric]);
  return byTicket;
}

// The one badge a queue row shows: the live clock with the least time left, else the last outcome (resolution).
export function primaryBadge(badges: SlaBadge[] | undefined): SlaBadge | undefined {
  if (!badges?.length) return undefined;
  const live = badges.filter((b) => b.remainingSeconds !== null);
  if (!live.length) return badges[badges.length - 1];
  return live.reduce((a, b) => ((b.remainingSeconds ?? 0) < (a.remainingSeconds ?? 0) ? b : a));
}

// Days (when the calendar never closes), hours and minutes of a business duration, for the viewer's language to word.
export function durationParts(seconds: number, withDays: boolean) {
  const s = Math.abs(seconds);
  const d = withDays ? Math.floor(s / 86_400) : 0;
  return { d, h: Math.floor((s - d * 86_400) / 3600), m: Math.floor((s % 3600) / 60) };
}
