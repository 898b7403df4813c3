import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { PolicyBackLink } from "@/components/oncall/policy-back-link";
import { PolicyForm } from "@/components/oncall/policy-form";
import { PolicySteps, targetNames } from "@/components/oncall/policy-summary";
import { PolicyUsage } from "@/components/oncall/policy-usage";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getEscalationPolicy, listPolicyTargetOptions } from "@/lib/oncall/policies";
import { deletePolicyAction, updatePolicyAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getTranslations("escalationPolicies"))("editTitle") };
}

export default async function EscalationPolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("oncall.read");
  const t = await getTranslations("escalationPolicies");
  const tc = await getTranslations("common");
  const ctx = await userCtx(user);
  const [policy, options] = await Promise.all([
    getEscalationPolicy(ctx, id).catch((error) => {
      if (error instanceof AppError && error.code === "not_found") notFound();
      throw error;
    }),
    listPolicyTargetOptions(ctx),
  ]);
  const canManage = can(userActor(user), "oncall.policies.manage");
  return (
    <div className="mx-auto max-w-3xl">
      <PolicyBackLink />
      <PageHeader
        title={policy.name}
        description={policy.description || undefined}
        action={policy.isDefault ? <Badge tone="brand">{t("default")}</Badge> : undefined}
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t("usedBy")} description={policy.usedBy.length ? undefined : t("usedByHint")} />
          <CardBody>
            <PolicyUsage usedBy={policy.usedBy} />
          </CardBody>
        </Card>
        {canManage ? (
          <Card>
            <CardHeader title={t("editTitle")} />
            <CardBody>
              <PolicyForm action={updatePolicyAction} options={options} policy={policy} submitLabel={tc("save")} />
              <ActionForm
                action={deletePolicyAction}
                confirm={t("deleteConfirm", { name: policy.name })}
                className="mt-6 border-t border-zinc-100 pt-4 dark:border-zinc-800"
              >
                <input type="hidden" name="policyId" value={policy.id} />
                {policy.isDefault ? (
                  <p className="mb-2 text-sm break-keep text-amber-700 dark:text-amber-400">
                    {t("deleteDefaultWarning")}
                  </p>
                ) : null}
                <SubmitButton variant="danger-outline" size="sm">
                  {tc("delete")}
                </SubmitButton>
              </ActionForm>
            </CardBody>
          </Card>
        ) : (
          <Card>
            <CardHeader title={t("steps")} />
            <CardBody>
              <PolicySteps steps={policy.steps} names={targetNames(options)} />
            </CardBody>
          </Card>
        )}
      </div>
    </div>
  );
}
