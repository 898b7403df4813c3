import { getTranslations } from "next-intl/server";
import { EditableRow } from "@/components/catalog/editable-row";
import { ListWithPanel } from "@/components/catalog/list-with-panel";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { IntegrationCreateForm } from "@/components/integrations/integration-create-form";
import { RotateKeyForm } from "@/components/integrations/rotate-key-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listServices } from "@/lib/catalog/list";
import { listIntegrations } from "@/lib/integrations/list";
import { listTeams } from "@/lib/teams/list";
import { createIntegrationAction, rotateIntegrationKeyAction, setIntegrationEnabledAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("integrations"))("title") };
}

export default async function IntegrationsPage() {
  const me = await requirePermission("integrations.manage");
  const t = await getTranslations("integrations");
  const tc = await getTranslations("common");
  const ctx = await userCtx(me);
  const [items, services, teams] = await Promise.all([listIntegrations(ctx), listServices(ctx), listTeams(ctx)]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ListWithPanel
        panelTitle={t("new")}
        panel={
          <IntegrationCreateForm
            action={createIntegrationAction}
            services={services.map((s) => ({ id: s.id, name: s.name }))}
            teams={teams.map((team) => ({ id: team.id, name: team.name }))}
          />
        }
        list={
          items.length === 0 ? (
            <EmptyState title={t("empty")} description={t("emptyHint")} />
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
              {items.map((item) => (
                <EditableRow
                  key={item.id}
                  editLabel={tc("edit")}
                  summary={
                    <div data-testid={`integration-row-${item.id}`}>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium break-all">{item.name}</span>
                        <Badge tone="brand">{t(`kinds.${item.kind}`)}</Badge>
                        {item.isEnabled ? (
                          <Badge tone="green">{t("enabled")}</Badge>
                        ) : (
                          <Badge tone="red">{t("disabled")}</Badge>
                        )}
                        {item.errorCount > 0 ? (
                          <Badge tone="amber">{t("errors", { count: item.errorCount })}</Badge>
                        ) : null}
                      </div>
                      <p className="mt-0.5 font-mono text-xs break-all text-zinc-500">{item.url}</p>
                      <p className="mt-0.5 text-xs text-zinc-500">
                        {t("lastEvent")}: <LocalTime value={item.lastEventAt} />
                        {item.serviceName ? ` · ${t("service")}: ${item.serviceName}` : ""}
                        {item.teamName ? ` · ${t("team")}: ${item.teamName}` : ""}
                      </p>
                    </div>
                  }
                >
                  <div className="space-y-4">
                    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
                      <dt className="text-zinc-500">{t("keyPrefix")}</dt>
                      <dd>
                        <code className="text-xs">{item.keyPrefix}…</code>
                      </dd>
                      <dt className="text-zinc-500">{t("keyRotated")}</dt>
                      <dd>
                        <LocalTime value={item.keyRotatedAt ?? item.createdAt} />
                      </dd>
                      <dt className="text-zinc-500">{t("rateLimit")}</dt>
                      <dd>{t("perMinute", { count: item.rateLimitPerMinute })}</dd>
                      <dt className="text-zinc-500">{t("lastError")}</dt>
                      <dd className="min-w-0 break-words">
                        {item.lastError ? (
                          <>
                            <LocalTime value={item.lastErrorAt} /> · <span>{item.lastError}</span>
                          </>
                        ) : (
                          "—"
                        )}
                      </dd>
                    </dl>
                    <div className="flex flex-wrap items-start gap-3">
                      <RotateKeyForm action={rotateIntegrationKeyAction} integrationId={item.id} name={item.name} />
                      <ActionForm
                        action={setIntegrationEnabledAction}
                        confirm={item.isEnabled ? t("disableConfirm", { name: item.name }) : undefined}
                      >
                        <input type="hidden" name="integrationId" value={item.id} />
                        <input type="hidden" name="isEnabled" value={item.isEnabled ? "false" : "true"} />
                        <SubmitButton size="sm" variant={item.isEnabled ? "danger-outline" : "secondary"}>
                          {item.isEnabled ? t("disable") : t("enable")}
                        </SubmitButton>
                      </ActionForm>
                    </div>
                    <div>
                      <h3 className="mb-2 text-sm font-semibold">{t("recentEvents")}</h3>
                      {item.recentEvents.length === 0 ? (
                        <p className="text-sm text-zinc-500">{t("noEvents")}</p>
                      ) : (
                        <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 bg-white text-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
                          {item.recentEvents.map((event) => (
                            <li key={event.id} className="px-3 py-2">
                              <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                                <LocalTime value={event.receivedAt} withSeconds />
                                <Badge tone={event.action === "resolve" ? "green" : "amber"}>
                                  {t(`actions.${event.action}`)}
                                </Badge>
                                {event.processedAt ? null : <Badge>{t("pending")}</Badge>}
                                <code className="break-all">{event.fingerprint}</code>
                              </div>
                              <p className="mt-0.5 break-words">{event.summary}</p>
                            </li>
                          ))}
                        </ul>
                      )}
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
