import { ChevronDown, LayoutList } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { CategoryFields, RequestTypeFields } from "@/components/requests/catalog-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listRequestCatalogForAdmin } from "@/lib/requests/catalog";
import { listTeams } from "@/lib/teams/list";
import {
  createCategoryAction,
  createTypeAction,
  deleteCategoryAction,
  updateCategoryAction,
  updateTypeAction,
} from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("requestCatalog"))("title") };
}

export default async function RequestCatalogAdminPage() {
  const user = await requirePermission("request_catalog.manage");
  const t = await getTranslations("requestCatalog");
  const tc = await getTranslations("common");
  const ctx = await userCtx(user);
  const [catalog, teams] = await Promise.all([listRequestCatalogForAdmin(ctx), listTeams(ctx)]);
  const categoryOptions = catalog.map((c) => ({ id: c.id, name: c.name }));
  const teamOptions = teams.map((team) => ({ id: team.id, name: team.name }));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_24rem]">
        <div className="min-w-0 space-y-6">
          {catalog.length === 0 ? (
            <Card>
              <EmptyState icon={<LayoutList className="size-8" />} title={t("empty")} description={t("emptyHint")} />
            </Card>
          ) : null}
          {catalog.map((category) => (
            <Card key={category.id} aria-label={category.name} data-testid={`category-${category.id}`}>
              <details className="group border-b border-zinc-200 dark:border-zinc-800">
                <summary className="flex cursor-pointer list-none items-start justify-between gap-3 px-4 py-3 sm:px-5 [&::-webkit-details-marker]:hidden">
                  <div className="min-w-0">
                    <h2 className="font-semibold break-words">{category.name}</h2>
                    <p className="mt-0.5 text-sm break-words text-zinc-500 dark:text-zinc-400">
                      {category.description ? `${category.description} · ` : ""}
                      {t("typeCount", { count: category.types.length })}
                    </p>
                  </div>
                  <span className="mt-0.5 inline-flex shrink-0 items-center gap-1 text-sm text-brand-600 dark:text-brand-400">
                    {t("editCategory")}
                    <ChevronDown className="size-4 transition-transform group-open:rotate-180" aria-hidden />
                  </span>
                </summary>
                <div className="border-t border-zinc-100 bg-zinc-50/60 px-4 py-4 sm:px-5 dark:border-zinc-800 dark:bg-zinc-950/40">
                  <EditDeleteForms
                    idName="categoryId"
                    id={category.id}
                    updateAction={updateCategoryAction}
                    deleteAction={deleteCategoryAction}
                    deleteConfirm={t("deleteCategoryConfirm", { name: category.name })}
                    fields={<CategoryFields idPrefix={`category-${category.id}`} values={category} />}
                  />
                  <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{t("deleteCategoryHint")}</p>
                </div>
              </details>
              {category.types.length === 0 ? (
                <p className="px-4 py-4 text-sm text-zinc-500 sm:px-5 dark:text-zinc-400">{t("emptyCategory")}</p>
              ) : (
                <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {category.types.map((type) => (
                    <li key={type.id} data-testid={`request-type-${type.id}`}>
                      <details className="group/type">
                        <summary className="flex cursor-pointer list-none items-start justify-between gap-3 px-4 py-3 hover:bg-zinc-50 sm:px-5 dark:hover:bg-zinc-800/40 [&::-webkit-details-marker]:hidden">
                          <div className="min-w-0 space-y-1">
                            <p className="flex min-w-0 flex-wrap items-center gap-2">
                              <span className="font-medium break-words">{type.name}</span>
                              {type.isActive ? null : <Badge tone="amber">{t("hidden")}</Badge>}
                            </p>
                            <p className="flex flex-wrap gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
                              <span>{t("fieldCount", { count: type.fields.length })}</span>
                              <span aria-hidden>·</span>
                              <span>
                                {t("team")}: {type.teamName ?? t("teamByRouting")}
                              </span>
                            </p>
                            {type.fields.length ? (
                              <p className="flex flex-wrap gap-1 pt-0.5">
                                {type.fields.map((field) => (
                                  <Badge key={field.key} className="font-mono font-normal">
                                    {field.key}
                                    {field.isRequired ? "*" : ""}
                                  </Badge>
                                ))}
                              </p>
                            ) : null}
                          </div>
                          <span className="mt-0.5 inline-flex shrink-0 items-center gap-1 text-sm text-brand-600 dark:text-brand-400">
                            {tc("edit")}
                            <ChevronDown
                              className="size-4 transition-transform group-open/type:rotate-180"
                              aria-hidden
                            />
                          </span>
                        </summary>
                        <div className="border-t border-zinc-100 bg-zinc-50/60 px-4 py-4 sm:px-5 dark:border-zinc-800 dark:bg-zinc-950/40">
                          <ActionForm
                            action={updateTypeAction}
                            resetOnSuccess={false}
                            className="space-y-4"
                            aria-label={type.name}
                          >
                            <input type="hidden" name="requestTypeId" value={type.id} />
                            <RequestTypeFields
                              idPrefix={`type-${type.id}`}
                              categories={categoryOptions}
                              teams={teamOptions}
                              values={type}
                            />
                            <SubmitButton>{tc("save")}</SubmitButton>
                          </ActionForm>
                        </div>
                      </details>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ))}
        </div>
        <div className="min-w-0 space-y-6">
          <Card className="self-start">
            <CardHeader title={t("newCategory")} />
            <CardBody>
              <ActionForm action={createCategoryAction} className="space-y-3" aria-label={t("newCategory")}>
                <CategoryFields idPrefix="new-category" />
                <SubmitButton className="w-full">{t("createCategory")}</SubmitButton>
              </ActionForm>
            </CardBody>
          </Card>
          <Card className="self-start">
            <CardHeader title={t("newType")} />
            <CardBody>
              {categoryOptions.length ? (
                <ActionForm action={createTypeAction} className="space-y-4" aria-label={t("newType")}>
                  <RequestTypeFields idPrefix="new-type" categories={categoryOptions} teams={teamOptions} isNew />
                  <SubmitButton className="w-full">{t("createType")}</SubmitButton>
                </ActionForm>
              ) : (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("needCategory")}</p>
              )}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
