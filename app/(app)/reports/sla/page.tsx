import { Download } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/sla/print-button";
import { ReportFilters } from "@/components/sla/report-filters";
import {
  ReportBacklog,
  ReportBreached,
  ReportGroups,
  ReportSummary,
  ReportTrend,
} from "@/components/sla/report-sections";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { mergeQuery } from "@/components/ui/view-tabs";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listServices } from "@/lib/catalog/list";
import { AppError } from "@/lib/errors";
import { getSlaReport, MAX_REPORT_DAYS, REPORT_GROUPS, type ReportGroup, type SlaReport } from "@/lib/sla/report";
import { localToday, periodPresets } from "@/lib/sla/report-view";
import { listTeams } from "@/lib/teams/list";

const PAGE_SIZE = 50;
const FILTER_KEYS = ["from", "to", "groupBy", "teamId", "serviceId", "priority", "type"] as const;

export async function generateMetadata() {
  return { title: (await getTranslations("slaReport"))("title") };
}

export default async function SlaReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("reports.read");
  const t = await getTranslations("slaReport");
  const format = await getFormatter();
  const params = await searchParams;
  const ctx = await userCtx(user);
  const presets = periodPresets(localToday(new Date(), user.timezone));
  const query = {
    ...Object.fromEntries(FILTER_KEYS.map((k) => [k, params[k] || undefined])),
    from: params.from || presets.thisMonth.from,
    to: params.to || presets.thisMonth.to,
    groupBy: REPORT_GROUPS.includes(params.groupBy as ReportGroup) ? (params.groupBy as ReportGroup) : "team",
  } as Record<(typeof FILTER_KEYS)[number], string | undefined> & { groupBy: ReportGroup; from: string; to: string };
  const offset = Math.max(0, Number.parseInt(params.offset ?? "0", 10) || 0);

  let error: string | null = null;
  const [report, teams, services] = await Promise.all([
    getSlaReport(ctx, { ...query, timeZone: user.timezone, breachedLimit: PAGE_SIZE, breachedOffset: offset }).catch(
      (e): SlaReport | null => {
        if (!(e instanceof AppError) || e.code !== "invalid") throw e;
        const fields = e.details?.fields ?? {};
        error = fields.from?.some((m) => m.includes("is after to"))
          ? t("errors.fromAfterTo", { from: query.from, to: query.to })
          : fields.to?.some((m) => m.includes("at most"))
            ? t("errors.tooLong", { max: MAX_REPORT_DAYS })
            : t("errors.badInput", { message: e.message });
        return null;
      },
    ),
    listTeams(ctx),
    listServices(ctx),
  ]);

  const filterQuery = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as Record<string, string>;
  const csvHref = (table: string) => `/reports/sla/csv?${mergeQuery(filterQuery, { table })}`;
  const csvLink = (table: string) => (
    <a
      href={csvHref(table)}
      download
      className={`${buttonClasses("ghost", "sm")} print:hidden`}
      aria-label={t("downloadCsv", { table: t(`table.csvName.${table}`) })}
    >
      <Download className="size-4" aria-hidden />
      {t("csvButton")}
    </a>
  );
  const day = (iso: string) => format.dateTime(new Date(`${iso}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });

  return (
    <div className="sla-report">
      <PageHeader
        title={t("title")}
        description={
          report
            ? `${t("period", { from: day(report.period.from), to: day(report.period.to), timeZone: report.period.timeZone })}`
            : t("description")
        }
        action={
          <div className="flex flex-wrap gap-2 print:hidden">
            {csvLink("summary")}
            <PrintButton label={t("print")} />
          </div>
        }
      />
      <ReportFilters
        query={query}
        presets={presets}
        teams={teams.map((x) => ({ id: x.id, name: x.name }))}
        services={services.map((x) => ({ id: x.id, name: x.name }))}
        error={error}
      />
      {report ? (
        <div className="flex flex-col gap-6">
          <ReportSummary report={report} />
          <ReportGroups report={report} csv={csvLink("groups")} />
          <ReportTrend report={report} csv={csvLink("trend")} />
          <ReportBacklog report={report} csv={csvLink("backlog")} />
          <ReportBreached
            report={report}
            csv={csvLink("breached")}
            pageHref={(o) => `/reports/sla?${mergeQuery(filterQuery, { offset: o ? String(o) : "" })}`}
          />
        </div>
      ) : null}
    </div>
  );
}
