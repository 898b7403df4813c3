import type { ReportFigures, SlaReport } from "./report";
import { BACKLOG_BUCKETS } from "./report";
import { REPORT_DATE_TIME } from "./report-view";

export const REPORT_TABLES = ["summary", "groups", "trend", "backlog", "breached"] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export type CsvCell = string | number | null | undefined;
type Translate = (key: string) => string;

// Text a spreadsheet would run as a formula is prefixed with an apostrophe; numbers stay numbers.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// RFC 4180 (CRLF line ends), with a UTF-8 byte order mark so Excel reads Korean text correctly.
export function toCsv(rows: CsvCell[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

const FIGURE_COLUMNS = [
  "tickets",
  "responseMet",
  "responseBreached",
  "responseInProgress",
  "responseCompliance",
  "resolutionMet",
  "resolutionBreached",
  "resolutionInProgress",
  "resolutionCompliance",
  "mttaBusiness",
  "mttaWall",
  "mttrBusiness",
  "mttrWall",
  "breachedTickets",
] as const;

function figureCells(f: ReportFigures): CsvCell[] {
  return [
    f.tickets,
    f.response.met,
    f.response.breached,
    f.response.inProgress,
    f.response.compliance,
    f.resolution.met,
    f.resolution.breached,
    f.resolution.inProgress,
    f.resolution.compliance,
    f.mtta.business,
    f.mtta.wall,
    f.mttr.business,
    f.mttr.wall,
    f.breachedTickets,
  ];
}

// "2026-10-05 10:00" in the report's time zone.
function localTime(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("sv-SE", { timeZone, ...REPORT_DATE_TIME }).format(new Date(iso));
}

// One table of the report as rows, headers first; `t` reads the slaReport.csv.* messages.
export function reportTableRows(report: SlaReport, table: ReportTable, t: Translate): CsvCell[][] {
  const groupLabel = (key: string | null, label: string | null) => label ?? key ?? t(`none.${report.period.groupBy}`);
  const figureHeader = FIGURE_COLUMNS.map((c) => t(`csv.${c}`));
  if (table === "summary") {
    return [
      [t("csv.from"), t("csv.to"), t("csv.timeZone"), ...figureHeader],
      [report.period.from, report.period.to, report.period.timeZone, ...figureCells(report.summary)],
    ];
  }
  if (table === "groups") {
    return [
      [t(`groupBy.${report.period.groupBy}`), ...figureHeader],
      ...report.groups.map((g) => [groupLabel(g.key, g.label), ...figureCells(g)]),
    ];
  }
  if (table === "trend") {
    return [
      [t("csv.week"), t("csv.weekStart"), ...figureHeader],
      ...report.trend.map((w) => [w.week, w.start, ...figureCells(w)]),
    ];
  }
  if (table === "backlog") {
    return [
      [t(`groupBy.${report.period.groupBy}`), ...BACKLOG_BUCKETS.map((b) => t(`bucket.${b}`)), t("csv.total")],
      ...[...report.backlog.rows, report.backlog.total].map((r, i, all) => [
        i === all.length - 1 ? t("csv.total") : groupLabel(r.key, r.label),
        ...BACKLOG_BUCKETS.map((b) => r[b]),
        r.total,
      ]),
    ];
  }
  const tz = report.period.timeZone;
  return [
    [
      t("csv.number"),
      t("csv.title"),
      t("csv.priority"),
      t("csv.team"),
      t("csv.metric"),
      t("csv.state"),
      t("csv.due"),
      t("csv.stopped"),
      t("csv.overdue"),
    ],
    ...report.breached.rows.map((r) => [
      r.number,
      r.title,
      r.priority,
      r.teamName ?? t("none.team"),
      t(`metric.${r.metric}`),
      t(`clockState.${r.state}`),
      localTime(r.dueAt, tz),
      localTime(r.stoppedAt, tz),
      r.overdueSeconds,
    ]),
  ];
}

export function reportCsvFilename(report: SlaReport, table: ReportTable): string {
  const by = table === "groups" || table === "backlog" ? `-by-${report.period.groupBy}` : "";
  return `sla-${table}${by}-${report.period.from}-to-${report.period.to}.csv`;
}
