import { describe, expect, it } from "vitest";
import { localInputToDate, suppressionTimes } from "@/lib/silences/form-input";
import { matcherText, parseMatcherText } from "@/lib/silences/matcher-text";

describe("parseMatcherText", () => {
  it("reads the four operators, one per line, skipping blank lines", () => {
    const { matchers, errors } = parseMatcherText('alertname=DiskFull\n\n env != prod \ncluster=~prod-.*\nteam!~"a|b"');
    expect(errors).toEqual([]);
    expect(matchers).toEqual([
      { name: "alertname", op: "=", value: "DiskFull" },
      { name: "env", op: "!=", value: "prod" },
      { name: "cluster", op: "=~", value: "prod-.*" },
      { name: "team", op: "!~", value: "a|b" },
    ]);
    expect(matcherText(matchers)).toBe("alertname=DiskFull\nenv!=prod\ncluster=~prod-.*\nteam!~a|b");
  });

  it("names the line of a malformed matcher, a bad label name and a regex that does not compile", () => {
    expect(parseMatcherText("a=b\nno operator").errors).toEqual([
      "Line 2: Write one matcher per line as name=value, name!=value, name=~regex or name!~regex",
    ]);
    expect(parseMatcherText("1bad=x").errors).toEqual(["Line 1: A label name holds letters, digits and '_'"]);
    expect(parseMatcherText("a=~(").errors).toEqual(["Line 1: The regular expression does not compile"]);
  });
});

describe("suppressionTimes", () => {
  const now = new Date("2026-03-02T01:00:00Z");

  it("starts now when the start is left at its default and ends after the duration", () => {
    const times = suppressionTimes(
      { startsAt: "2026-03-02T09:58", startsAtDefault: "2026-03-02T09:58", duration: "2h" },
      "Asia/Seoul",
      now,
    );
    expect(times).toEqual({ startsAt: now, endsAt: new Date("2026-03-02T03:00:00Z"), errors: {} });
  });

  it("reads wall-clock times in the viewer's zone and lets an end time win over the duration", () => {
    const times = suppressionTimes(
      { startsAt: "2026-03-03T22:00", startsAtDefault: "2026-03-02T10:00", endsAt: "2026-03-04T02:00", duration: "1h" },
      "Asia/Seoul",
      now,
    );
    expect(times.startsAt).toEqual(new Date("2026-03-03T13:00:00Z"));
    expect(times.endsAt).toEqual(new Date("2026-03-03T17:00:00Z"));
    expect(localInputToDate("2026-07-01T12:00", "America/New_York")).toEqual(new Date("2026-07-01T16:00:00Z"));
  });

  it("reports unreadable times against their field", () => {
    expect(suppressionTimes({ startsAt: "soon", duration: "1h" }, "Asia/Seoul", now).errors).toEqual({
      startsAt: ["Enter a date and time"],
    });
    expect(suppressionTimes({ duration: "forever" }, "Asia/Seoul", now).errors).toEqual({
      endsAt: ["Choose a duration or an end time"],
    });
  });
});
