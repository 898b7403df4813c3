import { CircleAlert, CircleCheck, Clock, Link2Off, ShieldX } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { PriorityBadge, StatusBadge } from "@/components/incidents/badges";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { IncidentFacts } from "@/lib/notify/message";

const ICONS = {
  done: { icon: CircleCheck, className: "text-emerald-600 dark:text-emerald-400" },
  info: { icon: CircleAlert, className: "text-amber-600 dark:text-amber-400" },
  expired: { icon: Clock, className: "text-zinc-500" },
  invalid: { icon: Link2Off, className: "text-zinc-500" },
  refused: { icon: ShieldX, className: "text-red-600 dark:text-red-400" },
} as const;

// The frame of every one-tap page: no app shell or session, one column sized for a phone.
export function OneTapShell({
  tone,
  title,
  children,
}: {
  tone?: keyof typeof ICONS;
  title: string;
  children: ReactNode;
}) {
  const Icon = tone ? ICONS[tone].icon : null;
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 py-6 sm:py-12">
      <p className="mb-6 text-sm font-semibold tracking-tight text-zinc-500">Watchdesk</p>
      {Icon && tone ? <Icon className={cn("mb-3 size-10", ICONS[tone].className)} aria-hidden /> : null}
      <h1 className="text-2xl leading-tight font-semibold tracking-tight break-keep">{title}</h1>
      <div className="mt-4 space-y-5">{children}</div>
    </main>
  );
}

export async function IncidentCard({ incident, openedAt }: { incident: IncidentFacts; openedAt: string }) {
  const t = await getTranslations("oneTap");
  return (
    <section
      aria-label={incident.number}
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="flex flex-wrap items-center gap-1.5 text-sm">
        <PriorityBadge priority={incident.priority} />
        <StatusBadge status={incident.status} />
        <span className="font-mono text-zinc-500">{incident.number}</span>
      </p>
      <p className="mt-2 text-lg leading-snug font-semibold break-words">{incident.title}</p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-zinc-500">{t("service")}</dt>
        <dd className="min-w-0 break-words">{incident.serviceName ?? t("noService")}</dd>
        <dt className="text-zinc-500">{t("opened")}</dt>
        <dd>{openedAt}</dd>
      </dl>
    </section>
  );
}

export async function OpenIncidentLink({ number, primary = false }: { number: string; primary?: boolean }) {
  const t = await getTranslations("oneTap");
  return (
    <Link
      href={`/oncall/${number}`}
      className={cn(buttonClasses(primary ? "primary" : "secondary", "lg"), "h-12 w-full")}
    >
      {t("openIncident", { number })}
    </Link>
  );
}
