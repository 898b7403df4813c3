// A brute-force view of time zones for property tests: offsets read from Intl's own offset names (independent of
// how lib/ code derives them), a seeded random source, and the wall-clock fields of an instant.

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

// The zone tables cover this span; draw instants well inside it.
export const TABLE_FROM = Date.UTC(2025, 10, 1);
export const TABLE_TO = Date.UTC(2028, 5, 1);

export const iso = (t: number | null | undefined) =>
  t === null || t === undefined ? String(t) : new Date(t).toISOString();

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)],
  };
}
export type Rng = ReturnType<typeof rng>;

export type ZoneTable = { at: number[]; offset: number[] };
const zoneTables = new Map<string, ZoneTable>();

// The zone's offset as Intl names it ("GMT+10:30").
function intlOffset(fmt: Intl.DateTimeFormat, t: number) {
  const name = fmt.formatToParts(new Date(t)).find((p) => p.type === "timeZoneName")?.value ?? "";
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
  if (!m) throw new Error(`unexpected offset name ${name}`);
  return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3] ?? 0) * MIN) : 0;
}

// Offsets sampled from Intl every 6 hours, each change pinned to its minute by bisection (zones change at most once in 6 hours).
export function zoneTable(timeZone: string): ZoneTable {
  const cached = zoneTables.get(timeZone);
  if (cached) return cached;
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  const table: ZoneTable = { at: [TABLE_FROM], offset: [intlOffset(fmt, TABLE_FROM)] };
  const step = 6 * HOUR;
  for (let t = TABLE_FROM + step; t < TABLE_TO; t += step) {
    const before = table.offset[table.offset.length - 1];
    if (intlOffset(fmt, t) === before) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > MIN) {
      const mid = lo + Math.floor((hi - lo) / MIN / 2) * MIN;
      if (intlOffset(fmt, mid) === before) lo = mid;
      else hi = mid;
    }
    table.at.push(hi);
    table.offset.push(intlOffset(fmt, hi));
  }
  zoneTables.set(timeZone, table);
  return table;
}

export function offsetIn(table: ZoneTable, t: number) {
  if (t < TABLE_FROM || t >= TABLE_TO) throw new Error(`oracle has no offsets for ${iso(t)}`);
  let i = table.at.length - 1;
  while (table.at[i] > t) i--;
  return table.offset[i];
}

export function minutesOf(hhmm: string) {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

// Wall-clock day number (days since 1970-01-01), ISO weekday and minute of day of instant t.
export function wallOf(table: ZoneTable, t: number) {
  const wall = t + offsetIn(table, t);
  const day = Math.floor(wall / DAY);
  return { day, weekday: ((((day + 3) % 7) + 7) % 7) + 1, minute: Math.floor((wall - day * DAY) / MIN) };
}
