import { ArrowRight } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { FormState } from "@/components/forms/action-form";
import { ConditionList, OrderedRow } from "@/components/forms/ordered-row";
import { MatcherChips } from "@/components/silences/matcher-chips";
import { Badge } from "@/components/ui/badge";
import type { LabelMatcher } from "@/db/schema";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// A rule in evaluation order: its conditions and where it routes.
export async function RuleRow({
  rule,
  index,
  count,
  serviceName,
  teamName,
  names,
  moveAction,
  children,
}: {
  rule: {
    id: string;
    name: string;
    matchers: LabelMatcher[];
    ticketTypes: string[];
    categoryIds: string[];
    matchServiceIds: string[];
    priorities: string[];
    serviceId: string | null;
    isEnabled: boolean;
  };
  index: number;
  count: number;
  serviceName: string | null;
  teamName: string | null;
  names: { categories: Map<string, string>; services: Map<string, string> };
  moveAction: Action;
  children: ReactNode;
}) {
  const t = await getTranslations("routing");
  const named = (map: Map<string, string>, ids: string[]) => ids.map((id) => map.get(id) ?? t("deleted")).join(", ");
  const conditions = [
    rule.ticketTypes.length
      ? { label: t("condType"), value: rule.ticketTypes.map((type) => t(`types.${type}`)).join(", ") }
      : null,
    rule.categoryIds.length ? { label: t("condCategory"), value: named(names.categories, rule.categoryIds) } : null,
    rule.priorities.length ? { label: t("condPriority"), value: rule.priorities.join(", ") } : null,
    rule.matchServiceIds.length
      ? { label: t("condService"), value: named(names.services, rule.matchServiceIds) }
      : null,
  ].filter((c) => c !== null);
  return (
    <OrderedRow
      testId="rule"
      label={rule.name}
      idName="ruleId"
      id={rule.id}
      index={index}
      count={count}
      moveAction={moveAction}
      moveLabels={{ up: t("moveUp"), down: t("moveDown") }}
      summary={
        <>
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <span className="min-w-0 font-medium break-words">{rule.name}</span>
            {rule.isEnabled ? null : <Badge>{t("disabled")}</Badge>}
          </div>
          {conditions.length || rule.matchers.length ? (
            <div className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300" data-testid="rule-conditions">
              {conditions.length ? (
                <p className="break-words break-keep">
                  <ConditionList conditions={conditions} />
                </p>
              ) : null}
              {rule.matchers.length ? (
                <div className="flex min-w-0 flex-wrap items-center gap-1.5">
                  <span className="text-zinc-500 dark:text-zinc-400">{t("condLabels")}:</span>
                  <MatcherChips matchers={rule.matchers} label={t("matchers")} />
                </div>
              ) : null}
            </div>
          ) : (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("matchesEverything")}</p>
          )}
          <p className="text-sm break-words break-keep text-zinc-600 dark:text-zinc-300">
            <ArrowRight className="mr-1 inline size-3.5 align-[-2px] text-zinc-400" aria-hidden />
            {t("service")}: {serviceName ?? t("none")}
            <span className="text-zinc-400"> · </span>
            {t("team")}: {teamName ?? (rule.serviceId ? t("serviceOwner") : t("none"))}
          </p>
        </>
      }
    >
      {children}
    </OrderedRow>
  );
}
