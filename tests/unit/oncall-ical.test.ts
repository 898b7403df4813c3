import { describe, expect, it } from "vitest";
import { foldLine, icalText, icalUtc, renderCalendar } from "@/lib/oncall/ical";

describe("iCalendar text", () => {
  it("escapes backslashes, semicolons, commas and newlines", () => {
    expect(icalText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("folds lines at 75 octets without splitting a character", () => {
    const ascii = `SUMMARY:${"x".repeat(200)}`;
    const folded = foldLine(ascii).split("\r\n");
    expect(folded.map((l) => Buffer.byteLength(l))).toEqual([75, 75, 1 + (208 - 75 - 74)]);
    expect(folded.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(ascii);

    const korean = `SUMMARY:온콜: ${"김민수".repeat(20)}`;
    const lines = foldLine(korean).split("\r\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(korean);
    expect(foldLine("SHORT")).toBe("SHORT");
  });

  it("writes a calendar with CRLF line ends and UTC times", () => {
    const body = renderCalendar(
      "Ops, night",
      [
        {
          uid: "abc@watchdesk",
          start: new Date("2026-03-08T07:00:00Z"),
          end: new Date("2026-03-09T13:30:00Z"),
          summary: "On call: Kim (Ops)",
        },
      ],
      new Date("2026-03-01T00:00:00.123Z"),
    );
    expect(body.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(body.split("\r\n")).toEqual(
      expect.arrayContaining([
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "X-WR-CALNAME:Ops\\, night",
        "BEGIN:VEVENT",
        "UID:abc@watchdesk",
        "DTSTAMP:20260301T000000Z",
        "DTSTART:20260308T070000Z",
        "DTEND:20260309T133000Z",
        "SUMMARY:On call: Kim (Ops)",
        "END:VEVENT",
      ]),
    );
    expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(icalUtc(new Date("2026-12-31T23:59:59.999Z"))).toBe("20261231T235959Z");
  });
});
