import { getTranslations } from "next-intl/server";
import { EditableRow } from "@/components/catalog/editable-row";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { WebhookCreateForm } from "@/components/notify/webhook-create-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listWebhooks } from "@/lib/notify/webhooks";
import { createWebhookAction, deleteWebhookAction, updateWebhookAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("webhooksAdmin"))("title") };
}

export default async function WebhooksPage() {
  const me = await requirePermission("webhooks.manage");
  const t = await getTranslations("webhooksAdmin");
  const tc = await getTranslations("common");
  const hooks = await listWebhooks(await userCtx(me));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ListWithPanel
        panelTitle={t("new")}
        panel={<WebhookCreateForm action={createWebhookAction} />}
        list={
          hooks.length === 0 ? (
            <EmptyState title={t("empty")} description={t("emptyHint")} />
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
              {hooks.map((hook) => (
                <EditableRow
                  key={hook.id}
                  editLabel={tc("edit")}
                  summary={
                    <div data-testid={`webhook-row-${hook.id}`}>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium break-all">{hook.name}</span>
                        <Badge tone="brand">{t(`formats.${hook.format}`)}</Badge>
                        {hook.isActive ? (
                          <Badge tone="green">{t("active")}</Badge>
                        ) : (
                          <Badge tone="red">{t("disabled")}</Badge>
                        )}
                      </div>
                      <p className="mt-0.5 font-mono text-xs break-all text-zinc-500">{hook.url}</p>
                    </div>
                  }
                >
                  <div className="space-y-4">
                    <ActionForm action={updateWebhookAction} resetOnSuccess={false} className="space-y-3">
                      <input type="hidden" name="webhookId" value={hook.id} />
                      <div>
                        <Label htmlFor={`wh-name-${hook.id}`}>{t("name")}</Label>
                        <Input id={`wh-name-${hook.id}`} name="name" defaultValue={hook.name} />
                        <FieldError name="name" />
                      </div>
                      <div>
                        <Label htmlFor={`wh-url-${hook.id}`}>{t("url")}</Label>
                        <Input id={`wh-url-${hook.id}`} name="url" defaultValue={hook.url} />
                        <FieldError name="url" />
                      </div>
                      <div>
                        <Label htmlFor={`wh-format-${hook.id}`}>{t("format")}</Label>
                        <Select id={`wh-format-${hook.id}`} name="format" defaultValue={hook.format}>
                          <option value="slack">{t("formats.slack")}</option>
                          <option value="json">{t("formats.json")}</option>
                        </Select>
                      </div>
                      <SubmitButton size="sm">{t("save")}</SubmitButton>
                    </ActionForm>
                    <div className="flex flex-wrap gap-3">
                      <ActionForm action={updateWebhookAction}>
                        <input type="hidden" name="webhookId" value={hook.id} />
                        <input type="hidden" name="isActive" value={hook.isActive ? "false" : "true"} />
                        <SubmitButton size="sm" variant="secondary">
                          {hook.isActive ? t("disable") : t("enable")}
                        </SubmitButton>
                      </ActionForm>
                      <ActionForm action={deleteWebhookAction} confirm={t("deleteConfirm", { name: hook.name })}>
                        <input type="hidden" name="webhookId" value={hook.id} />
                        <SubmitButton size="sm" variant="danger-outline">
                          {t("delete")}
                        </SubmitButton>
                      </ActionForm>
                    </div>
                  </div>
                </EditableRow>
              ))}
            </ul>
          )
        }
      />
    </>
  );
}
