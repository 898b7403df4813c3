import { BellRing, Search } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AlertStatusBadge, SeverityBadge } from "@/components/incidents/badges";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { mergeQuery, ViewTabs } from "@/components/ui/view-tabs";
import { ALERT_VIEWS, listAlerts } from "@/lib/alerts/list";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";

type View = (typeof ALERT_VIEWS)[number];

export async function generateMetadata() {
  return { title: (await getTranslations("alerts"))("title") };
}

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("alerts");
  const params = await searchParams;
  const view: View = (ALERT_VIEWS as readonly string[]).includes(params.view ?? "") ? (params.view as View) : "firing";
  const result = await listAlerts(await userCtx(user), { view, q: params.q, before: params.before }).catch((error) => {
    if (error instanceof AppError && error.code === "invalid") return { rows: [], nextBefore: null };
    throw error;
  });
  const query = (extra: Record<string, string>) => mergeQuery(params, extra);
  const now = new Date();

  return (
    <>
      <AutoRefresh seconds={10} />
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <ViewTabs
          label={t("views")}
          tabs={ALERT_VIEWS.map((v) => ({
            href: `/alerts?${query({ view: v, before: "" })}`,
            label: t(`view.${v}`),
            isCurrent: v === view,
          }))}
        />
        <form method="get" className="flex w-full min-w-0 gap-2 sm:w-auto sm:flex-1" role="search">
          <input type="hidden" name="view" value={view} />
          <Label htmlFor="alert-q" className="sr-only">
            {t("search")}
          </Label>
          <Input
            id="alert-q"
            name="q"
            defaultValue={params.q}
            placeholder={t("searchPlaceholder")}
            className="h-9 min-w-0 flex-1 sm:max-w-sm"
          />
          <button type="submit" className={buttonClasses("secondary", "sm")} aria-label={t("search")}>
            <Search className="size-4" aria-hidden />
          </button>
        </form>
      </div>
      <Card>
        {result.rows.length === 0 ? (
          <EmptyState icon={<BellRing className="size-8" />} title={t("empty")} />
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
            {result.rows.map(({ alert, incidentNumber }) => (
              <li key={alert.id} className="px-4 py-3 sm:px-5" data-testid={`alert-row-${alert.fingerprint}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <AlertStatusBadge status={alert.status} isSuppressed={alert.isSuppressed} />
                  <SeverityBadge severity={alert.severity} />
                  <span className="min-w-0 font-medium break-words">{alert.summary || alert.alertname}</span>
                </div>
                <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500">
                  {incidentNumber ? (
                    <Link
                      href={`/incidents/${incidentNumber}`}
                      className="font-mono text-brand-600 hover:underline dark:text-brand-400"
                    >
                      {incidentNumber}
                    </Link>
                  ) : null}
                  <span>{t("events", { count: alert.eventCount })}</span>
                  <span>
                    {t("lastSeen")} <RelativeTime value={alert.lastSeenAt} now={now} />
                  </span>
                </p>
                <ul className="mt-2 flex flex-wrap gap-1.5">
                  {Object.entries(alert.labels)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(([key, value]) => (
                      <li key={key}>
                        <Link
                          href={`/alerts?${query({ q: `${key}=${value}`, before: "" })}`}
                          className="block rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs break-all text-zinc-700 hover:bg-brand-50 dark:bg-zinc-800 dark:text-zinc-300"
                        >
                          {key}={value}
                        </Link>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {result.nextBefore ? (
        <div className="mt-4 flex justify-center">
          <Link href={`/alerts?${query({ before: result.nextBefore })}`} className={buttonClasses("secondary", "sm")}>
            {t("older")}
          </Link>
        </div>
      ) : null}
    </>
  );
}
