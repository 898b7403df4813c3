import { BellOff } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { CommentField, MatchersField, TimeFields } from "@/components/silences/suppression-fields";
import { SuppressionGroups, SuppressionRow } from "@/components/silences/suppression-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listSuppressions } from "@/lib/silences/manage";
import { userNamesById } from "@/lib/users/names";
import { createSilenceAction, expireSilenceAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("silences"))("title") };
}

export default async function SilencesPage() {
  const user = await requirePermission("tickets.read");
  const t = await getTranslations("silences");
  const ctx = await userCtx(user);
  const { silences } = await listSuppressions(ctx, { includeEnded: true });
  const names = await userNamesById(
    ctx,
    silences.map((s) => s.createdById),
  );
  const canManage = can(userActor(user), "silences.manage");
  const rows = silences.map((s) => ({
    ...s,
    endedEarlyAt: s.expiredAt,
    creatorName: s.createdById ? (names.get(s.createdById) ?? null) : null,
  }));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ListWithPanel
        panelTitle={t("new")}
        panel={
          canManage ? (
            <ActionForm action={createSilenceAction} className="space-y-3" aria-label={t("new")}>
              <MatchersField idPrefix="silence" />
              <TimeFields idPrefix="silence" />
              <CommentField idPrefix="silence" />
              <SubmitButton className="w-full">
                <BellOff className="size-4" aria-hidden />
                {t("create")}
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
                matchersLabel={t("matchers")}
                endAction={canManage ? expireSilenceAction : undefined}
                endLabel={t("expire")}
                idName="silenceId"
              />
            )}
          />
        }
      />
    </>
  );
}
