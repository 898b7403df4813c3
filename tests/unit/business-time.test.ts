import { describe, expect, it } from "vitest";
import type { TicketStatus, WorkingHours } from "@/db/schema";
import { BusinessCalendar, type CalendarSpec } from "@/lib/sla/business-time";
import { deriveClock, type StatusChange, type TicketFacts } from "@/lib/sla/clocks";
import { nextStatuses } from "@/lib/tickets/status";
import {
  DAY,
  HOUR,
  iso,
  MIN,
  minutesOf,
  type Rng,
  rng,
  wallOf,
  type ZoneTable,
  zoneTable,
} from "@/tests/support/zone-oracle";

// Business time is checked against a brute-force oracle that walks minute by minute and reads wall time from Intl.
// Working hours are wall-clock times: a repeated fall-back hour inside a range counts twice, a skipped one not at all.
// Every case is generated from its own seed, which a failure prints with the inputs; BUSINESS_TIME_SEED explores others.

const BASE_SEED = Number(process.env.BUSINESS_TIME_SEED ?? 20260308);
const CASES = 400;
const POOL = 64;
const SLOW = { timeout: 30_000 };

const ZONES = [
  "Asia/Seoul",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe", // 30-minute DST
  "America/Santiago", // spring forward skips midnight
  "America/Havana", // skips midnight in March, repeats it in November
  "Atlantic/Azores", // repeats midnight in October
  "Antarctica/Troll", // two-hour DST
  "Pacific/Chatham", // +12:45 / +13:45
] as const;

// Random instants fall in this span; the oracle's zone tables cover it with room for walks ahead.
const DRAW_FROM = Date.UTC(2026, 0, 1);
const DRAW_TO = Date.UTC(2027, 8, 1);
const WALK_LIMIT = 200 * DAY;

const seedOf = (property: number, i: number) => (BASE_SEED * 7919 + property * 1_000_003 + i) >>> 0;
const caseName = (property: number, i: number) =>
  `BUSINESS_TIME_SEED=${BASE_SEED} case ${i} (seed ${seedOf(property, i)})`;

type Visit = (a: number, b: number, isOpen: boolean) => boolean;

class Oracle {
  readonly table: ZoneTable;
  private readonly ranges: [number, number][][] = [[], [], [], [], [], [], [], []];
  private readonly holidays: Set<number>;

  constructor(spec: CalendarSpec) {
    this.table = zoneTable(spec.timeZone);
    for (const h of spec.hours) this.ranges[h.day].push([minutesOf(h.start), minutesOf(h.end)]);
    this.holidays = new Set(spec.holidays.map((d) => Date.parse(`${d}T00:00:00Z`) / DAY));
  }

  // Offsets are whole minutes, so the minute containing t is open or closed as a whole.
  isOpen(t: number): boolean {
    const { day, weekday, minute } = wallOf(this.table, t);
    return !this.holidays.has(day) && this.ranges[weekday].some(([s, e]) => s <= minute && minute < e);
  }

  weeklyOpenMinutes() {
    let total = 0;
    for (const ranges of this.ranges) {
      for (let m = 0; m < 1440; m++) if (ranges.some(([s, e]) => s <= m && m < e)) total++;
    }
    return total;
  }

  // Visits [from, …) in pieces that end at each minute boundary and at each cut, until visit returns true.
  walk(from: number, cuts: number[], visit: Visit) {
    let t = from;
    let ci = 0;
    for (;;) {
      while (ci < cuts.length && cuts[ci] <= t) ci++;
      let b = Math.floor(t / MIN) * MIN + MIN;
      if (ci < cuts.length && cuts[ci] < b) b = cuts[ci];
      if (visit(t, b, this.isOpen(t))) return;
      t = b;
      if (t - from > WALK_LIMIT) throw new Error(`oracle walked past ${iso(t)} from ${iso(from)}`);
    }
  }

  businessMs(from: number, to: number) {
    let total = 0;
    if (to <= from) return 0;
    this.walk(from, [to], (a, b, isOpen) => {
      if (isOpen) total += b - a;
      return b >= to;
    });
    return total;
  }

  addBusinessMs(from: number, ms: number) {
    let acc = 0;
    let reached = from;
    if (ms <= 0) return from;
    this.walk(from, [], (a, b, isOpen) => {
      if (!isOpen) return false;
      if (acc + (b - a) >= ms) {
        reached = a + (ms - acc);
        return true;
      }
      acc += b - a;
      return false;
    });
    return reached;
  }
}

const clock = (m: number) =>
  m === 1440 ? "24:00" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const localDate = (table: ZoneTable, t: number) => new Date(wallOf(table, t).day * DAY).toISOString().slice(0, 10);
const transitionsOf = (table: ZoneTable) => table.at.slice(1).filter((t) => t >= DRAW_FROM - DAY && t < DRAW_TO);

const NIGHT_RANGES: [string, string][] = [
  ["01:00", "03:00"],
  ["00:00", "01:00"],
  ["23:00", "24:00"],
  ["02:00", "02:30"],
  ["00:30", "02:45"],
  ["00:00", "24:00"],
];

function randomDayRanges(r: Rng, day: number): WorkingHours[] {
  const out: WorkingHours[] = [];
  // Every zone drawn here that has DST changes clocks on a Saturday night or a Sunday.
  if (day >= 6 && r.chance(0.4)) {
    const [start, end] = r.pick(NIGHT_RANGES);
    out.push({ day, start, end });
  }
  const n = r.pick([0, 0, 1, 1, 1, 2, 2, 3]);
  for (let k = 0; k < n; k++) {
    const prev = out[out.length - 1];
    const kind = r.int(0, 9);
    if (kind < 2) {
      const [start, end] = r.pick(NIGHT_RANGES);
      out.push({ day, start, end });
      continue;
    }
    const unit = r.chance(0.6) ? 30 : 1;
    let start: number;
    if (prev && kind < 4 && minutesOf(prev.end) < 1440) start = minutesOf(prev.end);
    else if (prev && kind < 5) start = Math.max(0, minutesOf(prev.end) - r.int(1, 120));
    else start = r.chance(0.15) ? 0 : Math.floor(r.int(0, 1439) / unit) * unit;
    const end = r.chance(0.2) ? 1440 : Math.min(1440, start + Math.max(1, Math.floor(r.int(1, 720) / unit) * unit));
    if (start < end) out.push({ day, start: clock(start), end: clock(end) });
  }
  return out;
}

function randomSpec(r: Rng, timeZone: string): CalendarSpec {
  const table = zoneTable(timeZone);
  const style = r.int(0, 99);
  const hours: WorkingHours[] = [];
  for (let day = 1; day <= 7; day++) {
    if (style < 8) hours.push({ day, start: "00:00", end: "24:00" });
    else if (style >= 11) hours.push(...randomDayRanges(r, day));
  }
  const holidays = new Set<string>();
  for (let k = r.int(0, 6); k > 0; k--) holidays.add(localDate(table, r.int(DRAW_FROM, DRAW_TO)));
  for (const t of transitionsOf(table)) if (r.chance(0.15)) holidays.add(localDate(table, t));
  if (r.chance(0.25)) holidays.add("2027-01-01");
  if (r.chance(0.15)) holidays.add("2026-12-31");
  return { timeZone, hours, holidays: [...holidays].sort() };
}

function randomInstant(r: Rng, table: ZoneTable): number {
  const transitions = transitionsOf(table);
  const kind = r.int(0, 9);
  let t: number;
  if (kind < 4 && transitions.length) t = r.pick(transitions) + r.int(-1, 1) * r.int(0, r.pick([6, 36]) * 60) * MIN;
  else if (kind >= 4 && kind < 6) t = Date.UTC(2027, 0, 1) + r.int(-4 * 1440, 3 * 1440) * MIN;
  else t = r.int(DRAW_FROM / MIN, DRAW_TO / MIN) * MIN;
  return r.chance(0.3) ? t + r.int(1, MIN - 1) : t;
}

function randomWindow(r: Rng, table: ZoneTable): [number, number] {
  const transitions = transitionsOf(table);
  if (!transitions.length || r.chance(0.7)) {
    const from = randomInstant(r, table);
    return [from, from + randomSpan(r)];
  }
  const t = r.pick(transitions);
  return [t - r.int(0, 30 * 60) * MIN - r.int(0, 1) * r.int(1, MIN - 1), t + r.int(0, 30 * 60) * MIN];
}

function randomSpan(r: Rng): number {
  const scale = r.chance(0.02) ? 150 * DAY : r.pick([3 * HOUR, 3 * DAY, 21 * DAY]);
  const span = r.int(0, scale / MIN) * MIN;
  return r.chance(0.3) ? span + r.int(0, MIN - 1) : span;
}

type Case = { spec: CalendarSpec; cal: BusinessCalendar; oracle: Oracle };

// Calendars are shared by the properties: compiling a year costs a few hundred Intl calls.
const pool: Case[] = [];
function calendarFor(r: Rng): Case {
  const i = r.int(0, POOL - 1);
  if (!pool[i]) {
    const spec = randomSpec(rng(seedOf(0, i)), ZONES[i % ZONES.length]);
    pool[i] = { spec, cal: new BusinessCalendar(spec), oracle: new Oracle(spec) };
  }
  return pool[i];
}

const describeSpec = (spec: CalendarSpec) =>
  `${spec.timeZone} hours=${spec.hours.map((h) => `d${h.day} ${h.start}-${h.end}`).join(",")} holidays=${spec.holidays.join(",")}`;

const OPEN: readonly TicketStatus[] = ["new", "acknowledged", "in_progress", "pending"];
const RESPONDED: readonly TicketStatus[] = ["acknowledged", "in_progress", "resolved", "closed", "cancelled"];

type ClockCase = {
  metric: "response" | "resolution";
  start: number;
  createdAt: number;
  firstEventAt: number | null;
  changes: StatusChange[];
  firstReplyAt: number | null;
  now: number;
  pauseStatuses: TicketStatus[];
  targetMinutes: number;
  warnPercent: number;
};

function randomGap(r: Rng) {
  const gap = r.pick([0, 1, 1, 30, 240, 1440, 4320]);
  const minutes = gap === 0 ? 0 : r.int(1, gap);
  return minutes * MIN + (r.chance(0.25) ? r.int(0, MIN - 1) : 0);
}

function randomClockCase(r: Rng, c: Case): ClockCase {
  const createdAt = randomInstant(r, c.oracle.table);
  const firstEventAt = r.chance(0.3) ? createdAt - r.int(0, 6 * 60) * MIN - r.int(0, 1) * r.int(0, MIN - 1) : null;
  const changes: StatusChange[] = [];
  let status: TicketStatus = "new";
  let at = createdAt;
  for (let k = r.int(0, 7); k > 0 && nextStatuses(status).length; k--) {
    status = r.pick(nextStatuses(status));
    at += randomGap(r);
    changes.push({ at, to: status });
  }
  const now = at + (r.chance(0.2) ? 0 : randomGap(r));
  const weekly = c.oracle.weeklyOpenMinutes();
  return {
    metric: r.chance(0.35) ? "response" : "resolution",
    start: firstEventAt === null ? createdAt : Math.min(createdAt, firstEventAt),
    createdAt,
    firstEventAt,
    changes,
    firstReplyAt: r.chance(0.3) ? r.int(createdAt, now) : null,
    now,
    pauseStatuses: r.chance(0.5) ? ["pending"] : OPEN.filter(() => r.chance(0.3)),
    targetMinutes: r.int(1, Math.max(1, r.chance(0.5) ? Math.min(240, weekly * 3) : weekly * 3)),
    warnPercent: r.int(50, 95),
  };
}

// What the clock should show, from "open calendar minute AND open, unpaused status AND before the stop".
function oracleClock(o: Oracle, k: ClockCase) {
  const { changes, start, now, pauseStatuses } = k;
  const final = changes.length ? changes[changes.length - 1].to : "new";
  let stop: number | null;
  if (k.metric === "response") {
    const ack = changes.find((c) => RESPONDED.includes(c.to))?.at ?? null;
    const candidates = [ack, k.firstReplyAt].filter((t): t is number => t !== null);
    stop = candidates.length ? Math.min(...candidates) : null;
  } else {
    // Resolved, then closed: the clock stopped at the resolution, the first of the trailing non-open statuses.
    const lastOpen = changes.map((c) => OPEN.includes(c.to)).lastIndexOf(true);
    stop = OPEN.includes(final) ? null : changes[lastOpen + 1].at;
  }
  const end = stop ?? now;
  const statusAt = (t: number) => {
    let s: TicketStatus = "new";
    for (const c of changes) if (c.at <= t) s = c.to;
    return s;
  };
  const isRunning = (t: number) => {
    const s = statusAt(t);
    return t >= start && (stop === null || t < stop) && OPEN.includes(s) && !pauseStatuses.includes(s);
  };
  const state = stop !== null ? "stopped" : pauseStatuses.includes(statusAt(now)) ? "paused" : "running";
  // A pause still under way is not counted until it ends.
  const pauseEnd = stop ?? (changes.length ? changes[changes.length - 1].at : start);
  const target = k.targetMinutes * 60_000;
  const warnTarget = Math.floor((target * k.warnPercent) / 100);
  let elapsed = 0;
  let paused = 0;
  let counted = 0;
  let due: number | null = null;
  let warn: number | null = null;
  const intervals: [number, number | null][] = [];
  const cuts = [...changes.map((c) => c.at), now, ...(stop === null ? [] : [stop])].sort((a, b) => a - b);
  const countsAtCuts: number[] = [];
  o.walk(start, cuts, (a, b, isOpen) => {
    if (cuts.includes(a)) countsAtCuts.push(counted);
    if (a >= Math.max(end, pauseEnd) && (state !== "running" || (due !== null && warn !== null))) return true;
    const s = statusAt(a);
    if (a < pauseEnd && OPEN.includes(s) && pauseStatuses.includes(s)) paused += b - a;
    if (!isRunning(a)) return false;
    if (a < end) {
      const last = intervals[intervals.length - 1];
      if (last && last[1] === a) last[1] = b;
      else intervals.push([a, b]);
    }
    if (!isOpen) return false;
    if (a < end) elapsed += b - a;
    if (warn === null && counted + (b - a) >= warnTarget) warn = a + (warnTarget - counted);
    if (due === null && counted + (b - a) >= target) due = a + (target - counted);
    counted += b - a;
    return false;
  });
  if (state === "running") {
    const last = intervals[intervals.length - 1];
    if (last && last[1] === now) last[1] = null;
    else intervals.push([now, null]);
  }
  const isBreached = due !== null && (stop !== null ? due < stop : due <= now);
  const figures = {
    state,
    stoppedAt: stop,
    intervals,
    elapsedSeconds: Math.floor(elapsed / 1000),
    pausedSeconds: Math.floor(paused / 1000),
    dueAt: due,
    warnAt: state === "running" ? warn : null,
    isBreached,
  };
  return { figures, countsAtCuts };
}

function facts(k: ClockCase): TicketFacts {
  return {
    id: "00000000-0000-0000-0000-000000000000",
    type: "incident",
    priority: "P3",
    serviceId: null,
    teamId: null,
    status: k.changes.length ? k.changes[k.changes.length - 1].to : "new",
    createdAt: new Date(k.createdAt),
    firstEventAt: k.firstEventAt === null ? null : new Date(k.firstEventAt),
  };
}

function derive(cal: BusinessCalendar, k: ClockCase) {
  const d = deriveClock(
    k.metric,
    facts(k),
    k.changes,
    k.firstReplyAt,
    { policyId: null, calendarId: "c", priority: "P3", targetMinutes: k.targetMinutes, warnPercent: k.warnPercent },
    k.pauseStatuses,
    cal,
    k.now,
  );
  return {
    state: d.state,
    stoppedAt: d.stoppedAt?.getTime() ?? null,
    intervals: d.intervals,
    elapsedSeconds: d.elapsedSeconds,
    pausedSeconds: d.pausedSeconds,
    dueAt: d.dueAt?.getTime() ?? null,
    warnAt: d.warnAt?.getTime() ?? null,
    isBreached: d.isBreached,
  };
}

const describeClock = (k: ClockCase) =>
  `${k.metric} start=${iso(k.start)} created=${iso(k.createdAt)} reply=${iso(k.firstReplyAt)} now=${iso(k.now)} ` +
  `target=${k.targetMinutes}min warn=${k.warnPercent}% pause=${k.pauseStatuses.join("|")} ` +
  `history=${k.changes.map((c) => `${iso(c.at)}>${c.to}`).join(",")}`;

describe("the oracle itself", () => {
  it("reads the same wall time as Intl around every transition and at random instants", () => {
    for (let i = 0; i < 300; i++) {
      const seed = seedOf(1, i);
      const r = rng(seed);
      const timeZone = r.pick(ZONES);
      const table = zoneTable(timeZone);
      const t = randomInstant(r, table);
      const p: Record<string, string> = {};
      const fmt = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        weekday: "short",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      });
      for (const part of fmt.formatToParts(new Date(t))) p[part.type] = part.value;
      const w = wallOf(table, t);
      const weekdays = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
      expect(
        `${new Date(w.day * DAY).toISOString().slice(0, 10)} ${clock(w.minute)} ${weekdays[w.weekday]}`,
        `${caseName(1, i)}: ${timeZone} ${iso(t)}`,
      ).toBe(`${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.weekday}`);
    }
  });

  it("finds the DST changes it is meant to exercise", () => {
    const ny = zoneTable("America/New_York");
    expect(ny.at.map(iso)).toContain("2026-03-08T07:00:00.000Z");
    expect(ny.at.map(iso)).toContain("2026-11-01T06:00:00.000Z");
    expect(zoneTable("America/Santiago").at.map(iso)).toContain("2026-09-06T04:00:00.000Z");
    expect(zoneTable("Australia/Lord_Howe").offset).toContain(10.5 * HOUR);
  });
});

describe("business time against the minute-by-minute oracle", () => {
  it("businessMs counts the open time between two instants, and splits additively", SLOW, () => {
    for (let i = 0; i < CASES; i++) {
      const seed = seedOf(2, i);
      const r = rng(seed);
      const { spec, cal, oracle } = calendarFor(r);
      const [from, to] = randomWindow(r, oracle.table);
      const mid = r.int(from, to);
      const ctx = `${caseName(2, i)}: ${describeSpec(spec)} from=${iso(from)} to=${iso(to)} mid=${iso(mid)}`;
      const expected = oracle.businessMs(from, to);
      expect(cal.businessMs(from, to), ctx).toBe(expected);
      expect(cal.businessMs(from, mid) + cal.businessMs(mid, to), ctx).toBe(expected);
      expect(cal.businessMs(to, from), ctx).toBe(0);
      const pieces = cal.openIntervals(from, to);
      expect(
        pieces.reduce((sum, [a, b]) => sum + b - a, 0),
        ctx,
      ).toBe(expected);
      for (const [i, [a, b]] of pieces.entries()) {
        expect(a < b && a >= from && b <= to && cal.isOpen(a) && cal.isOpen(b - 1), ctx).toBe(true);
        if (i) expect(a > pieces[i - 1][1] && !cal.isOpen(a - 1), ctx).toBe(true);
      }
    }
  });

  it(
    "addBusinessMs returns the earliest instant the oracle reaches the amount, and businessMs round-trips it",
    SLOW,
    () => {
      for (let i = 0, checked = 0; checked < CASES; i++) {
        const seed = seedOf(3, i);
        const r = rng(seed);
        const { spec, cal, oracle } = calendarFor(r);
        if (!cal.isEverOpen) continue;
        const from = randomInstant(r, oracle.table);
        const horizon = oracle.businessMs(from, from + r.pick([HOUR, DAY, 10 * DAY, 40 * DAY]));
        const ms = r.pick([
          1,
          horizon,
          r.int(1, Math.max(1, horizon)),
          r.int(1, Math.max(1, Math.floor(horizon / MIN))) * MIN,
          r.int(1, Math.min(8 * 60, oracle.weeklyOpenMinutes() * 4)) * MIN,
        ]);
        const ctx = `${caseName(3, i)}: ${describeSpec(spec)} from=${iso(from)} ms=${ms}`;
        const due = cal.addBusinessMs(from, ms);
        expect(iso(due), ctx).toBe(iso(oracle.addBusinessMs(from, ms)));
        expect(cal.businessMs(from, due), ctx).toBe(ms);
        expect(cal.addBusinessMs(from, 0), ctx).toBe(from);
        checked++;
      }
    },
  );

  it("isOpen agrees with the oracle at random instants", SLOW, () => {
    for (let i = 0; i < CASES; i++) {
      const seed = seedOf(4, i);
      const r = rng(seed);
      const { spec, cal, oracle } = calendarFor(r);
      for (let k = 0; k < 5; k++) {
        const t = randomInstant(r, oracle.table);
        expect(cal.isOpen(t), `${caseName(4, i)} #${k}: ${describeSpec(spec)} t=${iso(t)}`).toBe(oracle.isOpen(t));
      }
    }
  });

  it(
    "ticket clocks count open minutes in running statuses before the stop, and fall due when the oracle does",
    SLOW,
    () => {
      let checked = 0;
      for (let i = 0; checked < CASES; i++) {
        const seed = seedOf(5, i);
        const r = rng(seed);
        const c = calendarFor(r);
        if (!c.cal.isEverOpen) continue;
        let k = randomClockCase(r, c);
        // Targets met exactly at a status change or at the stop probe the boundaries of due and breach.
        if (r.chance(0.35)) {
          const exact = oracleClock(c.oracle, k).countsAtCuts.filter((ms) => ms > 0 && ms % MIN === 0);
          if (exact.length) k = { ...k, targetMinutes: r.pick(exact) / MIN };
        }
        const ctx = `${caseName(5, i)}: ${describeSpec(c.spec)} ${describeClock(k)}`;
        expect(derive(c.cal, k), ctx).toEqual(oracleClock(c.oracle, k).figures);
        checked++;
      }
    },
  );
});

const at = (s: string) => Date.parse(s);
const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]) => days.map((day) => ({ day, start, end }));

function both(spec: CalendarSpec) {
  const cal = new BusinessCalendar(spec);
  const oracle = new Oracle(spec);
  return {
    businessMs(from: string, to: string) {
      const expected = oracle.businessMs(at(from), at(to));
      expect(cal.businessMs(at(from), at(to))).toBe(expected);
      return expected;
    },
    addBusinessMs(from: string, ms: number) {
      const expected = oracle.addBusinessMs(at(from), ms);
      expect(iso(cal.addBusinessMs(at(from), ms))).toBe(iso(expected));
      return iso(expected);
    },
    isOpen(t: string) {
      expect(cal.isOpen(at(t))).toBe(oracle.isOpen(at(t)));
      return oracle.isOpen(at(t));
    },
  };
}

describe("business time by hand", () => {
  const ny = (hours: WorkingHours[], holidays: string[] = []) =>
    both({ timeZone: "America/New_York", hours, holidays });

  it("New York 09:00–17:00 across the spring-forward weekend loses no working time", () => {
    const c = ny(weekdays("09:00", "17:00"));
    expect(c.businessMs("2026-03-06T16:00:00-05:00", "2026-03-09T10:00:00-04:00")).toBe(2 * HOUR);
    expect(c.addBusinessMs("2026-03-06T16:30:00-05:00", HOUR)).toBe("2026-03-09T13:30:00.000Z");
    const sunday = ny(weekdays("09:00", "17:00", [7]));
    expect(sunday.businessMs("2026-03-07T00:00:00-05:00", "2026-03-09T00:00:00-04:00")).toBe(8 * HOUR);
  });

  it("a range over the changed hour counts wall-clock time: the skipped hour not at all, the repeated one twice", () => {
    const c = ny(weekdays("01:00", "03:00", [7]));
    expect(c.businessMs("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00")).toBe(HOUR);
    expect(c.businessMs("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00")).toBe(3 * HOUR);
    expect(c.addBusinessMs("2026-11-01T00:00:00-04:00", 90 * MIN)).toBe("2026-11-01T06:30:00.000Z");
    expect(c.isOpen("2026-11-01T01:30:00-05:00")).toBe(true);
    const allDay = ny(weekdays("00:00", "24:00", [7]));
    expect(allDay.businessMs("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00")).toBe(23 * HOUR);
    expect(allDay.businessMs("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00")).toBe(25 * HOUR);
  });

  it("Lord Howe's half-hour changes make a 23.5- and a 24.5-hour Sunday", () => {
    const c = both({ timeZone: "Australia/Lord_Howe", hours: weekdays("00:00", "24:00", [7]), holidays: [] });
    expect(c.businessMs("2026-10-04T00:00:00+10:30", "2026-10-05T00:00:00+11:00")).toBe(23.5 * HOUR);
    expect(c.businessMs("2026-04-05T00:00:00+11:00", "2026-04-06T00:00:00+10:30")).toBe(24.5 * HOUR);
  });

  it("a Santiago Sunday whose midnight is skipped starts at 01:00", () => {
    const c = both({ timeZone: "America/Santiago", hours: weekdays("00:00", "24:00", [7]), holidays: [] });
    expect(c.isOpen("2026-09-06T03:59:59.999Z")).toBe(false);
    expect(c.isOpen("2026-09-06T04:00:00Z")).toBe(true);
    expect(c.businessMs("2026-09-01T00:00:00Z", "2026-09-10T00:00:00Z")).toBe(23 * HOUR);
  });

  it("a Havana Sunday whose first hour is repeated counts it twice", () => {
    const c = both({ timeZone: "America/Havana", hours: weekdays("00:00", "01:00", [7]), holidays: [] });
    expect(c.businessMs("2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z")).toBe(2 * HOUR);
    expect(c.addBusinessMs("2026-10-31T00:00:00Z", HOUR + MIN)).toBe("2026-11-01T05:01:00.000Z");
  });

  it("crosses the year boundary and a New Year holiday in Seoul", () => {
    const c = both({ timeZone: "Asia/Seoul", hours: weekdays("09:00", "18:00"), holidays: ["2027-01-01"] });
    expect(c.addBusinessMs("2026-12-31T17:00:00+09:00", 2 * HOUR)).toBe("2027-01-04T01:00:00.000Z");
    expect(c.businessMs("2026-12-31T17:00:00+09:00", "2027-01-04T10:00:00+09:00")).toBe(2 * HOUR);
  });

  it("runs a range ending at 24:00 into the next day's, and merges overlapping ranges", () => {
    const c = both({
      timeZone: "Asia/Seoul",
      hours: [
        { day: 1, start: "22:00", end: "24:00" },
        { day: 2, start: "00:00", end: "02:00" },
        { day: 2, start: "01:00", end: "03:00" },
      ],
      holidays: [],
    });
    expect(c.addBusinessMs("2026-11-30T23:00:00+09:00", 3 * HOUR)).toBe("2026-11-30T17:00:00.000Z");
    expect(c.businessMs("2026-11-30T00:00:00+09:00", "2026-12-07T00:00:00+09:00")).toBe(5 * HOUR);
  });

  it("a calendar with no working hours gives a running clock no due time instead of throwing", () => {
    const spec = { timeZone: "Asia/Seoul", hours: [], holidays: [] };
    const k: ClockCase = {
      metric: "response",
      start: at("2026-03-06T16:00:00+09:00"),
      createdAt: at("2026-03-06T16:00:00+09:00"),
      firstEventAt: null,
      changes: [],
      firstReplyAt: null,
      now: at("2026-03-09T10:00:00+09:00"),
      pauseStatuses: ["pending"],
      targetMinutes: 60,
      warnPercent: 75,
    };
    expect(derive(new BusinessCalendar(spec), k)).toMatchObject({
      state: "running",
      elapsedSeconds: 0,
      dueAt: null,
      warnAt: null,
      isBreached: false,
    });
  });

  it("a New York ticket pending over the spring-forward weekend is due Monday 10:00", () => {
    const spec = { timeZone: "America/New_York", hours: weekdays("09:00", "17:00"), holidays: [] };
    const k: ClockCase = {
      metric: "resolution",
      start: at("2026-03-06T16:00:00-05:00"),
      createdAt: at("2026-03-06T16:00:00-05:00"),
      firstEventAt: null,
      changes: [
        { at: at("2026-03-06T16:30:00-05:00"), to: "pending" },
        { at: at("2026-03-09T09:30:00-04:00"), to: "in_progress" },
      ],
      firstReplyAt: null,
      now: at("2026-03-09T10:15:00-04:00"),
      pauseStatuses: ["pending"],
      targetMinutes: 60,
      warnPercent: 75,
    };
    const expected = {
      state: "running",
      stoppedAt: null,
      intervals: [
        [at("2026-03-06T16:00:00-05:00"), at("2026-03-06T16:30:00-05:00")],
        [at("2026-03-09T09:30:00-04:00"), null],
      ],
      elapsedSeconds: 75 * 60,
      pausedSeconds: 64 * 3600,
      dueAt: at("2026-03-09T10:00:00-04:00"),
      warnAt: at("2026-03-09T09:45:00-04:00"),
      isBreached: true,
    };
    expect(derive(new BusinessCalendar(spec), k)).toEqual(expected);
    expect(oracleClock(new Oracle(spec), k).figures).toEqual(expected);
  });
});
