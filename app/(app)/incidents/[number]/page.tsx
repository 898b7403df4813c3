import { ArrowLeft, Repeat } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AlertCard } from "@/components/incidents/alert-card";
import { PriorityBadge, StatusBadge } from "@/components/incidents/badges";
import { IncidentActions } from "@/components/incidents/incident-actions";
import { Timeline } from "@/components/incidents/timeline";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { alertsForTickets, getTicket, ticketTimeline } from "@/lib/tickets/queries";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }) {
  return { title: (await params).number };
}

export default async function IncidentPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("incidents");
  const ctx = await userCtx(user);
  const incident = await getTicket(ctx, number).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const [incidentAlerts, timeline] = await Promise.all([
    alertsForTickets(ctx, [incident.id]),
    ticketTimeline(ctx, incident.id),
  ]);
  const facts: [string, React.ReactNode][] = [
    [t("service"), incident.serviceName ?? t("noService")],
    [t("team"), incident.teamName ?? "—"],
    [t("assignee"), incident.assigneeName ?? t("unassigned")],
    [t("impactUrgency"), `${incident.impact} × ${incident.urgency}`],
    [t("createdAt"), <LocalTime key="c" value={incident.createdAt} />],
    [t("firstEventAt"), <LocalTime key="f" value={incident.firstEventAt} />],
    [t("acknowledgedAt"), <LocalTime key="a" value={incident.acknowledgedAt} />],
    [t("resolvedAt"), <LocalTime key="r" value={incident.resolvedAt} />],
  ];

  return (
    <>
      <AutoRefresh seconds={10} />
      <Link
        href="/incidents"
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("title")}
      </Link>
      <div className="mb-6">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm text-zinc-500">{incident.number}</span>
          <StatusBadge status={incident.status} />
          <PriorityBadge priority={incident.priority} />
          {incident.flapCount > 0 ? (
            <Badge tone="amber" className="gap-1">
              <Repeat className="size-3" aria-hidden />
              {t("flapping", { count: incident.flapCount })}
            </Badge>
          ) : null}
        </p>
        <h1 className="mt-2 text-xl font-semibold tracking-tight break-words sm:text-2xl">{incident.title}</h1>
        {can(userActor(user), "incidents.work") ? (
          <div className="mt-4">
            <IncidentActions number={incident.number} status={incident.status} />
          </div>
        ) : null}
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader
              title={t("alertsHeading")}
              description={t("alertCount", { count: incident.alertCount, firing: incident.firingAlertCount })}
            />
            <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {incidentAlerts.map((alert) => (
                <AlertCard key={alert.id} alert={alert} />
              ))}
            </div>
          </Card>
          <Card>
            <CardHeader title={t("timeline")} />
            <Timeline entries={timeline} />
          </Card>
        </div>
        <Card className="self-start">
          <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {facts.map(([label, value]) => (
              <div key={label} className="flex justify-between gap-3 px-4 py-2.5">
                <dt className="text-zinc-500">{label}</dt>
                <dd className="min-w-0 text-right break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
