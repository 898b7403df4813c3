import { getTranslations } from "next-intl/server";
import type { EscalationTarget, EscalationTargetKind } from "@/db/schema";
import type { TargetOption } from "@/lib/oncall/policies";

export type TargetNames = Record<EscalationTargetKind, Map<string, string>>;

export function targetNames(options: Record<EscalationTargetKind, TargetOption[]>): TargetNames {
  const map = (list: TargetOption[]) => new Map(list.map((o) => [o.id, o.name]));
  return {
    schedule: map(options.schedule),
    user: map(options.user),
    team: map(options.team),
    webhook: map(options.webhook),
  };
}

// "1. On-call of Platform primary → 2. after 10 min: Team DBA", one string per step.
export async function describeSteps(
  steps: { delayMinutes: number; targets: EscalationTarget[] }[],
  names: TargetNames,
): Promise<string[]> {
  const t = await getTranslations("escalationPolicies");
  const describe = (target: EscalationTarget) => {
    const name = names[target.kind].get(target.id) ?? t("missing");
    if (target.kind === "schedule") return t("onCallOf", { name });
    if (target.kind === "team") return t("teamTarget", { name });
    if (target.kind === "webhook") return t("webhookTarget", { name });
    return name;
  };
  return steps.map((step, i) => {
    const targets = step.targets.map(describe).join(", ");
    return step.delayMinutes > 0
      ? t("summaryStepAfter", { n: i + 1, minutes: step.delayMinutes, targets })
      : t("summaryStep", { n: i + 1, targets });
  });
}

export async function PolicySteps({
  steps,
  names,
}: {
  steps: { delayMinutes: number; targets: EscalationTarget[] }[];
  names: TargetNames;
}) {
  const lines = await describeSteps(steps, names);
  return (
    <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
      {lines.map((line, i) => (
        <li key={line} className="flex min-w-0 items-center gap-1.5 break-words">
          {i > 0 ? (
            <span className="text-zinc-400" aria-hidden>
              →
            </span>
          ) : null}
          <span className="min-w-0">{line}</span>
        </li>
      ))}
    </ol>
  );
}
