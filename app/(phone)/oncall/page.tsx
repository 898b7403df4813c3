import { BellRing, CalendarClock, ChevronRight, Coffee } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { acknowledgeAction } from "@/app/(app)/oncall/actions";
import { PriorityBadge, StatusBadge } from "@/components/incidents/badges";
import { RegisterServiceWorker } from "@/components/notify/register-sw";
import { AcknowledgeButton } from "@/components/oncall/phone-actions";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import {
  type IncidentScope,
  listMyIncidents,
  myOnCallStatus,
  needsAcknowledgement,
  type PhoneIncident,
} from "@/lib/oncall/phone";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("phone");
  return { title: t("myIncidents") };
}

export default async function MyIncidentsPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const user = await requirePermission("oncall.read");
  const ctx = await userCtx(user);
  const t = await getTranslations("phone");
  const scope: IncidentScope = (await searchParams).scope === "all" ? "all" : "mine";
  const [incidents, status] = await Promise.all([listMyIncidents(ctx, scope), myOnCallStatus(ctx)]);
  const triggered = incidents.filter(needsAcknowledgement);
  const working = incidents.filter((i) => !needsAcknowledgement(i));
  const now = new Date();
  return (
    <div className="mx-auto max-w-2xl">
      <AutoRefresh seconds={15} />
      <RegisterServiceWorker />
      <div className="mb-4 flex items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">{t("myIncidents")}</h1>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            {triggered.length ? t("needYou", { count: triggered.length }) : t("allQuietShort")}
          </p>
        </div>
      </div>
      <OnCallBanner status={status} />
      <nav
        className="mb-5 grid grid-cols-2 rounded-xl bg-zinc-100 p-1 text-sm font-medium dark:bg-zinc-800"
        aria-label={t("scope")}
      >
        {(["mine", "all"] as const).map((s) => (
          <Link
            key={s}
            href={s === "mine" ? "/oncall" : "/oncall?scope=all"}
            aria-current={scope === s ? "page" : undefined}
            className={cn(
              "flex h-10 items-center justify-center rounded-lg",
              scope === s
                ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100"
                : "text-zinc-600 dark:text-zinc-400",
            )}
          >
            {t(s === "mine" ? "scopeMine" : "scopeAll")}
          </Link>
        ))}
      </nav>
      {incidents.length === 0 ? (
        <div className="flex flex-col items-center rounded-2xl border border-dashed border-zinc-300 px-6 py-14 text-center dark:border-zinc-700">
          <Coffee className="mb-3 size-8 text-emerald-500" aria-hidden />
          <p className="text-base font-semibold">{t("allQuiet")}</p>
          <p className="mt-1 max-w-xs text-sm text-zinc-500 dark:text-zinc-400">
            {t(scope === "mine" ? "allQuietMine" : "allQuietAll")}
          </p>
        </div>
      ) : null}
      {triggered.length ? (
        <section aria-labelledby="triggered" className="mb-6">
          <h2
            id="triggered"
            className="mb-2 flex items-center gap-2 text-sm font-semibold text-red-700 dark:text-red-400"
          >
            <BellRing className="size-4" aria-hidden />
            {t("triggered", { count: triggered.length })}
          </h2>
          <ul className="space-y-3">
            {triggered.map((incident) => (
              <IncidentCard key={incident.number} incident={incident} now={now} isTriggered />
            ))}
          </ul>
        </section>
      ) : null}
      {working.length ? (
        <section aria-labelledby="working">
          <h2 id="working" className="mb-2 text-sm font-semibold text-zinc-600 dark:text-zinc-400">
            {t("inHand", { count: working.length })}
          </h2>
          <ul className="space-y-3">
            {working.map((incident) => (
              <IncidentCard key={incident.number} incident={incident} now={now} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

async function IncidentCard({
  incident,
  now,
  isTriggered,
}: {
  incident: PhoneIncident;
  now: Date;
  isTriggered?: boolean;
}) {
  const t = await getTranslations("phone");
  return (
    <li
      className={cn(
        "overflow-hidden rounded-xl border bg-white shadow-sm dark:bg-zinc-900",
        isTriggered ? "border-red-200 dark:border-red-900" : "border-zinc-200 dark:border-zinc-800",
      )}
      data-testid={`incident-${incident.number}`}
    >
      <Link href={`/oncall/${incident.number}`} className="flex items-start gap-3 px-4 pt-3.5 pb-3">
        <span
          className={cn("mt-1 h-10 w-1 shrink-0 rounded-full", isTriggered ? "bg-red-500" : "bg-amber-400")}
          aria-hidden
        />
        <span className="min-w-0 flex-1">
          <span className="flex flex-wrap items-center gap-1.5 text-xs">
            <PriorityBadge priority={incident.priority} />
            <StatusBadge status={incident.status} />
            <span className="font-mono text-zinc-500">{incident.number}</span>
          </span>
          <span className="mt-1 line-clamp-2 block text-base leading-snug font-semibold break-words">
            {incident.title}
          </span>
          <span className="mt-1 block text-sm text-zinc-500 dark:text-zinc-400">
            {[
              incident.serviceName,
              incident.firingAlertCount ? t("firing", { count: incident.firingAlertCount }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
            {incident.serviceName || incident.firingAlertCount ? " · " : ""}
            <RelativeTime value={incident.createdAt} now={now} />
          </span>
          {!isTriggered && (incident.acknowledgedByName || incident.assigneeName) ? (
            <span className="mt-1 block text-sm text-zinc-600 dark:text-zinc-300">
              {t("ackedBy", { name: incident.acknowledgedByName ?? incident.assigneeName ?? "" })}
            </span>
          ) : null}
        </span>
        <ChevronRight className="mt-3 size-5 shrink-0 text-zinc-400" aria-hidden />
      </Link>
      {isTriggered ? (
        <div className="px-4 pb-4">
          <AcknowledgeButton number={incident.number} action={acknowledgeAction} compact />
        </div>
      ) : null}
    </li>
  );
}

async function OnCallBanner({ status }: { status: Awaited<ReturnType<typeof myOnCallStatus>> }) {
  const t = await getTranslations("phone");
  if (!status.scheduleCount) return null;
  const isOn = status.onNow.length > 0;
  return (
    <p
      className={cn(
        "mb-4 flex items-start gap-2.5 rounded-xl px-4 py-3 text-sm",
        isOn
          ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200"
          : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
      )}
      data-testid="oncall-status"
    >
      <CalendarClock className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>
        {isOn ? (
          status.onNow.map((s, i) => (
            <span key={s.id}>
              {i ? " · " : ""}
              {t("onCallNow", { schedule: s.name })}{" "}
              {s.until ? (
                <>
                  {t("until")} <LocalTime value={s.until} />
                  {t("untilAfter")}
                </>
              ) : null}
            </span>
          ))
        ) : status.next ? (
          <>
            {t("nextOnCall", { schedule: status.next.name })} <LocalTime value={status.next.from} />
          </>
        ) : (
          t("notOnCall")
        )}
      </span>
    </p>
  );
}
