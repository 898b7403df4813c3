import { Inbox, Plus, SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { STATUS_TONE } from "@/components/incidents/badges";
import { QueueList } from "@/components/tickets/queue-list";
import { SavedViews } from "@/components/tickets/saved-views";
import { SearchBox } from "@/components/tickets/search-box";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { mergeQuery, ViewTabs } from "@/components/ui/view-tabs";
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from "@/db/schema";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listServices } from "@/lib/catalog/list";
import { AppError } from "@/lib/errors";
import { primaryBadgeViews } from "@/lib/sla/badge-labels";
import { slaBadges } from "@/lib/sla/badges";
import { isDueView } from "@/lib/sla/due-views";
import { listTeams } from "@/lib/teams/list";
import { listQueue, QUEUE_SORTS, QUEUE_VIEWS, type QueueView, queueCounts } from "@/lib/tickets/queue";
import { listViews } from "@/lib/tickets/views";
import { listAssignableUsers } from "@/lib/users/names";

const FILTER_KEYS = [
  "type",
  "status",
  "priority",
  "teamId",
  "assigneeId",
  "serviceId",
  "createdFrom",
  "createdTo",
  "q",
  "sort",
] as const;

export async function generateMetadata() {
  return { title: (await getTranslations("desk"))("title") };
}

export default async function QueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("desk");
  const ts = await getTranslations("ticketStatus");
  const tt = await getTranslations("ticket");
  const tsla = await getTranslations("slaClock");
  const format = await getFormatter();
  const params = await searchParams;
  const view: QueueView = QUEUE_VIEWS.includes(params.view as QueueView) ? (params.view as QueueView) : "mine";
  const ctx = await userCtx(user);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params[k] || undefined]));
  let error: string | null = null;
  const [result, counts, services, teams, agents, views] = await Promise.all([
    listQueue(ctx, { view, ...filters, cursor: params.cursor || undefined }).catch((e) => {
      if (e instanceof AppError && e.code === "invalid") {
        error = e.message;
        return { rows: [], nextCursor: null, sort: "newest" as const };
      }
      throw e;
    }),
    queueCounts(ctx),
    listServices(ctx),
    listTeams(ctx),
    listAssignableUsers(ctx),
    listViews(ctx),
  ]);
  const query = (extra: Record<string, string>) => mergeQuery(params, extra);
  const now = new Date();
  const sla = primaryBadgeViews(
    await slaBadges(
      ctx,
      result.rows.map((r) => r.id),
      now,
    ),
    tsla,
  );
  const savedQuery = Object.fromEntries(
    Object.entries({ view, ...filters }).filter(([, v]) => v) as [string, string][],
  );
  const currentHref = `/tickets?${mergeQuery(savedQuery, {})}`;
  const hasFilters = FILTER_KEYS.some((k) => k !== "q" && k !== "sort" && params[k]);
  const items = result.rows.map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    typeLabel: tt(`type.${row.type}`),
    status: row.status,
    statusLabel: ts(row.status),
    statusTone: STATUS_TONE[row.status],
    priority: row.priority,
    isMajor: row.isMajor,
    serviceName: row.serviceName,
    teamName: row.teamName,
    assigneeName: row.assigneeName,
    createdLabel: format.relativeTime(row.createdAt, now),
    createdIso: row.createdAt.toISOString(),
    sla: sla.get(row.id) ?? null,
  }));
  const named = (rows: { id: string; name: string }[]) => rows.map((r) => ({ value: r.id, label: r.name }));
  const selectFilters = [
    { name: "type", label: t("filter.type"), options: TICKET_TYPES.map((v) => ({ value: v, label: tt(`type.${v}`) })) },
    { name: "status", label: t("filter.status"), options: TICKET_STATUSES.map((v) => ({ value: v, label: ts(v) })) },
    { name: "priority", label: t("filter.priority"), options: PRIORITIES.map((v) => ({ value: v, label: v })) },
    { name: "teamId", label: t("filter.team"), options: named(teams) },
    {
      name: "assigneeId",
      label: t("filter.assignee"),
      options: [{ value: "none", label: t("unassigned") }, ...named(agents)],
    },
    { name: "serviceId", label: t("filter.service"), options: named(services) },
  ];
  const tabCount = (v: QueueView) => (v === "mine" ? counts.mine : v === "unassigned" ? counts.unassigned : null);

  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader
        title={t("title")}
        description={t("description")}
        action={
          <Link href="/tickets/new" className={buttonClasses("primary", "md")}>
            <Plus className="size-4" aria-hidden />
            {t("newTicket")}
          </Link>
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <ViewTabs
          label={t("views")}
          tabs={QUEUE_VIEWS.map((v) => {
            const n = tabCount(v);
            return {
              href: `/tickets?${mergeQuery({ view: v }, {})}`,
              label: n === null ? t(`view.${v}`) : `${t(`view.${v}`)} ${n}`,
              isCurrent: v === view,
            };
          })}
        />
      </div>
      <div className="mb-3">
        <SavedViews
          views={views.map((v) => ({ id: v.id, name: v.name, href: `/tickets?${mergeQuery(v.query, {})}` }))}
          query={savedQuery}
          currentHref={currentHref}
        />
      </div>
      <form method="get" className="mb-4 space-y-3" aria-label={t("filters")}>
        <input type="hidden" name="view" value={view} />
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox
            defaultValue={params.q ?? ""}
            statusLabels={Object.fromEntries(TICKET_STATUSES.map((s) => [s, ts(s)]))}
          />
          {isDueView(view) ? null : (
            <Select name="sort" defaultValue={params.sort ?? ""} className="h-9 w-auto" aria-label={t("sort")}>
              <option value="">{t("sortDefault")}</option>
              {QUEUE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`sortBy.${s}`)}
                </option>
              ))}
            </Select>
          )}
          <button type="submit" className={buttonClasses("secondary", "sm")}>
            {t("apply")}
          </button>
        </div>
        <details
          open={hasFilters}
          className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        >
          <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm font-medium">
            <SlidersHorizontal className="size-4" aria-hidden />
            {t("moreFilters")}
          </summary>
          <div className="grid grid-cols-2 gap-3 border-t border-zinc-100 p-3 sm:grid-cols-4 lg:grid-cols-8 dark:border-zinc-800">
            {selectFilters.map((f) => (
              <Filter key={f.name} id={`f-${f.name}`} label={f.label}>
                <Select id={`f-${f.name}`} name={f.name} defaultValue={params[f.name] ?? ""} className="h-9">
                  <option value="">{t("any")}</option>
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              </Filter>
            ))}
            <Filter id="f-from" label={t("filter.createdFrom")}>
              <Input
                id="f-from"
                type="date"
                name="createdFrom"
                defaultValue={params.createdFrom ?? ""}
                className="h-9"
              />
            </Filter>
            <Filter id="f-to" label={t("filter.createdTo")}>
              <Input id="f-to" type="date" name="createdTo" defaultValue={params.createdTo ?? ""} className="h-9" />
            </Filter>
          </div>
        </details>
      </form>
      {error ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {error}
        </p>
      ) : null}
      <Card>
        {items.length === 0 ? (
          <EmptyState icon={<Inbox className="size-8" />} title={t(`empty.${view}`)} description={t("emptyHint")} />
        ) : (
          <QueueList
            items={items}
            canBulk={can(userActor(user), "tickets.bulk")}
            assignees={[
              { value: "me", label: t("assignToMe") },
              { value: "none", label: t("unassigned") },
              ...agents.map((a) => ({ value: a.id, label: a.name })),
            ]}
            statuses={(["acknowledged", "in_progress", "closed", "cancelled"] as const).map((s) => ({
              value: s,
              label: ts(s),
            }))}
            priorities={PRIORITIES.map((p) => ({ value: p, label: p }))}
          />
        )}
      </Card>
      {result.nextCursor ? (
        <div className="mt-4 flex justify-center">
          <Link href={`/tickets?${query({ cursor: result.nextCursor })}`} className={buttonClasses("secondary", "sm")}>
            {isDueView(view) ? t("laterDue") : t("older")}
          </Link>
        </div>
      ) : null}
    </>
  );
}

function Filter({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <Label htmlFor={id} className="text-xs">
        {label}
      </Label>
      {children}
    </div>
  );
}
