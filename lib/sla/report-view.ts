type Translate = (key: string, values?: Record<string, string | number>) => string;

// Local date and 24-hour time, as the report's tables and CSV files show instants.
export const REPORT_DATE_TIME = {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
} as const;

export const PERIOD_PRESETS = ["thisMonth", "lastMonth", "thisQuarter", "lastQuarter"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

// Today's date (YYYY-MM-DD) on the wall calendar of `timeZone`.
export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));
const iso = (d: Date) => d.toISOString().slice(0, 10);
const lastDay = (year: number, month: number) => iso(new Date(Date.UTC(year, month + 1, 0)));

export function periodPresets(today: string): Record<PeriodPreset, { from: string; to: string }> {
  const [year, month] = today.split("-").map(Number);
  const m = month - 1;
  const q = Math.floor(m / 3) * 3;
  const previousMonth = monthStart(year, m - 1);
  const previousQuarter = monthStart(year, q - 3);
  return {
    thisMonth: { from: iso(monthStart(year, m)), to: lastDay(year, m) },
    lastMonth: {
      from: iso(previousMonth),
      to: lastDay(previousMonth.getUTCFullYear(), previousMonth.getUTCMonth()),
    },
    thisQuarter: { from: iso(monthStart(year, q)), to: lastDay(year, q + 2) },
    lastQuarter: {
      from: iso(previousQuarter),
      to: lastDay(previousQuarter.getUTCFullYear(), previousQuarter.getUTCMonth() + 2),
    },
  };
}

// "2 d 3 h", "1 h 5 min", "12 min", "40 s" (or in Korean): two units at most, rounded down.
export function formatReportDuration(seconds: number | null | undefined, t: Translate): string {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("duration.s", { s });
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return t("duration.d", { d, h });
  if (h) return t("duration.h", { h, m });
  return t("duration.m", { m });
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${value.toFixed(1)}%`;
}
