import { PRIORITIES, SLA_METRICS } from "@/db/schema";

export const TARGET_UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
export type TargetUnit = keyof typeof TARGET_UNITS;

// The largest unit that shows the target as a whole number: 240 → 4 hours, 90 → 90 minutes.
export function splitMinutes(minutes: number): { value: number; unit: TargetUnit } {
  if (minutes % TARGET_UNITS.days === 0) return { value: minutes / TARGET_UNITS.days, unit: "days" };
  if (minutes % TARGET_UNITS.hours === 0) return { value: minutes / TARGET_UNITS.hours, unit: "hours" };
  return { value: minutes, unit: "minutes" };
}

type Get = (name: string) => string | undefined;

// Form fields targets.P1.response.value + .unit → minutes; a blank value means no target; text that is no number is NaN for the schema to name.
export function targetsFromForm(get: Get) {
  const targets: Record<string, { response: number | null; resolution: number | null }> = {};
  for (const priority of PRIORITIES) {
    const entry = { response: null as number | null, resolution: null as number | null };
    for (const metric of SLA_METRICS) {
      const text = get(`targets.${priority}.${metric}.value`)?.trim().replace(",", ".") ?? "";
      if (!text) continue;
      const unit = get(`targets.${priority}.${metric}.unit`) as TargetUnit;
      const minutes = Number(text) * (TARGET_UNITS[unit] ?? 1);
      entry[metric] =
        Number.isFinite(minutes) && /^-?\d+(\.\d+)?$/.test(text) ? Math.round(minutes * 1e6) / 1e6 : Number.NaN;
    }
    if (entry.response !== null || entry.resolution !== null) targets[priority] = entry;
  }
  return targets;
}

// The weekly-hours editor submits one <name>.day / .start / .end triple per range, in order.
export function hoursFromForm(getAll: (name: string) => string[], name = "hours") {
  const days = getAll(`${name}.day`);
  const starts = getAll(`${name}.start`);
  const ends = getAll(`${name}.end`);
  return days.map((day, i) => ({ day: Number(day), start: starts[i] ?? "", end: ends[i] ?? "" }));
}
