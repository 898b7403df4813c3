import { Siren } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PriorityBadge, StatusBadge } from "@/components/incidents/badges";
import { SlaBadge } from "@/components/sla/sla-badge";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { mergeQuery, ViewTabs } from "@/components/ui/view-tabs";
import { PRIORITIES } from "@/db/schema";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listServices } from "@/lib/catalog/list";
import { AppError } from "@/lib/errors";
import { primaryBadgeViews } from "@/lib/sla/badge-labels";
import { slaBadges } from "@/lib/sla/badges";
import { listTeams } from "@/lib/teams/list";
import { listTickets } from "@/lib/tickets/queries";

const VIEWS = { open: "open", resolved: "resolved,closed", all: "" } as const;
type View = keyof typeof VIEWS;

export async function generateMetadata() {
  return { title: (await getTranslations("incidents"))("title") };
}

export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("incidents");
  const params = await searchParams;
  const view: View = params.view && params.view in VIEWS ? (params.view as View) : "open";
  const ctx = await userCtx(user);
  const [result, services, teams] = await Promise.all([
    listTickets(ctx, {
      type: "incident",
      status: VIEWS[view] || undefined,
      priority: params.priority || undefined,
      serviceId: params.serviceId || undefined,
      teamId: params.teamId || undefined,
      cursor: params.cursor || undefined,
    }).catch((error) => {
      if (error instanceof AppError && error.code === "invalid") return { rows: [], nextCursor: null };
      throw error;
    }),
    listServices(ctx),
    listTeams(ctx),
  ]);
  const query = (extra: Record<string, string>) => mergeQuery(params, extra);
  const now = new Date();
  const sla = primaryBadgeViews(
    await slaBadges(
      ctx,
      result.rows.map((r) => r.id),
      now,
    ),
    await getTranslations("slaClock"),
  );

  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <ViewTabs
          label={t("views")}
          tabs={(Object.keys(VIEWS) as View[]).map((v) => ({
            href: `/incidents?${query({ view: v, cursor: "" })}`,
            label: t(`view.${v}`),
            isCurrent: v === view,
          }))}
        />
        <form method="get" className="flex flex-wrap items-end gap-2" aria-label={t("filters")}>
          <input type="hidden" name="view" value={view} />
          <div>
            <Label htmlFor="f-priority" className="sr-only">
              {t("priority")}
            </Label>
            <Select id="f-priority" name="priority" defaultValue={params.priority ?? ""} className="h-9 w-36">
              <option value="">{t("anyPriority")}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="f-service" className="sr-only">
              {t("service")}
            </Label>
            <Select id="f-service" name="serviceId" defaultValue={params.serviceId ?? ""} className="h-9 w-40">
              <option value="">{t("anyService")}</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="f-team" className="sr-only">
              {t("team")}
            </Label>
            <Select id="f-team" name="teamId" defaultValue={params.teamId ?? ""} className="h-9 w-36">
              <option value="">{t("anyTeam")}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Select>
          </div>
          <button type="submit" className={buttonClasses("secondary", "sm")}>
            {t("apply")}
          </button>
        </form>
      </div>
      <Card>
        {result.rows.length === 0 ? (
          <EmptyState icon={<Siren className="size-8" />} title={t(`empty.${view}`)} description={t("emptyHint")} />
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
            {result.rows.map((row) => (
              <li key={row.id}>
                <Link
                  href={`/tickets/${row.number}`}
                  className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 px-4 py-3 hover:bg-zinc-50 sm:grid-cols-[auto_1fr_auto] sm:px-5 dark:hover:bg-zinc-800/50"
                  data-testid={`incident-${row.number}`}
                >
                  <PriorityBadge priority={row.priority} />
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-mono text-xs text-zinc-500">{row.number}</span>
                      <span className="font-medium break-words">{row.title}</span>
                    </p>
                    <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
                      <StatusBadge status={row.status} />
                      {row.flapCount > 0 ? (
                        <span className="text-amber-600">{t("flaps", { count: row.flapCount })}</span>
                      ) : null}
                      <span>{row.serviceName ?? t("noService")}</span>
                      {row.teamName ? <span>· {row.teamName}</span> : null}
                      <span>· {t("alertCount", { count: row.alertCount, firing: row.firingAlertCount })}</span>
                    </p>
                  </div>
                  <span className="col-start-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 sm:col-start-3 sm:row-start-1 sm:flex-col sm:items-end">
                    <RelativeTime value={row.createdAt} now={now} />
                    <SlaBadge badge={sla.get(row.id)} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {result.nextCursor ? (
        <div className="mt-4 flex justify-center">
          <Link
            href={`/incidents?${query({ cursor: result.nextCursor })}`}
            className={buttonClasses("secondary", "sm")}
          >
            {t("older")}
          </Link>
        </div>
      ) : null}
    </>
  );
}
