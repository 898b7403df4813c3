import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import { formatDuration } from "@/lib/sla/badge-labels";
import type { SlaBadge } from "@/lib/sla/badges";
import { SLA_TONE } from "./sla-badge";

const BAR: Record<SlaBadge["state"], string> = {
  running: "bg-brand-500",
  warning: "bg-amber-500",
  breached: "bg-red-600",
  paused: "bg-zinc-400",
  met: "bg-emerald-500",
};

// Both clocks of one ticket: state, business time left, due instant in the viewer's zone, elapsed against target.
export async function SlaCard({ clocks, className }: { clocks: SlaBadge[]; className?: string }) {
  const t = await getTranslations("slaClock");
  const time = (seconds: number, clock: SlaBadge) => formatDuration(seconds, clock.isAlwaysOpen, t);
  const policies = [...new Set(clocks.map((c) => c.policyName).filter(Boolean))].join(", ");
  return (
    <Card className={className} data-testid="sla-card">
      <CardHeader title={t("heading")} description={policies ? t("policy", { name: policies }) : undefined} />
      {clocks.length === 0 ? (
        <CardBody>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("none")}</p>
        </CardBody>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {clocks.map((clock) => {
            const isBreached = clock.state === "breached";
            const share = Math.min(100, Math.round((clock.elapsedSeconds / clock.targetSeconds) * 100));
            return (
              <li
                key={clock.metric}
                className="space-y-2 px-4 py-3 sm:px-5"
                data-testid={`sla-${clock.metric}`}
                data-sla={clock.state}
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="text-sm font-medium">{t(`metric.${clock.metric}`)}</h3>
                  <Badge tone={SLA_TONE[clock.state]}>{t(`state.${clock.state}`)}</Badge>
                </div>
                <p
                  className={cn(
                    "text-lg font-semibold tabular-nums",
                    isBreached ? "text-red-700 dark:text-red-400" : clock.state === "warning" && "text-amber-700",
                  )}
                >
                  {clock.remainingSeconds === null
                    ? t(`outcome.${isBreached ? "breached" : "met"}`)
                    : clock.remainingSeconds < 0
                      ? t("overdue", { time: time(clock.remainingSeconds, clock) })
                      : t("remaining", { time: time(clock.remainingSeconds, clock) })}
                </p>
                <div
                  className="h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
                  role="meter"
                  aria-label={t("elapsed")}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={share}
                >
                  <div className={cn("h-full rounded-full", BAR[clock.state])} style={{ width: `${share}%` }} />
                </div>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-zinc-500">{t("elapsed")}</dt>
                  <dd className="text-right tabular-nums">
                    {t("elapsedOfTarget", {
                      elapsed: time(clock.elapsedSeconds, clock),
                      target: time(clock.targetSeconds, clock),
                    })}
                  </dd>
                  {clock.stoppedAt ? (
                    <>
                      <dt className="text-zinc-500">{t("stopped")}</dt>
                      <dd className="text-right">
                        <LocalTime value={clock.stoppedAt} />
                      </dd>
                    </>
                  ) : null}
                  <dt className="text-zinc-500">{t("due")}</dt>
                  <dd className={cn("text-right", isBreached && "text-red-700 dark:text-red-400")}>
                    <LocalTime value={clock.dueAt} />
                  </dd>
                </dl>
                {clock.state === "paused" ? (
                  <p className="rounded-md bg-zinc-100 px-2 py-1.5 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                    {t("pausedNote")}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
