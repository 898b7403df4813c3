import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { PolicyFields } from "@/components/sla-admin/policy-fields";
import { PolicyRow } from "@/components/sla-admin/policy-row";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listServices } from "@/lib/catalog/list";
import { listBusinessCalendars } from "@/lib/sla/calendars";
import { listSlaPolicies } from "@/lib/sla/policies";
import { listTeams } from "@/lib/teams/list";
import {
  createPolicyAction,
  deletePolicyAction,
  movePolicyAction,
  setPolicyActiveAction,
  updatePolicyAction,
} from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("slaAdmin.policies"))("title") };
}

export default async function SlaPoliciesPage() {
  const user = await requirePermission("sla.policies.manage");
  const t = await getTranslations("slaAdmin.policies");
  const ctx = await userCtx(user);
  const [policies, calendars, services, teams] = await Promise.all([
    listSlaPolicies(ctx),
    listBusinessCalendars(ctx),
    listServices(ctx),
    listTeams(ctx),
  ]);
  const options = {
    services: services.map((s) => ({ id: s.id, name: s.name })),
    teams: teams.map((team) => ({ id: team.id, name: team.name })),
    calendars: calendars.map((c) => ({ id: c.id, name: `${c.name} (${c.timeZone})` })),
  };
  const names = {
    services: new Map(services.map((s) => [s.id, s.name])),
    teams: new Map(teams.map((team) => [team.id, team.name])),
  };
  const calendarNames = new Map(calendars.map((c) => [c.id, `${c.name} (${c.timeZone})`]));
  const canEditCalendars = can(userActor(user), "sla.calendars.manage");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        action={
          canEditCalendars ? (
            <Link href="/admin/calendars" className="text-sm text-brand-600 hover:underline dark:text-brand-400">
              {t("calendarsLink")}
            </Link>
          ) : null
        }
      />
      <div className="space-y-6">
        <Card>
          {policies.length === 0 ? (
            <EmptyState icon={<ShieldCheck className="size-8" />} title={t("empty")} description={t("emptyHint")} />
          ) : (
            <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
              {policies.map((policy, index) => (
                <PolicyRow
                  key={policy.id}
                  policy={policy}
                  index={index}
                  count={policies.length}
                  calendarName={calendarNames.get(policy.calendarId) ?? t("deleted")}
                  names={names}
                  moveAction={movePolicyAction}
                >
                  <ActionForm action={setPolicyActiveAction} className="mb-4">
                    <input type="hidden" name="policyId" value={policy.id} />
                    <input type="hidden" name="isActive" value={String(!policy.isActive)} />
                    <SubmitButton variant="secondary" size="sm">
                      {policy.isActive ? t("deactivate") : t("activate")}
                    </SubmitButton>
                  </ActionForm>
                  <EditDeleteForms
                    idName="policyId"
                    id={policy.id}
                    updateAction={updatePolicyAction}
                    deleteAction={deletePolicyAction}
                    deleteConfirm={t("deleteConfirm", { name: policy.name })}
                    fields={<PolicyFields idPrefix={`policy-${policy.id}`} {...options} values={policy} />}
                  />
                </PolicyRow>
              ))}
            </ol>
          )}
          <div className="rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-4 py-3 text-sm sm:px-5 dark:border-zinc-800 dark:bg-zinc-950/40">
            <p className="font-medium">{t("noMatchTitle")}</p>
            <p className="mt-0.5 text-zinc-500 dark:text-zinc-400">{t("noMatchBody")}</p>
          </div>
        </Card>
        <Card>
          <CardHeader title={t("new")} />
          <CardBody>
            {calendars.length === 0 ? (
              <p className="mb-3 text-sm text-amber-700 dark:text-amber-400">{t("noCalendars")}</p>
            ) : null}
            <ActionForm action={createPolicyAction} className="space-y-4" aria-label={t("new")}>
              <PolicyFields idPrefix="new-policy" {...options} />
              <SubmitButton>{t("create")}</SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
