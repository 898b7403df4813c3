import { getTranslations } from "next-intl/server";
import { PolicyBackLink } from "@/components/oncall/policy-back-link";
import { PolicyForm } from "@/components/oncall/policy-form";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listPolicyTargetOptions } from "@/lib/oncall/policies";
import { createPolicyAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getTranslations("escalationPolicies"))("newTitle") };
}

export default async function NewEscalationPolicyPage() {
  const user = await requirePermission("oncall.policies.manage");
  const t = await getTranslations("escalationPolicies");
  const options = await listPolicyTargetOptions(await userCtx(user));
  return (
    <div className="mx-auto max-w-3xl">
      <PolicyBackLink />
      <PageHeader title={t("newTitle")} />
      <Card>
        <CardBody>
          <PolicyForm action={createPolicyAction} options={options} submitLabel={t("create")} />
        </CardBody>
      </Card>
    </div>
  );
}
