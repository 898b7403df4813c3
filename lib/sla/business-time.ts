import type { WorkingHours } from "@/db/schema";

export type CalendarSpec = { timeZone: string; hours: WorkingHours[]; holidays: readonly string[] };

const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_YEARS_AHEAD = 30;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// UTC offset of the zone at instant t, in ms (wall time = t + offset).
export function offsetAt(timeZone: string, t: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(t));
  const v: Record<string, number> = {};
  for (const p of parts) if (p.type !== "literal") v[p.type] = Number(p.value);
  const wall = Date.UTC(v.year, v.month - 1, v.day, v.hour === 24 ? 0 : v.hour, v.minute, v.second);
  return wall - Math.floor(t / 1000) * 1000;
}

export function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

type Chunk = {
  start: number;
  end: number;
  starts: Float64Array;
  ends: Float64Array;
  before: Float64Array;
  total: number;
};

// A calendar compiled to sorted open intervals per local year, with running sums, so elapsed and due are binary searches.
export class BusinessCalendar {
  private readonly chunks = new Map<number, Chunk>();
  private readonly yearStarts = new Map<number, number>();
  private readonly rangesByDay: [number, number][][] = [[], [], [], [], [], [], [], []];
  private readonly holidays: Set<string>;

  constructor(readonly spec: CalendarSpec) {
    for (const h of spec.hours) {
      const s = parseClock(h.start);
      const e = h.end === "24:00" ? 1440 : parseClock(h.end);
      if (h.day >= 1 && h.day <= 7 && s < e) this.rangesByDay[h.day].push([s, e]);
    }
    for (const r of this.rangesByDay) r.sort((a, b) => a[0] - b[0]);
    this.holidays = new Set(spec.holidays);
  }

  get isEverOpen() {
    return this.rangesByDay.some((r) => r.length > 0);
  }

  // The instant local midnight of `date` (UTC y-m-d of a Date.UTC value) begins.
  private localMidnight(dayUtc: number): number {
    const tz = this.spec.timeZone;
    let guess = dayUtc - offsetAt(tz, dayUtc);
    guess = dayUtc - offsetAt(tz, guess);
    // A zone whose midnight is skipped starts the day at the first instant after the gap.
    while (guess + offsetAt(tz, guess) < dayUtc) guess += MINUTE;
    while (guess - MINUTE + offsetAt(tz, guess - MINUTE) >= dayUtc) guess -= MINUTE;
    return guess;
  }

  private yearStart(year: number) {
    let s = this.yearStarts.get(year);
    if (s === undefined) {
      s = this.localMidnight(Date.UTC(year, 0, 1));
      this.yearStarts.set(year, s);
    }
    return s;
  }

  private yearOf(t: number) {
    let y = new Date(t).getUTCFullYear();
    if (t < this.yearStart(y)) y -= 1;
    else if (t >= this.yearStart(y + 1)) y += 1;
    return y;
  }

  private chunk(year: number): Chunk {
    const cached = this.chunks.get(year);
    if (cached) return cached;
    const tz = this.spec.timeZone;
    const starts: number[] = [];
    const ends: number[] = [];
    let dayStart = this.yearStart(year);
    for (let base = Date.UTC(year, 0, 1); base < Date.UTC(year + 1, 0, 1); base += DAY) {
      const dayEnd = this.localMidnight(base + DAY);
      const date = new Date(base);
      const iso = date.toISOString().slice(0, 10);
      const ranges = this.rangesByDay[date.getUTCDay() === 0 ? 7 : date.getUTCDay()];
      if (ranges.length && !this.holidays.has(iso)) {
        const off1 = offsetAt(tz, dayStart);
        const off2 = offsetAt(tz, dayEnd - MINUTE);
        // Within a stretch of constant offset, wall time [s, e) on this date is one instant range.
        const segments: [number, number, number][] = [];
        if (off1 === off2) segments.push([dayStart, dayEnd, off1]);
        else {
          let lo = dayStart;
          let hi = dayEnd - MINUTE;
          while (hi - lo > MINUTE) {
            const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
            if (offsetAt(tz, mid) === off1) lo = mid;
            else hi = mid;
          }
          segments.push([dayStart, hi, off1], [hi, dayEnd, off2]);
        }
        const pieces: [number, number][] = [];
        for (const [s, e] of ranges) {
          for (const [segStart, segEnd, off] of segments) {
            const a = Math.max(base + s * MINUTE - off, segStart);
            const b = Math.min(base + e * MINUTE - off, segEnd);
            if (a < b) pieces.push([a, b]);
          }
        }
        pieces.sort((x, y) => x[0] - y[0]);
        for (const [a, b] of pieces) {
          const last = ends.length - 1;
          if (last >= 0 && a <= ends[last]) ends[last] = Math.max(ends[last], b);
          else {
            starts.push(a);
            ends.push(b);
          }
        }
      }
      dayStart = dayEnd;
    }
    const before = new Float64Array(starts.length);
    let total = 0;
    for (let i = 0; i < starts.length; i++) {
      before[i] = total;
      total += ends[i] - starts[i];
    }
    const chunk = {
      start: this.yearStart(year),
      end: this.yearStart(year + 1),
      starts: Float64Array.from(starts),
      ends: Float64Array.from(ends),
      before,
      total,
    };
    this.chunks.set(year, chunk);
    return chunk;
  }

  // Open time in the chunk before instant t (t within the chunk's span).
  private openBefore(c: Chunk, t: number): number {
    let lo = 0;
    let hi = c.starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (c.starts[mid] <= t) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (i < 0) return 0;
    return c.before[i] + Math.min(t, c.ends[i]) - c.starts[i];
  }

  isOpen(t: number): boolean {
    return this.businessMs(t, t + 1) === 1;
  }

  // The open stretches inside [from, to), clipped to it; stretches that touch (across local years) are one.
  openIntervals(from: number, to: number): [number, number][] {
    const out: [number, number][] = [];
    let y = this.yearOf(from);
    for (let t = from; t < to; y++) {
      const c = this.chunk(y);
      const end = Math.min(to, c.end);
      let i = 0;
      let hi = c.ends.length;
      while (i < hi) {
        const mid = (i + hi) >> 1;
        if (c.ends[mid] <= t) i = mid + 1;
        else hi = mid;
      }
      for (; i < c.starts.length && c.starts[i] < end; i++) {
        const a = Math.max(c.starts[i], t);
        const b = Math.min(c.ends[i], end);
        const last = out[out.length - 1];
        if (last && last[1] >= a) last[1] = Math.max(last[1], b);
        else if (a < b) out.push([a, b]);
      }
      t = end;
    }
    return out;
  }

  // Business (open) milliseconds in [from, to).
  businessMs(from: number, to: number): number {
    if (!(to > from)) return 0;
    let total = 0;
    let y = this.yearOf(from);
    let t = from;
    while (t < to) {
      const c = this.chunk(y);
      const end = Math.min(to, c.end);
      total += this.openBefore(c, end) - this.openBefore(c, t);
      t = end;
      y += 1;
    }
    return total;
  }

  // The earliest instant at which `ms` of business time has passed since `from`.
  addBusinessMs(from: number, ms: number): number {
    if (ms <= 0) return from;
    let y = this.yearOf(from);
    const lastYear = y + MAX_YEARS_AHEAD;
    let need = ms;
    let t = from;
    for (; y <= lastYear; y++) {
      const c = this.chunk(y);
      const startBefore = this.openBefore(c, Math.max(t, c.start));
      const available = c.total - startBefore;
      if (available >= need) {
        const goal = startBefore + need;
        let lo = 0;
        let hi = c.starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (c.before[mid] + (c.ends[mid] - c.starts[mid]) >= goal) hi = mid;
          else lo = mid + 1;
        }
        return c.starts[lo] + (goal - c.before[lo]);
      }
      need -= available;
      t = c.end;
    }
    throw new Error(`calendar has no ${Math.round(ms / MINUTE)} business minutes in the next ${MAX_YEARS_AHEAD} years`);
  }
}

const compiled = new Map<string, BusinessCalendar>();

export function cachedCalendar(key: string): BusinessCalendar | undefined {
  return compiled.get(key);
}

// Compiled calendars are cached by the caller's key (id and version), so edits take effect at once.
export function compileCalendar(key: string, spec: CalendarSpec): BusinessCalendar {
  let cal = compiled.get(key);
  if (!cal) {
    if (compiled.size > 500) compiled.clear();
    cal = new BusinessCalendar(spec);
    compiled.set(key, cal);
  }
  return cal;
}
