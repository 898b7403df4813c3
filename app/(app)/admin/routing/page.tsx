import { Route } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { RuleFields } from "@/components/routing/rule-fields";
import { RuleRow } from "@/components/routing/rule-row";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listServices } from "@/lib/catalog/list";
import { listRoutingCategoryChoices, listRoutingRules } from "@/lib/routing/manage";
import { listTeams } from "@/lib/teams/list";
import {
  createRoutingRuleAction,
  deleteRoutingRuleAction,
  moveRoutingRuleAction,
  updateRoutingRuleAction,
} from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("routing"))("title") };
}

export default async function RoutingPage() {
  const user = await requirePermission("routing.manage");
  const t = await getTranslations("routing");
  const ctx = await userCtx(user);
  const [rules, services, teams, categories] = await Promise.all([
    listRoutingRules(ctx),
    listServices(ctx),
    listTeams(ctx),
    listRoutingCategoryChoices(ctx),
  ]);
  const serviceOptions = services.map((s) => ({ id: s.id, name: s.name }));
  const teamOptions = teams.map((team) => ({ id: team.id, name: team.name }));
  const serviceNames = new Map(services.map((s) => [s.id, s.name]));
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  const names = { categories: new Map(categories.map((c) => [c.id, c.name])), services: serviceNames };
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ListWithPanel
        panelTitle={t("new")}
        panel={
          <ActionForm action={createRoutingRuleAction} className="space-y-3" aria-label={t("new")}>
            <RuleFields idPrefix="new-rule" services={serviceOptions} teams={teamOptions} categories={categories} />
            <SubmitButton className="w-full">{t("create")}</SubmitButton>
          </ActionForm>
        }
        list={
          <>
            {rules.length === 0 ? (
              <EmptyState icon={<Route className="size-8" />} title={t("empty")} description={t("emptyHint")} />
            ) : (
              <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
                {rules.map((rule, index) => (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    index={index}
                    count={rules.length}
                    serviceName={rule.serviceId ? (serviceNames.get(rule.serviceId) ?? null) : null}
                    teamName={rule.teamId ? (teamNames.get(rule.teamId) ?? null) : null}
                    names={names}
                    moveAction={moveRoutingRuleAction}
                  >
                    <EditDeleteForms
                      idName="ruleId"
                      id={rule.id}
                      updateAction={updateRoutingRuleAction}
                      deleteAction={deleteRoutingRuleAction}
                      deleteConfirm={t("deleteConfirm", { name: rule.name })}
                      fields={
                        <RuleFields
                          idPrefix={`rule-${rule.id}`}
                          services={serviceOptions}
                          teams={teamOptions}
                          categories={categories}
                          values={rule}
                        />
                      }
                    />
                  </RuleRow>
                ))}
              </ol>
            )}
            <div className="rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-4 py-3 text-sm sm:px-5 dark:border-zinc-800 dark:bg-zinc-950/40">
              <p className="font-medium">{t("defaultTitle")}</p>
              <p className="mt-0.5 text-zinc-500 dark:text-zinc-400">{t("defaultBody")}</p>
            </div>
          </>
        }
      />
    </>
  );
}
