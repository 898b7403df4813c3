import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { FormState } from "@/components/forms/action-form";
import { ConditionList, OrderedRow } from "@/components/forms/ordered-row";
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

// A policy in evaluation order: what it applies to, its calendar and its targets.
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
    <OrderedRow
      testId="policy"
      label={policy.name}
      idName="policyId"
      id={policy.id}
      index={index}
      count={count}
      moveAction={moveAction}
      moveLabels={{ up: t("moveUp"), down: t("moveDown") }}
      summary={
        <>
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <span className="min-w-0 font-medium break-words">{policy.name}</span>
            {policy.isActive ? null : <Badge tone="amber">{t("inactive")}</Badge>}
          </div>
          <p
            className="text-sm break-words break-keep text-zinc-600 dark:text-zinc-300"
            data-testid="policy-conditions"
          >
            {conditions.length ? <ConditionList conditions={conditions} /> : t("allTickets")}
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
        </>
      }
    >
      {children}
    </OrderedRow>
  );
}
