import { Layers } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { CatalogFields } from "@/components/catalog/catalog-fields";
import { CriticalityBadge } from "@/components/catalog/criticality-badge";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { EditableRow } from "@/components/catalog/editable-row";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { PolicySelect } from "@/components/oncall/policy-select";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listServices } from "@/lib/catalog/list";
import { listPolicyChoices, policyLinksFor } from "@/lib/oncall/policies";
import { listTeams } from "@/lib/teams/list";
import { linkPolicyAction } from "../oncall/policies/actions";
import { createServiceAction, deleteServiceAction, updateServiceAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("catalog"))("servicesTitle") };
}

export default async function ServicesPage() {
  const user = await requirePermission("catalog.read");
  const t = await getTranslations("catalog");
  const tc = await getTranslations("common");
  const ctx = await userCtx(user);
  const te = await getTranslations("escalationPolicies");
  const [services, teams, policies, links] = await Promise.all([
    listServices(ctx),
    listTeams(ctx),
    listPolicyChoices(ctx),
    policyLinksFor(ctx, "service"),
  ]);
  const canManage = can(userActor(user), "catalog.manage");
  const canLinkPolicies = can(userActor(user), "oncall.policies.manage");
  const policyNames = new Map(policies.map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title={t("servicesTitle")} description={t("servicesDescription")} />
      <ListWithPanel
        panelTitle={t("newService")}
        panel={
          canManage ? (
            <ActionForm action={createServiceAction} className="space-y-3" aria-label={t("newService")}>
              <CatalogFields idPrefix="new-service" teams={teams} />
              <SubmitButton className="w-full">{tc("create")}</SubmitButton>
            </ActionForm>
          ) : undefined
        }
        list={
          services.length === 0 ? (
            <EmptyState icon={<Layers className="size-8" />} title={t("noServices")} />
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {services.map((s) => (
                <EditableRow
                  key={s.id}
                  editLabel={tc("edit")}
                  summary={
                    <>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{s.name}</span>
                        <CriticalityBadge value={s.criticality} />
                      </div>
                      <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
                        {s.ownerTeamName ?? t("noOwner")} · {t("assetCount", { count: s.assetCount })}
                      </p>
                      {s.description ? (
                        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">{s.description}</p>
                      ) : null}
                      {links.has(s.id) ? (
                        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                          {te("select.current", { name: policyNames.get(links.get(s.id) ?? "") ?? "" })}
                        </p>
                      ) : null}
                    </>
                  }
                >
                  {canManage ? (
                    <>
                      <EditDeleteForms
                        idName="serviceId"
                        id={s.id}
                        updateAction={updateServiceAction}
                        deleteAction={deleteServiceAction}
                        deleteConfirm={t("deleteServiceConfirm", { name: s.name })}
                        fields={<CatalogFields idPrefix={`svc-${s.id}`} teams={teams} values={s} />}
                      />
                      {canLinkPolicies ? (
                        <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
                          <PolicySelect
                            action={linkPolicyAction}
                            subjectType="service"
                            subjectId={s.id}
                            policies={policies}
                            currentPolicyId={links.get(s.id) ?? null}
                            idPrefix={`svc-${s.id}`}
                          />
                        </div>
                      ) : null}
                    </>
                  ) : undefined}
                </EditableRow>
              ))}
            </ul>
          )
        }
      />
    </>
  );
}
