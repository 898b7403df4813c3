import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Label, Select } from "@/components/ui/input";
import { mergeQuery } from "@/components/ui/view-tabs";
import { PRIORITIES, TICKET_TYPES } from "@/db/schema";
import { REPORT_GROUPS } from "@/lib/sla/report";
import { PERIOD_PRESETS, type PeriodPreset } from "@/lib/sla/report-view";

type Choice = { id: string; name: string };

export async function ReportFilters({
  query,
  presets,
  teams,
  services,
  error,
}: {
  query: Record<string, string | undefined>;
  presets: Record<PeriodPreset, { from: string; to: string }>;
  teams: Choice[];
  services: Choice[];
  error: string | null;
}) {
  const t = await getTranslations("slaReport");
  const kept = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as Record<string, string>;
  return (
    <Card className="mb-6 p-4 print:hidden">
      <nav aria-label={t("presetsLabel")} className="mb-4 flex flex-wrap gap-2">
        {PERIOD_PRESETS.map((preset) => {
          const isCurrent = presets[preset].from === query.from && presets[preset].to === query.to;
          return (
            <Link
              key={preset}
              href={`/reports/sla?${mergeQuery(kept, presets[preset])}`}
              aria-current={isCurrent ? "page" : undefined}
              className={cn(buttonClasses(isCurrent ? "primary" : "secondary", "sm"))}
            >
              {t(`preset.${preset}`)}
            </Link>
          );
        })}
      </nav>
      <form
        method="get"
        action="/reports/sla"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        aria-label={t("filters")}
      >
        <div>
          <Label htmlFor="r-from">{t("from")}</Label>
          <Input id="r-from" name="from" type="date" defaultValue={query.from} required />
        </div>
        <div>
          <Label htmlFor="r-to">{t("to")}</Label>
          <Input id="r-to" name="to" type="date" defaultValue={query.to} required />
        </div>
        <div>
          <Label htmlFor="r-group">{t("groupByLabel")}</Label>
          <Select id="r-group" name="groupBy" defaultValue={query.groupBy}>
            {REPORT_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`groupBy.${g}`)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="r-team">{t("team")}</Label>
          <Select id="r-team" name="teamId" defaultValue={query.teamId ?? ""}>
            <option value="">{t("any")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="r-service">{t("service")}</Label>
          <Select id="r-service" name="serviceId" defaultValue={query.serviceId ?? ""}>
            <option value="">{t("any")}</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="r-priority">{t("priority")}</Label>
          <Select id="r-priority" name="priority" defaultValue={query.priority ?? ""}>
            <option value="">{t("any")}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="r-type">{t("type")}</Label>
          <Select id="r-type" name="type" defaultValue={query.type ?? ""}>
            <option value="">{t("any")}</option>
            {TICKET_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`ticketType.${type}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClasses("primary", "md")}>
            {t("apply")}
          </button>
          <Link href="/reports/sla" className={buttonClasses("secondary", "md")}>
            {t("reset")}
          </Link>
        </div>
      </form>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </Card>
  );
}
