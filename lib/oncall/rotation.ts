import type { LayerRestriction, RotationKind } from "@/db/schema";
import { type BusinessCalendar, compileCalendar, offsetAt } from "@/lib/sla/business-time";

// The rotation engine: who a schedule puts on call, from its definition alone (no database).
//
// Hand-offs follow the wall clock of the schedule's zone: shift k of a layer begins at the wall time
// startsAt + k × (24 h daily, 168 h weekly, shiftHours custom), so "Monday 09:00" stays 09:00 across
// daylight-saving changes and a custom 12-hour shift may last 11 or 13 real hours. A wall time is placed at the
// earliest instant whose wall time has reached it: a skipped time (spring forward) moves to the first instant
// after the gap, a repeated time (fall back) takes its first occurrence. Restrictions are weekly wall-clock
// windows judged by the wall time at each instant, as business hours are (lib/sla/business-time.ts).
// Overrides win over layers; among layers the highest position with someone on call wins (ties: listed first).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type RotationLayer = {
  id: string;
  position: number;
  rotationKind: RotationKind;
  // Used for custom rotations; daily is 24 and weekly 168 whatever this says.
  shiftHours: number;
  // Wall-clock "YYYY-MM-DDTHH:mm" in the schedule's zone: the first hand-off.
  startsAt: string;
  endsAt: string | null;
  // Empty: around the clock.
  restrictions: LayerRestriction[];
  // User ids in rotation order; one may appear twice.
  members: string[];
};

export type RotationOverride = { id?: string; userId: string; startsAt: Date; endsAt: Date };

export type ScheduleDefinition = { timeZone: string; layers: RotationLayer[]; overrides: RotationOverride[] };

export const OVERRIDE_SOURCE = "override";

// source: "override", a layer id, or null when nobody is on call.
export type OnCall = { userIds: string[]; source: string | null };

export type FinalShift = { start: Date; end: Date; userId: string | null; source: string | null };

// A stretch one person is on call in one layer (restrictions applied, neighbouring shifts of the same person joined).
export type LayerShift = { start: Date; end: Date; userId: string };

export type Timeline = { final: FinalShift[]; layers: { layerId: string; shifts: LayerShift[] }[] };

export type NowAndNext = {
  now: { userIds: string[]; until: Date | null };
  next: { userIds: string[]; from: Date } | null;
};

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

// "2026-03-08T02:30" as the UTC-encoded number of its wall time, or null when it is not a real date and time.
export function parseWallTime(value: string): number | null {
  const m = WALL.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  if (h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(wall);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return wall;
}

export function formatWallTime(wall: number): string {
  return new Date(wall).toISOString().slice(0, 16);
}

export function instantToWall(timeZone: string, t: number): number {
  return t + offsetAt(timeZone, t);
}

// The earliest instant whose wall time in `timeZone` has reached `wall`.
export function wallToInstant(timeZone: string, wall: number): number {
  const offsets = new Set([
    offsetAt(timeZone, wall - 14 * HOUR),
    offsetAt(timeZone, wall),
    offsetAt(timeZone, wall + 14 * HOUR),
  ]);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const t = wall - offset;
    if (t < best && offsetAt(timeZone, t) === offset) best = t;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // Skipped by a gap: bisect for the transition, where the wall clock jumps past `wall`.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE)) * MINUTE;
    if (instantToWall(timeZone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function shiftLengthHours(layer: Pick<RotationLayer, "rotationKind" | "shiftHours">): number {
  return layer.rotationKind === "daily" ? 24 : layer.rotationKind === "weekly" ? 168 : layer.shiftHours;
}

function restrictionCalendar(timeZone: string, restrictions: LayerRestriction[]): BusinessCalendar | null {
  if (restrictions.length === 0) return null;
  const key = `oncall:${timeZone}:${restrictions.map((r) => `${r.day} ${r.start}-${r.end}`).join(",")}`;
  return compileCalendar(key, { timeZone, hours: restrictions, holidays: [] });
}

class CompiledLayer {
  readonly wall0: number;
  readonly length: number;
  readonly start: number;
  readonly end: number;
  private readonly calendar: BusinessCalendar | null;
  private readonly boundaries = new Map<number, number>();

  constructor(
    readonly layer: RotationLayer,
    private readonly timeZone: string,
  ) {
    this.wall0 = parseWallTime(layer.startsAt) ?? Number.NaN;
    this.length = Math.max(1, shiftLengthHours(layer)) * HOUR;
    this.start = Number.isNaN(this.wall0) ? Number.POSITIVE_INFINITY : this.boundary(0);
    const endWall = layer.endsAt ? parseWallTime(layer.endsAt) : null;
    this.end = endWall === null ? Number.POSITIVE_INFINITY : wallToInstant(timeZone, endWall);
    this.calendar = restrictionCalendar(timeZone, layer.restrictions);
  }

  get isEmpty() {
    return this.layer.members.length === 0 || !(this.start < this.end);
  }

  // The instant shift k begins.
  boundary(k: number): number {
    let b = this.boundaries.get(k);
    if (b === undefined) {
      b = wallToInstant(this.timeZone, this.wall0 + k * this.length);
      this.boundaries.set(k, b);
    }
    return b;
  }

  // The shift running at t (t at or after the first hand-off).
  shiftIndexAt(t: number): number {
    let k = Math.max(0, Math.floor((instantToWall(this.timeZone, t) - this.wall0) / this.length));
    while (this.boundary(k + 1) <= t) k++;
    while (k > 0 && this.boundary(k) > t) k--;
    return k;
  }

  memberOf(k: number): string {
    const { members } = this.layer;
    return members[k % members.length];
  }

  userAt(t: number): string | null {
    if (this.isEmpty || t < this.start || t >= this.end) return null;
    if (this.calendar && !this.calendar.isOpen(t)) return null;
    return this.memberOf(this.shiftIndexAt(t));
  }

  shifts(from: number, to: number): LayerShift[] {
    const lo = Math.max(from, this.start);
    const hi = Math.min(to, this.end);
    if (this.isEmpty || !(lo < hi)) return [];
    const open = this.calendar ? this.calendar.openIntervals(lo, hi) : [[lo, hi] as [number, number]];
    const out: { start: number; end: number; userId: string }[] = [];
    let k = this.shiftIndexAt(lo);
    for (const [a, b] of open) {
      let t = a;
      while (t < b) {
        while (this.boundary(k + 1) <= t) k++;
        const end = Math.min(b, this.boundary(k + 1));
        const userId = this.memberOf(k);
        const last = out[out.length - 1];
        if (last && last.end === t && last.userId === userId) last.end = end;
        else out.push({ start: t, end, userId });
        t = end;
      }
    }
    return out.map((s) => ({ start: new Date(s.start), end: new Date(s.end), userId: s.userId }));
  }
}

type Compiled = { layers: CompiledLayer[]; overrides: RotationOverride[] };

const compiledDefinitions = new WeakMap<ScheduleDefinition, Compiled>();

function compile(def: ScheduleDefinition): Compiled {
  let c = compiledDefinitions.get(def);
  if (!c) {
    const layers = def.layers
      .map((layer, index) => ({ layer, index }))
      .sort((a, b) => b.layer.position - a.layer.position || a.index - b.index)
      .map(({ layer }) => new CompiledLayer(layer, def.timeZone));
    c = { layers, overrides: def.overrides };
    compiledDefinitions.set(def, c);
  }
  return c;
}

// Overrides do not overlap when the verbs wrote them; should they, the one that began last wins.
function overrideAt(overrides: RotationOverride[], t: number): RotationOverride | null {
  let found: RotationOverride | null = null;
  for (const o of overrides) {
    if (o.startsAt.getTime() <= t && t < o.endsAt.getTime() && (!found || o.startsAt >= found.startsAt)) found = o;
  }
  return found;
}

export function onCallAt(def: ScheduleDefinition, at: Date): OnCall {
  const c = compile(def);
  const t = at.getTime();
  const override = overrideAt(c.overrides, t);
  if (override) return { userIds: [override.userId], source: OVERRIDE_SOURCE };
  for (const layer of c.layers) {
    const userId = layer.userAt(t);
    if (userId) return { userIds: [userId], source: layer.layer.id };
  }
  return { userIds: [], source: null };
}

function covering(shifts: LayerShift[], t: number): LayerShift | null {
  let lo = 0;
  let hi = shifts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (shifts[mid].end.getTime() <= t) lo = mid + 1;
    else if (shifts[mid].start.getTime() > t) hi = mid - 1;
    else return shifts[mid];
  }
  return null;
}

// The resolved timeline over [from, to): contiguous segments (nobody included), one per person and source, and each
// layer's own shifts for a calendar.
export function finalShifts(def: ScheduleDefinition, from: Date, to: Date): Timeline {
  const c = compile(def);
  const f = from.getTime();
  const e = to.getTime();
  const layers = c.layers.map((layer) => ({ layerId: layer.layer.id, shifts: layer.shifts(f, e) }));
  const overrides = c.overrides.filter((o) => o.startsAt.getTime() < e && o.endsAt.getTime() > f);
  const cuts = new Set([f, e]);
  const cut = (t: number) => {
    if (t > f && t < e) cuts.add(t);
  };
  for (const o of overrides) {
    cut(o.startsAt.getTime());
    cut(o.endsAt.getTime());
  }
  for (const { shifts } of layers) {
    for (const s of shifts) {
      cut(s.start.getTime());
      cut(s.end.getTime());
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const final: { start: number; end: number; userId: string | null; source: string | null }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    let userId: string | null = null;
    let source: string | null = null;
    const override = overrideAt(overrides, a);
    if (override) [userId, source] = [override.userId, OVERRIDE_SOURCE];
    else {
      for (const layer of layers) {
        const shift = covering(layer.shifts, a);
        if (shift) {
          [userId, source] = [shift.userId, layer.layerId];
          break;
        }
      }
    }
    const last = final[final.length - 1];
    if (last && last.userId === userId && last.source === source) last.end = b;
    else final.push({ start: a, end: b, userId, source });
  }
  return {
    final: final.map((s) => ({ ...s, start: new Date(s.start), end: new Date(s.end) })),
    layers,
  };
}

export type PersonShift = { start: Date; end: Date; userId: string | null };

// Final segments with neighbours of the same person joined, whatever put them on call.
export function personShifts(final: FinalShift[]): PersonShift[] {
  const out: PersonShift[] = [];
  for (const s of final) {
    const last = out[out.length - 1];
    if (last && last.userId === s.userId && last.end.getTime() === s.start.getTime()) last.end = s.end;
    else out.push({ start: s.start, end: s.end, userId: s.userId });
  }
  return out;
}

// Who is on call at `now` and until when, and who comes next, looking `horizonDays` ahead.
export function nowAndNext(def: ScheduleDefinition, now: Date, horizonDays = 90): NowAndNext {
  const horizon = new Date(now.getTime() + horizonDays * DAY);
  const segments = personShifts(finalShifts(def, now, horizon).final);
  const ids = (s: PersonShift | undefined) => (s?.userId ? [s.userId] : []);
  const [current, following] = segments;
  return {
    now: { userIds: ids(current), until: following ? following.start : null },
    next: following ? { userIds: ids(following), from: following.start } : null,
  };
}
