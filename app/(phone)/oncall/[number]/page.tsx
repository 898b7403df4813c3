import { ArrowLeft, ExternalLink, Siren } from "lucide-react";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { acknowledgeAction, escalateAction, noteAction, resolveAction } from "@/app/(app)/oncall/actions";
import { AlertStatusBadge, PriorityBadge, SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { RegisterServiceWorker } from "@/components/notify/register-sw";
import { AcknowledgeButton, EscalateButton, NoteForm, ResolveSheet } from "@/components/oncall/phone-actions";
import { Markdown } from "@/components/tickets/markdown";
import { TicketTimeline } from "@/components/tickets/ticket-timeline";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { LocalTime } from "@/components/ui/local-time";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { notificationNames } from "@/lib/oncall/escalation";
import { escalationSummary, needsAcknowledgement } from "@/lib/oncall/phone";
import { loadTicketPage } from "@/lib/tickets/page";
import { isReadOnly } from "@/lib/tickets/status";
import { listAssignableUsers } from "@/lib/users/names";

const RECENT = 8;

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }) {
  return { title: (await params).number };
}

export default async function PhoneIncidentPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const user = await requirePermission("oncall.read");
  const ctx = await userCtx(user);
  const t = await getTranslations("phone");
  const page = await loadTicketPage(ctx, number).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const ticket = page.ticket;
  if (ticket.type !== "incident") redirect(`/tickets/${ticket.number}`);
  const recent = page.timeline.slice(0, RECENT);
  const [escalation, people, paged] = await Promise.all([
    escalationSummary(ctx, ticket.id),
    listAssignableUsers(ctx),
    notificationNames(ctx, recent),
  ]);
  const names = new Map([...people.map((p) => [p.id, p.name] as const), ...paged]);
  const canWork = can(userActor(user), "incidents.work") && !isReadOnly(ticket.status);
  const isOpen = ["new", "acknowledged", "in_progress", "pending"].includes(ticket.status);
  const firing = page.alerts.filter((a) => a.status === "firing");
  const now = new Date();
  return (
    <div className="mx-auto max-w-2xl pb-40 lg:pb-8">
      <AutoRefresh seconds={15} />
      <RegisterServiceWorker />
      <Link
        href="/oncall"
        className="mb-3 inline-flex h-10 items-center gap-1.5 text-sm font-medium text-zinc-600 dark:text-zinc-400"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("myIncidents")}
      </Link>
      <header className="mb-5">
        <p className="flex flex-wrap items-center gap-1.5 text-sm">
          <PriorityBadge priority={ticket.priority} />
          <StatusBadge status={ticket.status} />
          <span className="font-mono text-zinc-500">{ticket.number}</span>
        </p>
        <h1 className="mt-2 text-2xl leading-tight font-semibold tracking-tight break-words">{ticket.title}</h1>
        <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
          <div>
            <dt className="text-zinc-500">{t("service")}</dt>
            <dd className="font-medium break-words">{page.serviceName ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">{t("opened")}</dt>
            <dd className="font-medium">
              <RelativeTime value={ticket.createdAt} now={now} />
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">{t("assignee")}</dt>
            <dd className="font-medium break-words">{page.assigneeName ?? t("nobody")}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">{t("alerts")}</dt>
            <dd className="font-medium">{t("alertCounts", { firing: firing.length, total: page.alerts.length })}</dd>
          </div>
        </dl>
        {escalation ? (
          <p
            className="mt-3 flex items-start gap-2 rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
            data-testid="escalation-state"
          >
            <Siren className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>
              {escalation.state === "acknowledged"
                ? t("escalationAcked", { name: escalation.acknowledgedByName ?? page.assigneeName ?? "—" })
                : escalation.state === "active"
                  ? t("escalationActive", {
                      policy: escalation.policyName ?? "—",
                      step: escalation.nextStep,
                      steps: escalation.stepCount,
                    })
                  : t(`escalationState.${escalation.state}`, { policy: escalation.policyName ?? "—" })}
              {escalation.nextAt && escalation.state === "active" && escalation.nextStep < escalation.stepCount ? (
                <>
                  {" "}
                  · {t("nextStepAt")} <LocalTime value={escalation.nextAt} />
                </>
              ) : null}
            </span>
          </p>
        ) : null}
      </header>

      {canWork && isOpen ? (
        <div
          className="fixed inset-x-0 bottom-0 z-20 border-t border-zinc-200 bg-white/95 px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur lg:static lg:z-auto lg:mb-6 lg:border-0 lg:bg-transparent lg:p-0 lg:backdrop-blur-none dark:border-zinc-800 dark:bg-zinc-950/95 lg:dark:bg-transparent"
          data-testid="phone-actions"
        >
          <div className="mx-auto grid max-w-2xl grid-cols-2 gap-2 lg:grid-cols-3">
            {needsAcknowledgement({ status: ticket.status, escalationState: escalation?.state ?? null }) ? (
              <div className="col-span-2 lg:col-span-1">
                <AcknowledgeButton number={ticket.number} action={acknowledgeAction} />
              </div>
            ) : null}
            <ResolveSheet
              number={ticket.number}
              action={resolveAction}
              className={escalation && escalation.state !== "stopped" ? undefined : "col-span-2 lg:col-span-1"}
            />
            {escalation && escalation.state !== "stopped" ? (
              <EscalateButton number={ticket.number} action={escalateAction} />
            ) : null}
          </div>
        </div>
      ) : null}

      {ticket.description ? (
        <section className="mb-5" aria-labelledby="summary">
          <h2 id="summary" className="mb-2 text-sm font-semibold text-zinc-500">
            {t("summary")}
          </h2>
          <div className="rounded-xl border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
            <Markdown source={ticket.description} />
          </div>
        </section>
      ) : null}

      {page.alerts.length ? (
        <section className="mb-5" aria-labelledby="alerts">
          <h2 id="alerts" className="mb-2 text-sm font-semibold text-zinc-500">
            {t("alerts")}
          </h2>
          <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {page.alerts.slice(0, 10).map((alert) => (
              <li key={alert.id} className="px-4 py-3">
                <p className="flex flex-wrap items-center gap-1.5">
                  <AlertStatusBadge status={alert.status} isSuppressed={alert.isSuppressed} />
                  <SeverityBadge severity={alert.severity} />
                </p>
                <p className="mt-1 text-sm font-medium break-words">{alert.summary || alert.alertname}</p>
                <p className="mt-0.5 text-xs text-zinc-500">
                  {t("lastSeen")} <LocalTime value={alert.lastSeenAt} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {canWork ? (
        <section className="mb-5" aria-labelledby="note">
          <h2 id="note" className="mb-2 text-sm font-semibold text-zinc-500">
            {t("addNote")}
          </h2>
          <NoteForm number={ticket.number} action={noteAction} />
        </section>
      ) : null}

      <section className="mb-5" aria-labelledby="recent">
        <h2 id="recent" className="mb-2 text-sm font-semibold text-zinc-500">
          {t("recent")}
        </h2>
        <div className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <TicketTimeline number={ticket.number} entries={recent} attachments={page.attachments} names={names} />
        </div>
      </section>
      <Link
        href={`/tickets/${ticket.number}`}
        className="inline-flex h-11 items-center gap-1.5 text-sm font-medium text-brand-700 dark:text-brand-400"
      >
        {t("fullTicket")}
        <ExternalLink className="size-4" aria-hidden />
      </Link>
    </div>
  );
}
