import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { PriorityBadge } from "@/components/incidents/badges";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { BACKLOG_BUCKETS, type MetricFigures, type ReportFigures, type SlaReport } from "@/lib/sla/report";
import { formatPercent, formatReportDuration, REPORT_DATE_TIME } from "@/lib/sla/report-view";
import { StackedBars, WeeklyChart } from "./report-charts";

const COLOURS = {
  tickets: "#71717a",
  response: "#2553e0",
  resolution: "#059669",
  business: "#7c3aed",
  wall: "#d97706",
};
const BUCKET_COLOURS = ["#93c5fd", "#3b82f6", "#1d4ed8", "#f59e0b", "#dc2626"];
const ROW = "print:break-inside-avoid";

type Translate = Awaited<ReturnType<typeof getTranslations<"slaReport">>>;

function groupName(t: Translate, report: SlaReport, row: { key: string | null; label: string | null }) {
  return row.label ?? row.key ?? t(`none.${report.period.groupBy}`);
}

function StatCard({ id, label, value, detail }: { id: string; label: string; value: string; detail: string }) {
  return (
    <section
      aria-labelledby={id}
      className={`rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${ROW}`}
    >
      <h2 id={id} className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
        {label}
      </h2>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{detail}</p>
    </section>
  );
}

export async function ReportSummary({ report }: { report: SlaReport }) {
  const t = await getTranslations("slaReport");
  const s = report.summary;
  const duration = (v: number | null) => formatReportDuration(v, t);
  const compliance = (m: MetricFigures) =>
    `${t("card.decided", { met: m.met, decided: m.met + m.breached })} · ${t("card.inProgress", { count: m.inProgress })}`;
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <StatCard
        id="card-response"
        label={t("card.responseCompliance")}
        value={formatPercent(s.response.compliance)}
        detail={compliance(s.response)}
      />
      <StatCard
        id="card-resolution"
        label={t("card.resolutionCompliance")}
        value={formatPercent(s.resolution.compliance)}
        detail={compliance(s.resolution)}
      />
      <StatCard
        id="card-mtta"
        label={t("card.mtta")}
        value={duration(s.mtta.business)}
        detail={t("card.businessWall", { wall: duration(s.mtta.wall) })}
      />
      <StatCard
        id="card-mttr"
        label={t("card.mttr")}
        value={duration(s.mttr.business)}
        detail={t("card.businessWall", { wall: duration(s.mttr.wall) })}
      />
      <StatCard
        id="card-breached"
        label={t("card.breachedTickets")}
        value={String(s.breachedTickets)}
        detail={t("card.ofTickets", { count: s.tickets })}
      />
      <StatCard id="card-tickets" label={t("card.tickets")} value={String(s.tickets)} detail={t("card.created")} />
    </div>
  );
}

function FigureCells({ f, t }: { f: ReportFigures; t: Translate }) {
  const duration = (v: number | null) => formatReportDuration(v, t);
  const percent = (m: MetricFigures) => (
    <>
      <span className="font-medium">{formatPercent(m.compliance)}</span>
      <span className="block text-xs text-zinc-500">
        {m.met}/{m.met + m.breached}
      </span>
    </>
  );
  const pair = (business: number | null, wall: number | null) => (
    <>
      <span className="font-medium">{duration(business)}</span>
      <span className="block text-xs text-zinc-500">{duration(wall)}</span>
    </>
  );
  return (
    <>
      <Td className="text-right tabular-nums">{f.tickets}</Td>
      <Td className="text-right tabular-nums">{percent(f.response)}</Td>
      <Td className="text-right tabular-nums">{percent(f.resolution)}</Td>
      <Td className="text-right whitespace-nowrap tabular-nums">{pair(f.mtta.business, f.mtta.wall)}</Td>
      <Td className="text-right whitespace-nowrap tabular-nums">{pair(f.mttr.business, f.mttr.wall)}</Td>
      <Td className="text-right tabular-nums">{f.breachedTickets}</Td>
    </>
  );
}

export async function ReportGroups({ report, csv }: { report: SlaReport; csv: ReactNode }) {
  const t = await getTranslations("slaReport");
  const group = t(`groupBy.${report.period.groupBy}`);
  const title = t(`section.groups.${report.period.groupBy}`);
  return (
    <Card>
      <CardHeader title={title} description={t("section.groupsHint")} action={csv} />
      {report.groups.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table aria-label={title} className="min-w-[40rem]">
          <thead>
            <tr>
              <Th className="whitespace-nowrap">{group}</Th>
              <Th className="text-right whitespace-nowrap">{t("column.tickets")}</Th>
              <Th className="text-right whitespace-nowrap">{t("column.response")}</Th>
              <Th className="text-right whitespace-nowrap">{t("column.resolution")}</Th>
              <Th className="text-right whitespace-nowrap">{t("column.mtta")}</Th>
              <Th className="text-right whitespace-nowrap">{t("column.mttr")}</Th>
              <Th className="text-right whitespace-nowrap">{t("column.breached")}</Th>
            </tr>
          </thead>
          <tbody>
            {report.groups.map((g) => (
              <tr key={g.key ?? "none"} className={ROW}>
                <Td className="min-w-40 font-medium">{groupName(t, report, g)}</Td>
                <FigureCells f={g} t={t} />
              </tr>
            ))}
            <tr className={`bg-zinc-50 dark:bg-zinc-900/60 ${ROW}`}>
              <Td className="font-semibold">{t("column.total")}</Td>
              <FigureCells f={report.summary} t={t} />
            </tr>
          </tbody>
        </Table>
      )}
    </Card>
  );
}

export async function ReportTrend({ report, csv }: { report: SlaReport; csv: ReactNode }) {
  const t = await getTranslations("slaReport");
  const labels = report.trend.map((w) => w.week.slice(5));
  const hours = (v: number | null) => (v === null ? null : Math.round((v / 3600) * 10) / 10);
  const shared = { labels, tableCaption: t("chart.dataTable"), tableHead: t("column.week") };
  return (
    <Card>
      <CardHeader title={t("section.trend")} description={t("section.trendHint")} action={csv} />
      <div className="grid gap-6 px-4 py-4 sm:px-5 lg:grid-cols-3">
        <WeeklyChart
          {...shared}
          title={t("chart.ticketsPerWeek")}
          kind="bars"
          series={[{ name: t("column.tickets"), color: COLOURS.tickets, values: report.trend.map((w) => w.tickets) }]}
          format={(v) => (v === null ? "—" : String(v))}
          axisFormat={(v) => (v === null ? "" : String(Math.round(v)))}
        />
        <WeeklyChart
          {...shared}
          title={t("chart.compliancePerWeek")}
          kind="lines"
          max={100}
          series={[
            {
              name: t("metric.response"),
              color: COLOURS.response,
              values: report.trend.map((w) => w.response.compliance),
            },
            {
              name: t("metric.resolution"),
              color: COLOURS.resolution,
              values: report.trend.map((w) => w.resolution.compliance),
            },
          ]}
          format={formatPercent}
          axisFormat={(v) => `${Math.round(v ?? 0)}%`}
        />
        <WeeklyChart
          {...shared}
          title={t("chart.mttrPerWeek")}
          kind="lines"
          series={[
            {
              name: t("chart.mttrBusiness"),
              color: COLOURS.business,
              values: report.trend.map((w) => hours(w.mttr.business)),
            },
            { name: t("chart.mttrWall"), color: COLOURS.wall, values: report.trend.map((w) => hours(w.mttr.wall)) },
          ]}
          format={(v) => (v === null ? "—" : formatReportDuration(v * 3600, t))}
          axisFormat={(v) => (v === null ? "" : String(Math.round(v * 10) / 10))}
        />
      </div>
    </Card>
  );
}

export async function ReportBacklog({ report, csv }: { report: SlaReport; csv: ReactNode }) {
  const t = await getTranslations("slaReport");
  const format = await getFormatter();
  const at = format.dateTime(new Date(report.backlog.at), REPORT_DATE_TIME);
  const buckets = BACKLOG_BUCKETS.map((b, i) => ({ name: t(`bucket.${b}`), color: BUCKET_COLOURS[i] }));
  const rows = report.backlog.rows;
  const group = t(`groupBy.${report.period.groupBy}`);
  return (
    <Card>
      <CardHeader title={t("section.backlog")} description={t("section.backlogAt", { at })} action={csv} />
      {report.backlog.total.total === 0 ? (
        <EmptyState title={t("noBacklog")} />
      ) : (
        <>
          <div className="px-4 pt-4 sm:px-5">
            <StackedBars
              title={t("chart.backlog")}
              buckets={buckets}
              rows={rows.map((r) => ({ label: groupName(t, report, r), values: BACKLOG_BUCKETS.map((b) => r[b]) }))}
            />
          </div>
          <Table aria-label={t("section.backlog")} className="mt-3 min-w-[34rem]">
            <thead>
              <tr>
                <Th>{group}</Th>
                {buckets.map((b) => (
                  <Th key={b.name} className="text-right whitespace-nowrap normal-case">
                    {b.name}
                  </Th>
                ))}
                <Th className="text-right">{t("column.total")}</Th>
              </tr>
            </thead>
            <tbody>
              {[...rows, report.backlog.total].map((r, i) => {
                const isTotal = i === rows.length;
                return (
                  <tr
                    key={isTotal ? "total" : (r.key ?? "none")}
                    className={`${ROW} ${isTotal ? "bg-zinc-50 dark:bg-zinc-900/60" : ""}`}
                  >
                    <Td className={isTotal ? "min-w-40 font-semibold" : "min-w-40 font-medium"}>
                      {isTotal ? t("column.total") : groupName(t, report, r)}
                    </Td>
                    {BACKLOG_BUCKETS.map((b) => (
                      <Td key={b} className="text-right tabular-nums">
                        {r[b]}
                      </Td>
                    ))}
                    <Td className="text-right font-medium tabular-nums">{r.total}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </>
      )}
    </Card>
  );
}

export async function ReportBreached({
  report,
  csv,
  pageHref,
}: {
  report: SlaReport;
  csv: ReactNode;
  pageHref: (offset: number) => string;
}) {
  const t = await getTranslations("slaReport");
  const format = await getFormatter();
  const { rows, total, offset, limit } = report.breached;
  const description = total
    ? t("section.breachedShown", { from: offset + 1, to: offset + rows.length, total })
    : undefined;
  return (
    <Card>
      <CardHeader title={t("section.breached")} description={description} action={csv} />
      {rows.length === 0 ? (
        <EmptyState title={t("noBreaches")} />
      ) : (
        <Table aria-label={t("section.breached")} className="min-w-[60rem]">
          <thead>
            <tr>
              <Th className="whitespace-nowrap">{t("column.number")}</Th>
              <Th className="whitespace-nowrap">{t("column.title")}</Th>
              <Th className="whitespace-nowrap">{t("column.priority")}</Th>
              <Th className="whitespace-nowrap">{t("column.team")}</Th>
              <Th className="whitespace-nowrap">{t("column.metric")}</Th>
              <Th className="whitespace-nowrap">{t("column.due")}</Th>
              <Th className="whitespace-nowrap">{t("column.outcome")}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const time = formatReportDuration(r.overdueSeconds, t);
              return (
                <tr key={`${r.number}-${r.metric}`} className={ROW}>
                  <Td className="font-mono text-xs whitespace-nowrap">
                    <Link href={`/tickets/${r.number}`} className="text-brand-600 hover:underline dark:text-brand-400">
                      {r.number}
                    </Link>
                  </Td>
                  <Td className="min-w-48 break-words">{r.title}</Td>
                  <Td>
                    <PriorityBadge priority={r.priority} />
                  </Td>
                  <Td className="min-w-36">{r.teamName ?? t("none.team")}</Td>
                  <Td className="whitespace-nowrap">{t(`metric.${r.metric}`)}</Td>
                  <Td>
                    <LocalTime value={r.dueAt} />
                  </Td>
                  <Td className="whitespace-nowrap text-red-700 dark:text-red-400">
                    {r.stoppedAt
                      ? t("stoppedOver", {
                          at: format.dateTime(new Date(r.stoppedAt), REPORT_DATE_TIME),
                          time,
                        })
                      : t("runningOver", { time })}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {offset > 0 || offset + rows.length < total ? (
        <nav className="flex justify-center gap-2 px-4 py-3 print:hidden" aria-label={t("section.breached")}>
          {offset > 0 ? (
            <Link href={pageHref(Math.max(0, offset - limit))} className={buttonClasses("secondary", "sm")}>
              {t("previous")}
            </Link>
          ) : null}
          {offset + rows.length < total ? (
            <Link href={pageHref(offset + limit)} className={buttonClasses("secondary", "sm")}>
              {t("next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </Card>
  );
}
