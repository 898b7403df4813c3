import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { oncallSchedules, users } from "@/db/schema";
import { hashSecret } from "@/lib/tokens/secret";
import { finalShifts, personShifts } from "./rotation";
import { loadScheduleDefinition } from "./who";

// An iCalendar (RFC 5545) feed of a schedule's final shifts, read with the feed's secret token instead of a session.

const DAY = 86_400_000;
export const FEED_DAYS_BACK = 7;
export const FEED_DAYS_AHEAD = 60;
// Shifts already running when the feed's window opens keep their real start (and so their UID) for this long.
const LOOKBACK_DAYS = 35;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

// TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11).
export function icalText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

// Lines longer than 75 octets continue on lines that begin with a space; a character is never split (§3.1).
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function icalUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export type FeedEvent = { uid: string; start: Date; end: Date; summary: string };

export function renderCalendar(name: string, events: FeedEvent[], now: Date): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Watchdesk//On-call schedules//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icalText(name)}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  for (const e of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${e.uid}`,
      `DTSTAMP:${icalUtc(now)}`,
      `DTSTART:${icalUtc(e.start)}`,
      `DTEND:${icalUtc(e.end)}`,
      `SUMMARY:${icalText(e.summary)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

// The feed for a token, or null when no schedule has it. `userId` keeps only that person's shifts.
export async function scheduleFeed(
  db: DbOrTx,
  token: string,
  options: { userId?: string; now?: Date } = {},
): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const [schedule] = await db
    .select({ id: oncallSchedules.id })
    .from(oncallSchedules)
    .where(eq(oncallSchedules.feedTokenHash, hashSecret(token)));
  if (!schedule) return null;
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - FEED_DAYS_BACK * DAY);
  const to = new Date(now.getTime() + FEED_DAYS_AHEAD * DAY);
  const lookback = new Date(from.getTime() - LOOKBACK_DAYS * DAY);
  const def = await loadScheduleDefinition(db, schedule.id, { from: lookback, to });
  if (!def) return null;
  const shifts = personShifts(finalShifts(def, lookback, to).final).filter(
    (s): s is typeof s & { userId: string } =>
      s.userId !== null && s.end > from && (!options.userId || s.userId === options.userId),
  );
  const ids = [...new Set(shifts.map((s) => s.userId))];
  const names = new Map(
    ids.length
      ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [
          u.id,
          u.name,
        ])
      : [],
  );
  const events = shifts.map((s) => ({
    uid: `${createHash("sha256").update(`${def.id}:${s.userId}:${s.start.toISOString()}`).digest("hex").slice(0, 32)}@watchdesk`,
    start: s.start,
    end: s.end,
    summary: `On call: ${names.get(s.userId) ?? "?"} (${def.name})`,
  }));
  return renderCalendar(`${def.name} (on call)`, events, now);
}
