import { AlertTriangle, Plus, Siren } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PolicySteps, targetNames } from "@/components/oncall/policy-summary";
import { PolicyUsage } from "@/components/oncall/policy-usage";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listEscalationPolicies, listPolicyTargetOptions } from "@/lib/oncall/policies";

export async function generateMetadata() {
  return { title: (await getTranslations("escalationPolicies"))("title") };
}

export default async function EscalationPoliciesPage() {
  const user = await requirePermission("oncall.read");
  const t = await getTranslations("escalationPolicies");
  const ctx = await userCtx(user);
  const [policies, options] = await Promise.all([listEscalationPolicies(ctx), listPolicyTargetOptions(ctx)]);
  const names = targetNames(options);
  const canManage = can(userActor(user), "oncall.policies.manage");
  const hasDefault = policies.some((p) => p.isDefault);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        action={
          canManage ? (
            <Link href="/oncall/policies/new" className={buttonClasses("primary")}>
              <Plus className="size-4" aria-hidden />
              {t("new")}
            </Link>
          ) : null
        }
      />
      {!hasDefault && policies.length ? (
        <div
          role="status"
          className="mb-4 flex gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <div className="min-w-0 break-keep">
            <p className="font-medium">{t("noDefaultTitle")}</p>
            <p className="mt-0.5">{t("noDefaultBody")}</p>
          </div>
        </div>
      ) : null}
      <Card>
        {policies.length === 0 ? (
          <EmptyState icon={<Siren className="size-8" />} title={t("empty")} description={t("emptyHint")} />
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
            {policies.map((policy) => (
              <li key={policy.id} className="px-4 py-4 sm:px-5" data-testid={`policy-${policy.id}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/oncall/policies/${policy.id}`}
                    className="font-medium break-words text-brand-700 hover:underline dark:text-brand-400"
                  >
                    {policy.name}
                  </Link>
                  {policy.isDefault ? <Badge tone="brand">{t("default")}</Badge> : null}
                </div>
                {policy.description ? (
                  <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{policy.description}</p>
                ) : null}
                <div className="mt-2">
                  <PolicySteps steps={policy.steps} names={names} />
                </div>
                <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
                  {policy.repeatCount
                    ? t("repeatSummaryAfter", { count: policy.repeatCount, minutes: policy.repeatAfterMinutes })
                    : t("repeatSummary", { count: 0 })}
                  {" · "}
                  {t("ackSummary", { minutes: policy.ackTimeoutMinutes ?? 0 })}
                </p>
                <div className="mt-1.5">
                  <PolicyUsage usedBy={policy.usedBy} compact />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
