import { describe, expect, it } from "vitest";
import type { LayerRestriction } from "@/db/schema";
import {
  finalShifts,
  nowAndNext,
  onCallAt,
  parseWallTime,
  type RotationLayer,
  type RotationOverride,
  type ScheduleDefinition,
  wallToInstant,
} from "@/lib/oncall/rotation";
import {
  DAY,
  HOUR,
  iso,
  MIN,
  minutesOf,
  type Rng,
  rng,
  TABLE_FROM,
  TABLE_TO,
  wallOf,
  type ZoneTable,
  zoneTable,
} from "@/tests/support/zone-oracle";

// Rotations hand off at wall-clock times in the schedule's zone. The tables pin instants around DST changes; the
// property test compares the engine with an oracle that walks minute by minute reading wall time from Intl.
// ROTATION_SEED explores other cases; a failure prints the seed and the schedule.

const WEEKDAYS_9_TO_18: LayerRestriction[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));

function layer(fields: Partial<RotationLayer> & Pick<RotationLayer, "startsAt">): RotationLayer {
  return {
    id: "layer",
    position: 0,
    rotationKind: "weekly",
    shiftHours: 168,
    endsAt: null,
    restrictions: [],
    members: ["A", "B"],
    ...fields,
  };
}

const schedule = (
  timeZone: string,
  layers: RotationLayer[],
  overrides: RotationOverride[] = [],
): ScheduleDefinition => ({
  timeZone,
  layers,
  overrides,
});

const override = (userId: string, from: string, to: string): RotationOverride => ({
  userId,
  startsAt: new Date(from),
  endsAt: new Date(to),
});

type Row = [at: string, expected: string | null, source?: string];

function expectTable(def: ScheduleDefinition, rows: Row[]) {
  const got = rows.map(([at]) => {
    const r = onCallAt(def, new Date(at));
    return [at, r.userIds[0] ?? null, r.source ?? undefined];
  });
  expect(got).toEqual(rows.map(([at, who, source]) => [at, who, source ?? (who ? expect.any(String) : undefined)]));
}

describe("wall-clock hand-offs across daylight-saving changes", () => {
  it("weekly, Monday 09:00 New York: stays 09:00 local after spring forward and fall back", () => {
    const spring = schedule("America/New_York", [layer({ startsAt: "2026-03-02T09:00", members: ["A", "B", "C"] })]);
    expectTable(spring, [
      ["2026-03-02T13:59:00Z", null],
      ["2026-03-02T14:00:00Z", "A"],
      ["2026-03-09T12:59:00Z", "A"],
      ["2026-03-09T13:00:00Z", "B"], // 09:00 EDT; a fixed 168 h would wait until 14:00Z
      ["2026-03-16T13:00:00Z", "C"],
      ["2026-03-23T13:00:00Z", "A"],
    ]);
    const fall = schedule("America/New_York", [layer({ startsAt: "2026-10-19T09:00" })]);
    expectTable(fall, [
      ["2026-10-26T13:00:00Z", "B"],
      ["2026-11-02T13:30:00Z", "B"], // 08:30 EST
      ["2026-11-02T14:00:00Z", "A"], // 09:00 EST
    ]);
  });

  it("daily in New York: 09:00 hand-offs, and the skipped 02:30 and repeated 01:30", () => {
    expectTable(schedule("America/New_York", [layer({ rotationKind: "daily", startsAt: "2026-03-06T09:00" })]), [
      ["2026-03-07T14:00:00Z", "B"],
      ["2026-03-08T12:59:00Z", "B"],
      ["2026-03-08T13:00:00Z", "A"],
    ]);
    // 02:30 on 8 March does not exist: the hand-off moves to the first instant after the gap, 03:00 EDT.
    expectTable(schedule("America/New_York", [layer({ rotationKind: "daily", startsAt: "2026-03-06T02:30" })]), [
      ["2026-03-08T06:59:00Z", "B"],
      ["2026-03-08T07:00:00Z", "A"],
      ["2026-03-09T06:29:00Z", "A"],
      ["2026-03-09T06:30:00Z", "B"],
    ]);
    // 01:30 on 1 November happens twice: the hand-off takes the first, the second hands nothing off.
    expectTable(schedule("America/New_York", [layer({ rotationKind: "daily", startsAt: "2026-10-30T01:30" })]), [
      ["2026-11-01T05:29:00Z", "B"],
      ["2026-11-01T05:30:00Z", "A"],
      ["2026-11-01T06:30:00Z", "A"],
      ["2026-11-02T06:29:00Z", "A"],
      ["2026-11-02T06:30:00Z", "B"],
    ]);
  });

  it("custom 12 h and 36 h shifts count wall-clock hours", () => {
    const twelve = layer({ rotationKind: "custom", shiftHours: 12, startsAt: "2026-03-07T20:00" });
    expectTable(schedule("America/New_York", [twelve]), [
      ["2026-03-08T01:00:00Z", "A"],
      ["2026-03-08T11:59:00Z", "A"], // only 11 real hours: 08:00 EDT is 12:00Z
      ["2026-03-08T12:00:00Z", "B"],
      ["2026-03-09T00:00:00Z", "A"],
    ]);
    const thirtySix = layer({
      rotationKind: "custom",
      shiftHours: 36,
      startsAt: "2026-10-31T00:00",
      members: ["A", "B", "C"],
    });
    expectTable(schedule("America/New_York", [thirtySix]), [
      ["2026-10-31T04:00:00Z", "A"],
      ["2026-11-01T16:59:00Z", "A"], // 37 real hours: 12:00 EST is 17:00Z
      ["2026-11-01T17:00:00Z", "B"],
      ["2026-11-03T04:59:00Z", "B"],
      ["2026-11-03T05:00:00Z", "C"],
      ["2026-11-04T17:00:00Z", "A"],
    ]);
    const seoul = layer({ rotationKind: "custom", shiftHours: 12, startsAt: "2026-03-07T20:00" });
    expectTable(schedule("Asia/Seoul", [seoul]), [
      ["2026-03-07T11:00:00Z", "A"],
      ["2026-03-07T22:59:00Z", "A"],
      ["2026-03-07T23:00:00Z", "B"],
      ["2026-03-08T11:00:00Z", "A"],
    ]);
  });

  it("London: a daily 01:30 hand-off skipped in March and repeated in October", () => {
    expectTable(schedule("Europe/London", [layer({ rotationKind: "daily", startsAt: "2026-03-27T01:30" })]), [
      ["2026-03-28T01:30:00Z", "B"],
      ["2026-03-29T00:59:00Z", "B"],
      ["2026-03-29T01:00:00Z", "A"], // 02:00 BST, the first instant after the gap
      ["2026-03-30T00:29:00Z", "A"],
      ["2026-03-30T00:30:00Z", "B"],
    ]);
    expectTable(schedule("Europe/London", [layer({ startsAt: "2026-10-18T01:30" })]), [
      ["2026-10-25T00:29:00Z", "A"],
      ["2026-10-25T00:30:00Z", "B"],
      ["2026-10-25T01:30:00Z", "B"],
      ["2026-11-01T01:29:00Z", "B"],
      ["2026-11-01T01:30:00Z", "A"],
    ]);
  });

  it("Lord Howe: half-hour changes repeat 01:30–02:00 in April and skip 02:00–02:30 in October", () => {
    expectTable(schedule("Australia/Lord_Howe", [layer({ rotationKind: "daily", startsAt: "2026-04-03T01:45" })]), [
      ["2026-04-04T14:44:00Z", "B"],
      ["2026-04-04T14:45:00Z", "A"], // 01:45 +11:00, the first occurrence
      ["2026-04-04T15:15:00Z", "A"], // 01:45 +10:30 again
      ["2026-04-05T15:14:00Z", "A"],
      ["2026-04-05T15:15:00Z", "B"],
    ]);
    expectTable(schedule("Australia/Lord_Howe", [layer({ rotationKind: "daily", startsAt: "2026-10-02T02:15" })]), [
      ["2026-10-03T15:29:00Z", "B"],
      ["2026-10-03T15:30:00Z", "A"], // 02:15 skipped: 02:30 +11:00
      ["2026-10-04T15:14:00Z", "A"],
      ["2026-10-04T15:15:00Z", "B"],
    ]);
  });

  it("Seoul has no DST: a weekly rotation is exactly 168 hours", () => {
    expectTable(schedule("Asia/Seoul", [layer({ startsAt: "2026-03-02T09:00", members: ["A", "B", "A", "C"] })]), [
      ["2026-03-01T23:59:00Z", null],
      ["2026-03-02T00:00:00Z", "A"],
      ["2026-03-09T00:00:00Z", "B"],
      ["2026-03-16T00:00:00Z", "A"],
      ["2026-03-23T00:00:00Z", "C"],
      ["2026-03-30T00:00:00Z", "A"],
    ]);
  });
});

describe("layers, overrides and ends", () => {
  const bottom = layer({ id: "bottom", position: 0, startsAt: "2026-03-02T09:00" });
  const top = layer({
    id: "top",
    position: 1,
    rotationKind: "daily",
    startsAt: "2026-03-02T09:00",
    members: ["C", "D"],
    restrictions: WEEKDAYS_9_TO_18,
  });

  it("a weekday 09–18 layer on top of a 24×7 one", () => {
    expectTable(schedule("Asia/Seoul", [bottom, top]), [
      ["2026-03-02T00:00:00Z", "C", "top"],
      ["2026-03-02T08:59:00Z", "C", "top"],
      ["2026-03-02T09:00:00Z", "A", "bottom"],
      ["2026-03-03T00:00:00Z", "D", "top"],
      ["2026-03-07T03:00:00Z", "A", "bottom"], // Saturday noon
      ["2026-03-09T01:00:00Z", "D", "top"], // the seventh daily shift since the start
      ["2026-03-09T10:00:00Z", "B", "bottom"],
    ]);
    // Listed order does not matter, position does.
    expect(onCallAt(schedule("Asia/Seoul", [top, bottom]), new Date("2026-03-02T00:00:00Z")).userIds).toEqual(["C"]);
    expect(
      onCallAt(schedule("Asia/Seoul", [{ ...top, position: -1 }, bottom]), new Date("2026-03-02T00:00:00Z")).userIds,
    ).toEqual(["A"]);
  });

  it("restrictions follow the wall clock across spring forward in New York", () => {
    const ny = (l: RotationLayer) => ({ ...l, startsAt: "2026-03-02T09:00" });
    expectTable(schedule("America/New_York", [ny(bottom), ny(top)]), [
      ["2026-03-06T22:59:00Z", "C", "top"], // Friday 17:59 EST
      ["2026-03-06T23:00:00Z", "A", "bottom"],
      ["2026-03-09T12:59:00Z", "A", "bottom"], // Monday 08:59 EDT
      ["2026-03-09T13:00:00Z", "D", "top"], // Monday 09:00 EDT: the window opens on the wall clock
      ["2026-03-09T21:59:00Z", "D", "top"],
      ["2026-03-09T22:00:00Z", "B", "bottom"], // 18:00 EDT; the weekly hand-off was at 09:00 EDT
    ]);
  });

  it("overrides win inside a shift and across a hand-off", () => {
    const def = schedule(
      "Asia/Seoul",
      [bottom, top],
      [
        override("X", "2026-03-08T20:00:00Z", "2026-03-09T04:00:00Z"),
        override("Y", "2026-03-04T00:00:00Z", "2026-03-04T06:00:00Z"),
      ],
    );
    expectTable(def, [
      ["2026-03-08T19:59:00Z", "A", "bottom"],
      ["2026-03-08T20:00:00Z", "X", "override"],
      ["2026-03-09T00:30:00Z", "X", "override"], // over both the hand-off and the top layer
      ["2026-03-09T03:59:59Z", "X", "override"],
      ["2026-03-09T04:00:00Z", "D", "top"],
      ["2026-03-04T03:00:00Z", "Y", "override"],
      ["2026-03-04T06:00:00Z", "C", "top"],
    ]);
  });

  it("a layer stops at its end, uncovering the one below", () => {
    const ending = { ...top, restrictions: [], endsAt: "2026-03-10T09:00" };
    expectTable(schedule("Asia/Seoul", [bottom, ending]), [
      ["2026-03-09T23:59:00Z", "D", "top"],
      ["2026-03-10T00:00:00Z", "B", "bottom"],
    ]);
    expectTable(schedule("Asia/Seoul", [ending]), [
      ["2026-03-09T23:59:00Z", "D"],
      ["2026-03-10T00:00:00Z", null],
    ]);
  });

  it("a layer with nobody in it puts nobody on call", () => {
    expectTable(schedule("Asia/Seoul", [bottom, { ...top, members: [] }]), [["2026-03-02T01:00:00Z", "A", "bottom"]]);
  });
});

describe("the resolved timeline", () => {
  const base = layer({ id: "L", startsAt: "2026-03-02T09:00" });

  it("is contiguous, names its sources, and joins a person's consecutive shifts", () => {
    const def = schedule("Asia/Seoul", [base], [override("X", "2026-03-08T20:00:00Z", "2026-03-09T04:00:00Z")]);
    const { final, layers } = finalShifts(def, new Date("2026-03-01T00:00:00Z"), new Date("2026-03-10T00:00:00Z"));
    expect(final.map((s) => [iso(s.start.getTime()), iso(s.end.getTime()), s.userId, s.source])).toEqual([
      ["2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z", null, null],
      ["2026-03-02T00:00:00.000Z", "2026-03-08T20:00:00.000Z", "A", "L"],
      ["2026-03-08T20:00:00.000Z", "2026-03-09T04:00:00.000Z", "X", "override"],
      ["2026-03-09T04:00:00.000Z", "2026-03-10T00:00:00.000Z", "B", "L"],
    ]);
    expect(layers[0].shifts.map((s) => [iso(s.start.getTime()), s.userId])).toEqual([
      ["2026-03-02T00:00:00.000Z", "A"],
      ["2026-03-09T00:00:00.000Z", "B"],
    ]);
    const alone = finalShifts(
      schedule("Asia/Seoul", [{ ...base, members: ["A"] }]),
      new Date("2026-03-02T00:00:00Z"),
      new Date("2026-03-30T00:00:00Z"),
    );
    expect(alone.final).toHaveLength(1);
    expect(alone.layers[0].shifts).toHaveLength(1);
  });

  it("now and next: the current person until the hand-off, then the next one", () => {
    const def = schedule("America/New_York", [base], [override("X", "2026-03-09T13:00:00Z", "2026-03-09T15:00:00Z")]);
    expect(nowAndNext(def, new Date("2026-03-05T00:00:00Z"))).toEqual({
      now: { userIds: ["A"], until: new Date("2026-03-09T13:00:00Z") },
      next: { userIds: ["X"], from: new Date("2026-03-09T13:00:00Z") },
    });
    expect(nowAndNext(def, new Date("2026-03-09T14:00:00Z")).next).toEqual({
      userIds: ["B"],
      from: new Date("2026-03-09T15:00:00Z"),
    });
    expect(nowAndNext(def, new Date("2026-03-01T00:00:00Z"))).toEqual({
      now: { userIds: [], until: new Date("2026-03-02T14:00:00Z") },
      next: { userIds: ["A"], from: new Date("2026-03-02T14:00:00Z") },
    });
    const alone = schedule("Asia/Seoul", [{ ...base, members: ["A"] }]);
    expect(nowAndNext(alone, new Date("2026-03-05T00:00:00Z"))).toEqual({
      now: { userIds: ["A"], until: null },
      next: null,
    });
  });

  it("wall times: skipped ones move to the end of the gap, repeated ones take the first occurrence", () => {
    const at = (tz: string, wall: string) => iso(wallToInstant(tz, parseWallTime(wall) ?? Number.NaN));
    expect(at("America/New_York", "2026-03-08T02:30")).toBe("2026-03-08T07:00:00.000Z");
    expect(at("America/New_York", "2026-11-01T01:30")).toBe("2026-11-01T05:30:00.000Z");
    expect(at("Australia/Lord_Howe", "2026-10-04T02:10")).toBe("2026-10-03T15:30:00.000Z");
    expect(at("Australia/Lord_Howe", "2026-04-05T01:40")).toBe("2026-04-04T14:40:00.000Z");
    expect(at("Asia/Seoul", "2026-03-08T02:30")).toBe("2026-03-07T17:30:00.000Z");
    expect(parseWallTime("2026-02-30T09:00")).toBeNull();
    expect(parseWallTime("2026-03-01T24:00")).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: the engine against a minute-by-minute oracle.

const BASE_SEED = Number(process.env.ROTATION_SEED ?? 20261101);
const CASES = 300;
const SLOW = { timeout: 60_000 };
const ZONES = [
  "Asia/Seoul",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "America/Santiago",
  "America/Havana",
  "Atlantic/Azores",
  "Antarctica/Troll",
  "Pacific/Chatham",
] as const;
const PEOPLE = ["A", "B", "C", "D", "E"];
const DRAW_FROM = Date.UTC(2026, 0, 1);
const DRAW_TO = Date.UTC(2027, 11, 1);

const seedOf = (i: number) => (BASE_SEED * 7919 + i) >>> 0;
const wallText = (wall: number) => new Date(wall).toISOString().slice(0, 16);
const clock = (m: number) =>
  m === 1440 ? "24:00" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

function randomRestrictions(r: Rng): LayerRestriction[] {
  const out: LayerRestriction[] = [];
  for (let day = 1; day <= 7; day++) {
    if (!r.chance(0.6)) continue;
    let start = r.pick([0, 60, 90, 120, 150, 540, r.int(0, 23) * 60, r.int(0, 1439)]);
    while (start < 1440 && r.chance(0.8)) {
      const end = Math.min(1440, start + r.pick([30, 60, 90, 180, 540, r.int(1, 1440)]));
      out.push({ day, start: clock(start), end: clock(end) });
      start = end + r.pick([0, 30, r.int(1, 600)]);
      if (out.length > 20) break;
    }
  }
  return out;
}

function randomLayer(r: Rng, index: number, table: ZoneTable, from: number): RotationLayer {
  const rotationKind = r.pick(["daily", "weekly", "custom"] as const);
  const shiftHours = rotationKind === "custom" ? r.pick([1, 2, 5, 12, 23, 25, 36, 48, 72, r.int(1, 200)]) : 168;
  const hours = rotationKind === "daily" ? 24 : rotationKind === "weekly" ? 168 : shiftHours;
  const transitions = table.at.slice(1);
  // Hand-offs at or near a transition's wall time (skipped or repeated), or anywhere.
  let anchor: number;
  if (r.chance(0.5)) {
    const t = r.pick(transitions.filter((x) => Math.abs(x - from) < 40 * DAY).concat([from]));
    anchor = t + (table.offset[table.at.indexOf(t) - 1] ?? 0) + r.pick([-30, 0, 10, 29, 30, 45, 59, 60]) * MIN;
  } else anchor = from + r.int(-3 * 24, 48) * HOUR + r.pick([0, 15, 30, r.int(0, 59)]) * MIN;
  const startWall = Math.floor((anchor - r.int(0, 20) * hours * HOUR) / MIN) * MIN;
  const endWall = r.chance(0.25) ? startWall + r.int(1, 40 * hours) * HOUR + r.pick([0, 30]) * MIN : null;
  const members = Array.from({ length: r.int(1, 4) }, () => r.pick(PEOPLE));
  return {
    id: `L${index}`,
    position: r.int(0, 3),
    rotationKind,
    shiftHours,
    startsAt: wallText(startWall),
    endsAt: endWall === null ? null : wallText(endWall),
    restrictions: r.chance(0.4) ? randomRestrictions(r) : [],
    members,
  };
}

function randomCase(i: number) {
  const r = rng(seedOf(i));
  const timeZone = r.pick(ZONES);
  const table = zoneTable(timeZone);
  const transitions = table.at.slice(1).filter((t) => t > DRAW_FROM && t < DRAW_TO);
  const center =
    transitions.length && r.chance(0.7) ? r.pick(transitions) : r.int(DRAW_FROM / MIN, DRAW_TO / MIN) * MIN;
  const from = center - r.int(0, 36 * 60) * MIN;
  const to = from + r.int(60, 3 * 24 * 60) * MIN;
  const layers = Array.from({ length: r.int(1, 3) }, (_, k) => randomLayer(r, k, table, from));
  const overrides = Array.from({ length: r.pick([0, 0, 1, 2, 3]) }, () => {
    const start = from + r.int(-120, (to - from) / MIN) * MIN;
    return {
      userId: r.pick(PEOPLE),
      startsAt: new Date(start),
      endsAt: new Date(start + r.int(1, 24 * 60) * MIN),
    };
  });
  const def: ScheduleDefinition = { timeZone, layers, overrides };
  const name = `ROTATION_SEED=${BASE_SEED} case ${i}: ${timeZone} ${iso(from)}..${iso(to)} ${JSON.stringify({
    layers,
    overrides,
  })}`;
  return { def, from, to, table, name, r };
}

type Who = { userId: string | null; source: string | null };

// Minute by minute: a layer's shift index is how many shift lengths the wall clock's high-water mark has passed its
// start (so a repeated hour hands off once); restrictions read the wall clock at the minute itself.
function oracleTimeline(def: ScheduleDefinition, table: ZoneTable, from: number, to: number) {
  const ordered = def.layers
    .map((l, index) => ({ l, index }))
    .sort((a, b) => b.l.position - a.l.position || a.index - b.index)
    .map(({ l }) => l);
  let highWater = Number.NEGATIVE_INFINITY;
  for (let t = from - DAY; t < from; t += MIN) highWater = Math.max(highWater, t + wallOffset(table, t));
  const final: Who[] = [];
  const perLayer = new Map<string, (string | null)[]>(def.layers.map((l) => [l.id, []]));
  for (let t = from; t < to; t += MIN) {
    highWater = Math.max(highWater, t + wallOffset(table, t));
    const { weekday, minute } = wallOf(table, t);
    const layerUser = (l: RotationLayer): string | null => {
      const start = parseWallTime(l.startsAt) ?? Number.NaN;
      const end = l.endsAt ? (parseWallTime(l.endsAt) ?? Number.NaN) : Number.POSITIVE_INFINITY;
      if (!l.members.length || highWater < start || highWater >= end) return null;
      const isOpen =
        l.restrictions.length === 0 ||
        l.restrictions.some((x) => x.day === weekday && minutesOf(x.start) <= minute && minute < minutesOf(x.end));
      if (!isOpen) return null;
      const hours = l.rotationKind === "daily" ? 24 : l.rotationKind === "weekly" ? 168 : l.shiftHours;
      return l.members[Math.floor((highWater - start) / (hours * HOUR)) % l.members.length];
    };
    for (const l of def.layers) perLayer.get(l.id)?.push(layerUser(l));
    let who: Who = { userId: null, source: null };
    const covering = def.overrides.filter((o) => o.startsAt.getTime() <= t && t < o.endsAt.getTime());
    if (covering.length) {
      const last = covering.reduce((a, b) => (b.startsAt >= a.startsAt ? b : a));
      who = { userId: last.userId, source: "override" };
    } else {
      for (const l of ordered) {
        const userId = perLayer.get(l.id)?.at(-1) ?? null;
        if (userId) {
          who = { userId, source: l.id };
          break;
        }
      }
    }
    final.push(who);
  }
  return { final, perLayer };
}

function wallOffset(table: ZoneTable, t: number) {
  const w = wallOf(table, t);
  return w.day * DAY + w.minute * MIN - t;
}

function runs<T>(values: T[], from: number, same: (a: T, b: T) => boolean) {
  const out: { start: number; end: number; value: T }[] = [];
  values.forEach((value, i) => {
    const last = out[out.length - 1];
    if (last && same(last.value, value)) last.end = from + (i + 1) * MIN;
    else out.push({ start: from + i * MIN, end: from + (i + 1) * MIN, value });
  });
  return out;
}

describe("the rotation engine against the minute-by-minute oracle", () => {
  it("the oracle's zone tables cover the cases and know the changes they should exercise", () => {
    expect(DRAW_FROM - 2 * DAY).toBeGreaterThan(TABLE_FROM);
    expect(DRAW_TO + 4 * DAY).toBeLessThan(TABLE_TO);
    expect(zoneTable("Australia/Lord_Howe").at.map((t) => iso(t))).toContain("2026-10-03T15:30:00.000Z");
  });

  it("finalShifts and per-layer shifts equal the oracle's timeline, and onCallAt agrees at every change", SLOW, () => {
    for (let i = 0; i < CASES; i++) {
      const { def, from, to, table, name, r } = randomCase(i);
      const oracle = oracleTimeline(def, table, from, to);
      const timeline = finalShifts(def, new Date(from), new Date(to));
      const expectedFinal = runs(oracle.final, from, (a, b) => a.userId === b.userId && a.source === b.source).map(
        (s) => [iso(s.start), iso(s.end), s.value.userId, s.value.source],
      );
      expect(
        timeline.final.map((s) => [iso(s.start.getTime()), iso(s.end.getTime()), s.userId, s.source]),
        name,
      ).toEqual(expectedFinal);
      for (const { layerId, shifts } of timeline.layers) {
        const expected = runs(oracle.perLayer.get(layerId) ?? [], from, (a, b) => a === b)
          .filter((s) => s.value !== null)
          .map((s) => [iso(s.start), iso(s.end), s.value]);
        expect(
          shifts.map((s) => [iso(s.start.getTime()), iso(s.end.getTime()), s.userId]),
          `${name} layer ${layerId}`,
        ).toEqual(expected);
      }
      const probes = new Set<number>();
      for (const s of timeline.final) for (const t of [s.start.getTime(), s.end.getTime() - MIN]) probes.add(t);
      for (let k = 0; k < 20; k++) probes.add(from + r.int(0, (to - from) / MIN - 1) * MIN);
      for (const t of probes) {
        const want = oracle.final[(t - from) / MIN];
        for (const at of [t, t + r.int(1, MIN - 1)]) {
          const got = onCallAt(def, new Date(at));
          expect({ userId: got.userIds[0] ?? null, source: got.source }, `${name} at ${iso(at)}`).toEqual(want);
        }
      }
    }
  });
});
