import { Boxes } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { CatalogFields } from "@/components/catalog/catalog-fields";
import { CriticalityBadge } from "@/components/catalog/criticality-badge";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { EditableRow } from "@/components/catalog/editable-row";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listAssets, listServices } from "@/lib/catalog/list";
import { listTeams } from "@/lib/teams/list";
import { createAssetAction, deleteAssetAction, updateAssetAction } from "../services/actions";

export async function generateMetadata() {
  return { title: (await getTranslations("catalog"))("assetsTitle") };
}

export default async function AssetsPage() {
  const user = await requirePermission("catalog.read");
  const t = await getTranslations("catalog");
  const tc = await getTranslations("common");
  const tk = await getTranslations("assetKinds");
  const ctx = await userCtx(user);
  const [assets, services, teams] = await Promise.all([listAssets(ctx), listServices(ctx), listTeams(ctx)]);
  const canManage = can(userActor(user), "catalog.manage");
  return (
    <>
      <PageHeader title={t("assetsTitle")} description={t("assetsDescription")} />
      <ListWithPanel
        panelTitle={t("newAsset")}
        panel={
          canManage ? (
            <ActionForm action={createAssetAction} className="space-y-3" aria-label={t("newAsset")}>
              <CatalogFields idPrefix="new-asset" teams={teams} services={services} asset />
              <SubmitButton className="w-full">{tc("create")}</SubmitButton>
            </ActionForm>
          ) : undefined
        }
        list={
          assets.length === 0 ? (
            <EmptyState icon={<Boxes className="size-8" />} title={t("noAssets")} />
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {assets.map((a) => (
                <EditableRow
                  key={a.id}
                  editLabel={tc("edit")}
                  summary={
                    <>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{a.name}</span>
                        <Badge>{tk(a.kind)}</Badge>
                        <CriticalityBadge value={a.criticality} />
                      </div>
                      <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
                        {[a.address, a.ownerTeamName ?? t("noOwner")].filter(Boolean).join(" · ")}
                      </p>
                      {a.services.length ? (
                        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">
                          {a.services.map((s) => s.name).join(", ")}
                        </p>
                      ) : null}
                    </>
                  }
                >
                  {canManage ? (
                    <EditDeleteForms
                      idName="assetId"
                      id={a.id}
                      updateAction={updateAssetAction}
                      deleteAction={deleteAssetAction}
                      deleteConfirm={t("deleteAssetConfirm", { name: a.name })}
                      fields={
                        <CatalogFields
                          idPrefix={`asset-${a.id}`}
                          teams={teams}
                          services={services}
                          asset
                          values={{ ...a, serviceIds: a.services.map((s) => s.id) }}
                        />
                      }
                    />
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
