import { ChevronDown } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { FormState } from "@/components/forms/action-form";
import { MoveButton } from "@/components/forms/move-button";
import { Badge } from "@/components/ui/badge";
import { PRIORITIES, SLA_METRICS, type SlaPolicy } from "@/db/schema";
import { splitMinutes } from "@/lib/sla/form-input";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

export async function TargetsTable({ targets }: { targets: SlaPolicy["targets"] }) {
  const t = await getTranslations("slaAdmin.policies");
  const tu = await getTranslations("slaAdmin.units");
  const format = (minutes: number | null | undefined) => {
    if (!minutes) return t("noTarget");
    const { value, unit } = splitMinutes(minutes);
    return tu(`${unit}Short`, { n: value });
  };
  return (
    <table className="w-full max-w-xl text-left text-xs sm:text-sm" data-testid="policy-targets">
      <thead>
        <tr className="text-zinc-500 dark:text-zinc-400">
          <th className="py-1 pr-2 font-medium" scope="col">
            <span className="sr-only">{t("targets")}</span>
          </th>
          {PRIORITIES.map((p) => (
            <th key={p} className="py-1 pr-1 font-semibold" scope="col">
              {p}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {SLA_METRICS.map((metric) => (
          <tr key={metric} className="border-t border-zinc-100 dark:border-zinc-800">
            <th scope="row" className="py-1 pr-2 font-medium whitespace-nowrap text-zinc-500 dark:text-zinc-400">
              {t(metric)}
            </th>
            {PRIORITIES.map((p) => (
              <td key={p} className="py-1 pr-1 whitespace-nowrap tabular-nums">
                {format(targets[p]?.[metric])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// A policy in evaluation order: move buttons beside it, what it applies to and its targets, the edit form folded under it.
export async function PolicyRow({
  policy,
  index,
  count,
  calendarName,
  names,
  moveAction,
  children,
}: {
  policy: SlaPolicy;
  index: number;
  count: number;
  calendarName: string;
  names: { services: Map<string, string>; teams: Map<string, string> };
  moveAction: Action;
  children: ReactNode;
}) {
  const t = await getTranslations("slaAdmin.policies");
  const tc = await getTranslations("common");
  const ts = await getTranslations("ticketStatus");
  const named = (map: Map<string, string>, ids: string[]) => ids.map((id) => map.get(id) ?? t("deleted")).join(", ");
  const conditions = [
    policy.ticketTypes.length
      ? { label: t("condType"), value: policy.ticketTypes.map((type) => t(`types.${type}`)).join(", ") }
      : null,
    policy.priorities.length ? { label: t("condPriority"), value: policy.priorities.join(", ") } : null,
    policy.serviceIds.length ? { label: t("condService"), value: named(names.services, policy.serviceIds) } : null,
    policy.teamIds.length ? { label: t("condTeam"), value: named(names.teams, policy.teamIds) } : null,
  ].filter((c) => c !== null);
  return (
    <li className="flex gap-2 px-3 py-3 sm:gap-3 sm:px-5" data-testid={`policy-${policy.id}`} aria-label={policy.name}>
      <div className="flex shrink-0 flex-col items-center">
        <MoveButton
          action={moveAction}
          idName="policyId"
          id={policy.id}
          direction="up"
          label={t("moveUp")}
          disabled={index === 0}
        />
        <span className="py-0.5 font-mono text-xs text-zinc-500" data-testid="policy-position">
          {index + 1}
        </span>
        <MoveButton
          action={moveAction}
          idName="policyId"
          id={policy.id}
          direction="down"
          label={t("moveDown")}
          disabled={index === count - 1}
        />
      </div>
      <details className="group min-w-0 flex-1">
        <summary className="flex cursor-pointer list-none items-start gap-3 rounded-md [&::-webkit-details-marker]:hidden">
          <div className="min-w-0 flex-1 space-y-1.5">
            <div className="flex min-w-0 flex-wrap items-center gap-2">
              <span className="min-w-0 font-medium break-words">{policy.name}</span>
              {policy.isActive ? null : <Badge tone="amber">{t("inactive")}</Badge>}
            </div>
            <p
              className="text-sm break-words break-keep text-zinc-600 dark:text-zinc-300"
              data-testid="policy-conditions"
            >
              {conditions.length
                ? conditions.map((c, i) => (
                    <span key={c.label}>
                      {i ? <span className="text-zinc-400"> · </span> : null}
                      <span className="text-zinc-500 dark:text-zinc-400">{c.label}:</span> {c.value}
                    </span>
                  ))
                : t("allTickets")}
            </p>
            <p className="text-xs break-words break-keep text-zinc-500 dark:text-zinc-400">
              {t("calendar")}: {calendarName}
              <span className="text-zinc-400"> · </span>
              {policy.pauseStatuses.length
                ? t("pausedWhile", { statuses: policy.pauseStatuses.map((s) => ts(s)).join(", ") })
                : t("noPause")}
              <span className="text-zinc-400"> · </span>
              {t("warnAt", { percent: policy.warnPercent })}
            </p>
            <TargetsTable targets={policy.targets} />
          </div>
          <span className="mt-0.5 inline-flex shrink-0 items-center gap-1 text-sm text-brand-600 dark:text-brand-400">
            {tc("edit")}
            <ChevronDown className="size-4 transition-transform group-open:rotate-180" aria-hidden />
          </span>
        </summary>
        <div className="mt-3 rounded-md border border-zinc-200 bg-zinc-50/60 p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-950/40">
          {children}
        </div>
      </details>
    </li>
  );
}
