import { ArrowLeft, Eye, Flame, Repeat } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AlertCard } from "@/components/incidents/alert-card";
import { PriorityBadge, StatusBadge } from "@/components/incidents/badges";
import { SlaCard } from "@/components/sla/sla-card";
import { Markdown } from "@/components/tickets/markdown";
import { CommentForm, DuplicateForm, QuickActions, StatusForm } from "@/components/tickets/ticket-actions";
import { TicketEditForm } from "@/components/tickets/ticket-edit-form";
import { AttachmentLinks, TicketTimeline } from "@/components/tickets/ticket-timeline";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { RESOLUTION_CODES } from "@/db/schema";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listAssets, listServices } from "@/lib/catalog/list";
import { AppError } from "@/lib/errors";
import { notificationNames } from "@/lib/oncall/escalation";
import { slaBadges } from "@/lib/sla/badges";
import { listTeams } from "@/lib/teams/list";
import { loadTicketPage } from "@/lib/tickets/page";
import { isReadOnly, nextStatuses } from "@/lib/tickets/status";
import { listAssignableUsers } from "@/lib/users/names";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }) {
  return { title: (await params).number };
}

export default async function TicketPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("ticket");
  const ts = await getTranslations("ticketStatus");
  const ctx = await userCtx(user);
  const page = await loadTicketPage(ctx, number).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const actor = userActor(user);
  const canSeeSla = can(actor, "sla.read");
  const [services, assets, teams, agents, sla] = await Promise.all([
    listServices(ctx),
    listAssets(ctx),
    listTeams(ctx),
    listAssignableUsers(ctx),
    canSeeSla ? slaBadges(ctx, [page.ticket.id]) : null,
  ]);
  const ticket = page.ticket;
  const canWork = can(actor, "tickets.work") && !isReadOnly(ticket.status);
  const names = new Map(agents.map((a) => [a.id, a.name]));
  for (const s of services) names.set(s.id, s.name);
  for (const a of assets) names.set(a.id, a.name);
  for (const team of teams) names.set(team.id, team.name);
  for (const [id, name] of await notificationNames(ctx, page.timeline)) names.set(id, name);
  const facts: [string, React.ReactNode][] = [
    [t("field.type"), t(`type.${ticket.type}`)],
    [t("field.teamId"), page.teamName ?? "—"],
    [t("field.assigneeId"), page.assigneeName ?? t("unassigned")],
    [t("field.requesterId"), page.requesterName ?? "—"],
    [t("field.serviceId"), page.serviceName ?? "—"],
    [t("field.assetId"), page.assetName ?? "—"],
    [t("impactUrgency"), `${t(`level.${ticket.impact}`)} × ${t(`level.${ticket.urgency}`)}`],
    [t("watchers"), page.watchers.map((w) => w.name).join(", ") || "—"],
    [t("createdAt"), <LocalTime key="c" value={ticket.createdAt} />],
    [t("acknowledgedAt"), <LocalTime key="a" value={ticket.acknowledgedAt} />],
    [t("resolvedAt"), <LocalTime key="r" value={ticket.resolvedAt} />],
  ];
  const requestFields = Object.entries(ticket.requestFields ?? {});
  const fieldLabel = (key: string) => page.requestTypeFields?.find((f) => f.key === key)?.label ?? key;

  return (
    <>
      <AutoRefresh seconds={10} />
      <Link
        href={ticket.type === "incident" ? "/incidents" : "/tickets"}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {ticket.type === "incident" ? t("backIncidents") : t("backQueue")}
      </Link>
      <div className="mb-5">
        <p className="flex flex-wrap items-center gap-2" data-testid="ticket-badges">
          <span className="font-mono text-sm text-zinc-500" data-testid="ticket-number">
            {ticket.number}
          </span>
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {ticket.isMajor ? (
            <Badge tone="red" className="gap-1">
              <Flame className="size-3" aria-hidden />
              {t("major")}
            </Badge>
          ) : null}
          {ticket.flapCount > 0 ? (
            <Badge tone="amber" className="gap-1">
              <Repeat className="size-3" aria-hidden />
              {t("flapping", { count: ticket.flapCount })}
            </Badge>
          ) : null}
          {page.duplicateOfNumber ? (
            <Link
              href={`/tickets/${page.duplicateOfNumber}`}
              className="text-sm text-brand-700 underline dark:text-brand-300"
            >
              {t("duplicateOfLink", { number: page.duplicateOfNumber })}
            </Link>
          ) : null}
        </p>
        <h1 className="mt-2 text-xl font-semibold tracking-tight break-words sm:text-2xl">{ticket.title}</h1>
        {ticket.status === "pending" && ticket.pendingReason ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {t("waitingFor")}: <span className="break-words">{ticket.pendingReason}</span>
          </p>
        ) : null}
        {ticket.resolutionCode ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {t(`resolution.${ticket.resolutionCode}`)} — <span className="break-words">{ticket.resolutionNote}</span>
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap items-center gap-2">
          {canWork ? (
            <QuickActions
              number={ticket.number}
              status={ticket.status}
              canTake={ticket.assigneeId !== user.id}
              canAcknowledge={ticket.status === "new"}
            />
          ) : null}
          <Link
            href={`/requests/${ticket.number}`}
            className="inline-flex h-11 items-center gap-2 rounded-md px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <Eye className="size-4" aria-hidden />
            {t("requesterView")}
          </Link>
        </div>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="contents lg:block lg:min-w-0 lg:space-y-6">
          {ticket.description || requestFields.length ? (
            <Card className="order-1 lg:order-none">
              <CardHeader title={page.requestTypeName ?? t("field.description")} />
              <CardBody className="space-y-3">
                {requestFields.length ? (
                  <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
                    {requestFields.map(([key, value]) => (
                      <div key={key} className="min-w-0">
                        <dt className="text-zinc-500">{fieldLabel(key)}</dt>
                        <dd className="break-words">
                          {typeof value === "boolean" ? (value ? t("yes") : t("no")) : String(value)}
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
                {ticket.description ? <Markdown source={ticket.description} /> : null}
              </CardBody>
            </Card>
          ) : null}
          {page.alerts.length ? (
            <Card className="order-2 lg:order-none">
              <CardHeader
                title={t("alertsHeading")}
                description={t("alertCount", { count: ticket.alertCount, firing: ticket.firingAlertCount })}
              />
              <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {page.alerts.map((alert) => (
                  <AlertCard key={alert.id} alert={alert} />
                ))}
              </div>
            </Card>
          ) : null}
          {canWork ? (
            <Card className="order-4 lg:order-none">
              <CardHeader title={t("commentHeading")} />
              <CardBody>
                <CommentForm number={ticket.number} canInternal />
              </CardBody>
            </Card>
          ) : null}
          <Card className="order-5 lg:order-none">
            <CardHeader title={t("timelineHeading")} />
            <TicketTimeline
              number={ticket.number}
              entries={page.timeline}
              attachments={page.attachments}
              names={names}
            />
          </Card>
        </div>
        <div className="contents lg:block lg:min-w-0 lg:space-y-6">
          {sla ? <SlaCard clocks={sla.get(ticket.id) ?? []} className="order-2 lg:order-none" /> : null}
          {canWork ? (
            <Card className="order-3 lg:order-none">
              <CardHeader title={t("statusHeading")} />
              <CardBody>
                <StatusForm
                  number={ticket.number}
                  next={nextStatuses(ticket.status).map((s) => ({ value: s, label: ts(s) }))}
                  resolutionCodes={RESOLUTION_CODES.filter((c) => c !== "duplicate").map((c) => ({
                    value: c,
                    label: t(`resolution.${c}`),
                  }))}
                />
              </CardBody>
            </Card>
          ) : null}
          <Card className="order-6 lg:order-none">
            <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {facts.map(([label, value]) => (
                <div key={label} className="flex justify-between gap-3 px-4 py-2.5">
                  <dt className="text-zinc-500">{label}</dt>
                  <dd className="min-w-0 text-right break-words">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          {page.parentNumber || page.children.length || page.duplicates.length ? (
            <Card className="order-7 lg:order-none">
              <CardHeader title={t("linked")} />
              <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
                {page.parentNumber ? (
                  <li className="px-4 py-2.5">
                    {t("parent")}:{" "}
                    <Link
                      href={`/tickets/${page.parentNumber}`}
                      className="font-mono text-brand-700 dark:text-brand-300"
                    >
                      {page.parentNumber}
                    </Link>
                  </li>
                ) : null}
                {[
                  ...page.children.map((c) => ({ ...c, rel: t("child") })),
                  ...page.duplicates.map((d) => ({ ...d, rel: t("duplicate") })),
                ].map((r) => (
                  <li key={r.id} className="flex min-w-0 items-center gap-2 px-4 py-2.5">
                    <span className="text-zinc-500">{r.rel}</span>
                    <Link href={`/tickets/${r.number}`} className="font-mono text-brand-700 dark:text-brand-300">
                      {r.number}
                    </Link>
                    <span className="truncate">{r.title}</span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          {page.attachments.length ? (
            <Card className="order-7 lg:order-none">
              <CardHeader title={t("attachments")} />
              <CardBody>
                <AttachmentLinks number={ticket.number} files={page.attachments} />
              </CardBody>
            </Card>
          ) : null}
          {canWork ? (
            <Card className="order-7 lg:order-none">
              <CardHeader title={t("editHeading")} />
              <CardBody>
                <TicketEditForm
                  ticket={{
                    number: ticket.number,
                    version: ticket.version,
                    title: ticket.title,
                    description: ticket.description,
                    impact: ticket.impact,
                    urgency: ticket.urgency,
                    isMajor: ticket.isMajor,
                    serviceId: ticket.serviceId,
                    assetId: ticket.assetId,
                    teamId: ticket.teamId,
                    assigneeId: ticket.assigneeId,
                    parentNumber: page.parentNumber,
                  }}
                  services={services}
                  assets={assets}
                  teams={teams}
                  agents={agents.map((a) => ({ id: a.id, name: a.isAway ? `${a.name} (${t("away")})` : a.name }))}
                  canMajor={can(actor, "tickets.major")}
                />
              </CardBody>
            </Card>
          ) : null}
          {canWork ? (
            <Card className="order-7 lg:order-none">
              <CardHeader title={t("markDuplicate")} />
              <CardBody>
                <DuplicateForm number={ticket.number} />
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
