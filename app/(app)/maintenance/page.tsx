import { CalendarClock } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { CommentField, MatchersField, TimeFields } from "@/components/silences/suppression-fields";
import { SuppressionGroups, SuppressionRow } from "@/components/silences/suppression-list";
import { Badge } from "@/components/ui/badge";
import { Input, Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listServices } from "@/lib/catalog/list";
import { listSuppressions } from "@/lib/silences/manage";
import { userNamesById } from "@/lib/users/names";
import { cancelMaintenanceWindowAction, createMaintenanceWindowAction } from "../silences/actions";

export async function generateMetadata() {
  return { title: (await getTranslations("silences"))("maintenanceTitle") };
}

export default async function MaintenancePage() {
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("silences");
  const ctx = await userCtx(user);
  const [{ maintenanceWindows }, services] = await Promise.all([
    listSuppressions(ctx, { includeEnded: true }),
    listServices(ctx),
  ]);
  const names = await userNamesById(
    ctx,
    maintenanceWindows.map((w) => w.createdById),
  );
  const serviceNames = new Map(services.map((s) => [s.id, s.name]));
  const canManage = can(userActor(user), "silences.manage");
  const rows = maintenanceWindows.map((w) => ({
    ...w,
    endedEarlyAt: w.cancelledAt,
    creatorName: w.createdById ? (names.get(w.createdById) ?? null) : null,
  }));
  return (
    <>
      <PageHeader title={t("maintenanceTitle")} description={t("maintenanceDescription")} />
      <ListWithPanel
        panelTitle={t("newMaintenance")}
        panel={
          canManage ? (
            <ActionForm action={createMaintenanceWindowAction} className="space-y-3" aria-label={t("newMaintenance")}>
              <div>
                <Label htmlFor="maintenance-name">{t("name")}</Label>
                <Input id="maintenance-name" name="name" maxLength={200} placeholder={t("namePlaceholder")} />
                <FieldError name="name" />
              </div>
              <div>
                <Label htmlFor="maintenance-service">{t("service")}</Label>
                <Select id="maintenance-service" name="serviceId" defaultValue="">
                  <option value="">{t("noService")}</option>
                  {services.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
                <FieldError name="serviceId" />
              </div>
              <MatchersField idPrefix="maintenance" optional hint={t("maintenanceMatchersHint")} />
              <TimeFields idPrefix="maintenance" />
              <CommentField idPrefix="maintenance" />
              <SubmitButton className="w-full">
                <CalendarClock className="size-4" aria-hidden />
                {t("createMaintenance")}
              </SubmitButton>
            </ActionForm>
          ) : undefined
        }
        list={
          <SuppressionGroups
            rows={rows}
            now={new Date()}
            renderRow={(row, state) => (
              <SuppressionRow
                key={row.id}
                row={row}
                state={state}
                heading={
                  <>
                    <span className="min-w-0 font-medium break-words">{row.name}</span>
                    {row.serviceId ? (
                      <Badge className="max-w-full">
                        <span className="truncate">{serviceNames.get(row.serviceId) ?? t("unknownService")}</span>
                      </Badge>
                    ) : null}
                  </>
                }
                matchersLabel={t("matchers")}
                endAction={canManage ? cancelMaintenanceWindowAction : undefined}
                endLabel={t("cancel")}
                idName="windowId"
              />
            )}
          />
        }
      />
    </>
  );
}
