import { ArrowRight, ChevronDown } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { FormState } from "@/components/forms/action-form";
import { MoveButton } from "@/components/forms/move-button";
import { MatcherChips } from "@/components/silences/matcher-chips";
import { Badge } from "@/components/ui/badge";
import type { LabelMatcher } from "@/db/schema";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// A rule in evaluation order: move buttons beside it, its edit form folded under it.
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
  const tc = await getTranslations("common");
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
    <li className="flex gap-2 px-3 py-3 sm:gap-3 sm:px-5" data-testid={`rule-${rule.id}`} aria-label={rule.name}>
      <div className="flex shrink-0 flex-col items-center">
        <MoveButton
          action={moveAction}
          idName="ruleId"
          id={rule.id}
          direction="up"
          label={t("moveUp")}
          disabled={index === 0}
        />
        <span className="py-0.5 font-mono text-xs text-zinc-500" data-testid="rule-position">
          {index + 1}
        </span>
        <MoveButton
          action={moveAction}
          idName="ruleId"
          id={rule.id}
          direction="down"
          label={t("moveDown")}
          disabled={index === count - 1}
        />
      </div>
      <details className="group min-w-0 flex-1">
        <summary className="flex cursor-pointer list-none items-start gap-3 rounded-md [&::-webkit-details-marker]:hidden">
          <div className="min-w-0 flex-1 space-y-1.5">
            <div className="flex min-w-0 flex-wrap items-center gap-2">
              <span className="min-w-0 font-medium break-words">{rule.name}</span>
              {rule.isEnabled ? null : <Badge>{t("disabled")}</Badge>}
            </div>
            {conditions.length || rule.matchers.length ? (
              <div className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300" data-testid="rule-conditions">
                {conditions.length ? (
                  <p className="break-words break-keep">
                    {conditions.map((c, i) => (
                      <span key={c.label}>
                        {i ? <span className="text-zinc-400"> · </span> : null}
                        <span className="text-zinc-500 dark:text-zinc-400">{c.label}:</span> {c.value}
                      </span>
                    ))}
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
