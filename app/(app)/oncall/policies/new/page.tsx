import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
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
      <Link
        href="/oncall/policies"
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <PageHeader title={t("newTitle")} />
      <Card>
        <CardBody>
          <PolicyForm action={createPolicyAction} options={options} submitLabel={t("create")} />
        </CardBody>
      </Card>
    </div>
  );
}
