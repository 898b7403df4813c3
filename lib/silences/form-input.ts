import { timeZoneOffsetMs } from "@/lib/time";

// <input type="datetime-local"> holds a wall-clock time with no zone; the viewer's zone gives it an instant.
export function localInputToDate(value: string | undefined, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value?.trim() ?? "");
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  if (Number.isNaN(wall)) return null;
  const first = wall - timeZoneOffsetMs(new Date(wall), timeZone);
  return new Date(wall - timeZoneOffsetMs(new Date(first), timeZone));
}

export function dateToLocalInput(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

// Choices for how long a silence or maintenance window lasts, in minutes.
export const SUPPRESSION_DURATIONS = {
  "30m": 30,
  "1h": 60,
  "2h": 120,
  "4h": 240,
  "8h": 480,
  "1d": 1440,
  "3d": 4320,
  "7d": 10080,
} as const;
export type SuppressionDuration = keyof typeof SUPPRESSION_DURATIONS;

// Start (empty or left at the rendered default = now) and end (an explicit end wins over the duration).
export function suppressionTimes(
  values: { startsAt?: string; startsAtDefault?: string; endsAt?: string; duration?: string },
  timeZone: string,
  now = new Date(),
): { startsAt?: Date; endsAt?: Date; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const startText = values.startsAt?.trim() ?? "";
  const isNow = !startText || startText === values.startsAtDefault;
  const startsAt = isNow ? now : localInputToDate(startText, timeZone);
  if (!startsAt) errors.startsAt = ["Enter a date and time"];
  let endsAt: Date | null = null;
  if (values.endsAt?.trim()) {
    endsAt = localInputToDate(values.endsAt, timeZone);
    if (!endsAt) errors.endsAt = ["Enter a date and time"];
  } else if (values.duration && values.duration in SUPPRESSION_DURATIONS && startsAt) {
    endsAt = new Date(startsAt.getTime() + SUPPRESSION_DURATIONS[values.duration as SuppressionDuration] * 60_000);
  } else if (startsAt) {
    errors.endsAt = ["Choose a duration or an end time"];
  }
  return { startsAt: startsAt ?? undefined, endsAt: endsAt ?? undefined, errors };
}
