import { describe, expect, it } from "vitest";
import { isoWeek, type SlaReport } from "@/lib/sla/report";
import { csvCell, reportTableRows, toCsv } from "@/lib/sla/report-csv";

describe("CSV for the SLA report", () => {
  it("quotes per RFC 4180, ends lines with CRLF and starts with a UTF-8 byte order mark", () => {
    const csv = toCsv([
      ["번호", "제목"],
      ["INC-000001", 'VPN "끊김", 서울'],
      ["INC-000002", "두 줄\n설명"],
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('번호,제목\r\nINC-000001,"VPN ""끊김"", 서울"\r\nINC-000002,"두 줄\n설명"\r\n');
  });

  it("defuses text a spreadsheet would run as a formula, but leaves numbers alone", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1 234")).toBe("'+1 234");
    expect(csvCell("-cmd")).toBe("'-cmd");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tTAB")).toBe("'\tTAB");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(66.7)).toBe("66.7");
    expect(csvCell(null)).toBe("");
    expect(csvCell("a-b")).toBe("a-b");
  });

  it("writes a breached row with local times and a translated metric", () => {
    const report = {
      period: { from: "2026-10-05", to: "2026-10-18", timeZone: "Asia/Seoul", groupBy: "team" },
      breached: {
        rows: [
          {
            number: "INC-000004",
            title: "=cmd|' /C calc'!A0",
            priority: "P3",
            teamId: null,
            teamName: null,
            metric: "response",
            state: "stopped",
            dueAt: "2026-10-13T01:00:00.000Z",
            stoppedAt: "2026-10-13T01:30:00.000Z",
            overdueSeconds: 1800,
          },
        ],
      },
    } as unknown as SlaReport;
    const rows = reportTableRows(report, "breached", (key) => `[${key}]`);
    expect(rows[0][0]).toBe("[csv.number]");
    expect(rows[1]).toEqual([
      "INC-000004",
      "=cmd|' /C calc'!A0",
      "P3",
      "[none.team]",
      "[metric.response]",
      "[clockState.stopped]",
      "2026-10-13 10:00",
      "2026-10-13 10:30",
      1800,
    ]);
    expect(toCsv(rows)).toContain("\r\nINC-000004,'=cmd|' /C calc'!A0,P3,");
  });

  it("numbers ISO weeks by the year of their Thursday", () => {
    expect(isoWeek("2026-10-05")).toBe("2026-W41");
    expect(isoWeek("2025-12-29")).toBe("2026-W01");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
    expect(isoWeek("2026-12-28")).toBe("2026-W53");
  });
});
