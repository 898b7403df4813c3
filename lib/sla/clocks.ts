import type {
  ClockInterval,
  Priority,
  SlaClockState,
  SlaMetric,
  SlaPolicy,
  TicketStatus,
  TicketType,
} from "@/db/schema";
import { isOpen } from "@/lib/tickets/status";
import type { BusinessCalendar } from "./business-time";

export type TicketFacts = {
  id: string;
  type: TicketType;
  priority: Priority;
  serviceId: string | null;
  teamId: string | null;
  status: TicketStatus;
  createdAt: Date;
  firstEventAt: Date | null;
};

export type StatusChange = { at: number; to: TicketStatus };

export type ClockFigures = {
  elapsedSeconds: number;
  dueAt: Date | null;
  warnAt: Date | null;
  isBreached: boolean;
};

export type DerivedClock = ClockFigures & {
  metric: SlaMetric;
  policyId: string | null;
  calendarId: string | null;
  priority: Priority;
  targetSeconds: number;
  warnPercent: number;
  state: SlaClockState;
  startedAt: Date;
  intervals: ClockInterval[];
  pausedSeconds: number;
  stoppedAt: Date | null;
};

const RESPONDED: readonly TicketStatus[] = ["acknowledged", "in_progress", "resolved", "closed", "cancelled"];

export function matchPolicy(policies: readonly SlaPolicy[], t: TicketFacts): SlaPolicy | undefined {
  return policies.find(
    (p) =>
      p.isActive &&
      (!p.ticketTypes.length || p.ticketTypes.includes(t.type)) &&
      (!p.priorities.length || p.priorities.includes(t.priority)) &&
      (!p.serviceIds.length || (t.serviceId !== null && p.serviceIds.includes(t.serviceId))) &&
      (!p.teamIds.length || (t.teamId !== null && p.teamIds.includes(t.teamId))),
  );
}

// Alert-born incidents start at their first event: the outage began then, not when the ticket row was written.
export function clockStart(t: TicketFacts): number {
  const created = t.createdAt.getTime();
  return t.firstEventAt ? Math.min(created, t.firstEventAt.getTime()) : created;
}

// The instant a metric stopped: the first response, or the resolution that still stands.
export function stopInstant(metric: SlaMetric, t: TicketFacts, changes: StatusChange[], firstReplyAt: number | null) {
  if (metric === "response") {
    const ack = changes.find((c) => RESPONDED.includes(c.to))?.at ?? null;
    if (ack === null) return firstReplyAt;
    return firstReplyAt === null ? ack : Math.min(ack, firstReplyAt);
  }
  if (isOpen(t.status)) return null;
  // Resolved then closed stops at the resolution: the stop is where the final run of non-open statuses began.
  let i = changes.length;
  while (i > 0 && !isOpen(changes[i - 1].to)) i--;
  return i < changes.length ? changes[i].at : t.createdAt.getTime();
}

// Running periods from the status history: open, not in a pausing status, before the stop.
export function runningIntervals(
  start: number,
  changes: StatusChange[],
  stop: number | null,
  pauseStatuses: readonly TicketStatus[],
): { intervals: ClockInterval[]; pausedMs: number; isPausedNow: boolean } {
  const segments: { from: number; status: TicketStatus }[] = [{ from: start, status: "new" }];
  for (const c of changes) segments.push({ from: Math.max(c.at, start), status: c.to });
  const intervals: ClockInterval[] = [];
  let pausedMs = 0;
  let isPausedNow = false;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    let end: number | null = i + 1 < segments.length ? segments[i + 1].from : null;
    if (stop !== null && (end === null || end > stop)) end = stop;
    if (end !== null && end <= s.from) continue;
    if (stop !== null && s.from >= stop) break;
    if (!isOpen(s.status)) continue;
    if (pauseStatuses.includes(s.status)) {
      if (end === null) isPausedNow = true;
      else pausedMs += end - s.from;
      continue;
    }
    const last = intervals[intervals.length - 1];
    if (last && last[1] === s.from) last[1] = end;
    else intervals.push([s.from, end]);
  }
  return { intervals, pausedMs, isPausedNow };
}

function crossing(cal: BusinessCalendar, intervals: ClockInterval[], goalMs: number): number | null {
  // A calendar with no working hours never reaches a target; it must not throw inside a ticket's transaction.
  if (!cal.isEverOpen) return null;
  let acc = 0;
  for (const [a, b] of intervals) {
    const len = b === null ? Number.POSITIVE_INFINITY : cal.businessMs(a, b);
    if (acc + len >= goalMs) return cal.addBusinessMs(a, goalMs - acc);
    acc += len;
  }
  return null;
}

// Elapsed, due, warning and breach from running periods alone: what a calendar change recomputes.
export function clockFigures(
  cal: BusinessCalendar,
  intervals: ClockInterval[],
  targetSeconds: number,
  warnPercent: number,
  state: SlaClockState,
  stoppedAt: number | null,
  now: number,
): ClockFigures {
  let elapsed = 0;
  for (const [a, b] of intervals) elapsed += cal.businessMs(a, b ?? Math.max(a, now));
  const target = targetSeconds * 1000;
  const due = crossing(cal, intervals, target);
  const warn = crossing(cal, intervals, Math.floor((target * warnPercent) / 100));
  const isBreached = due !== null && (state === "stopped" ? due < (stoppedAt ?? now) : due <= now);
  return {
    elapsedSeconds: Math.floor(elapsed / 1000),
    // A paused clock has no due instant until it runs again.
    dueAt: due === null || (state === "paused" && !isBreached) ? null : new Date(due),
    warnAt: state === "running" && warn !== null ? new Date(warn) : null,
    isBreached,
  };
}

export function deriveClock(
  metric: SlaMetric,
  t: TicketFacts,
  changes: StatusChange[],
  firstReplyAt: number | null,
  terms: {
    policyId: string | null;
    calendarId: string;
    priority: Priority;
    targetMinutes: number;
    warnPercent: number;
  },
  pauseStatuses: readonly TicketStatus[],
  cal: BusinessCalendar,
  now: number,
): DerivedClock {
  const start = clockStart(t);
  const stop = stopInstant(metric, t, changes, firstReplyAt);
  const { intervals, pausedMs, isPausedNow } = runningIntervals(start, changes, stop, pauseStatuses);
  const state: SlaClockState = stop !== null ? "stopped" : isPausedNow ? "paused" : "running";
  const targetSeconds = terms.targetMinutes * 60;
  const figures = clockFigures(cal, intervals, targetSeconds, terms.warnPercent, state, stop, now);
  return {
    metric,
    policyId: terms.policyId,
    calendarId: terms.calendarId,
    priority: terms.priority,
    targetSeconds,
    warnPercent: terms.warnPercent,
    state,
    startedAt: new Date(start),
    intervals,
    pausedSeconds: Math.floor(pausedMs / 1000),
    stoppedAt: stop === null ? null : new Date(stop),
    ...figures,
  };
}
