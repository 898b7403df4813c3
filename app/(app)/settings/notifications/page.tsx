import { getTranslations } from "next-intl/server";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { PushEnable } from "@/components/notify/push-enable";
import { RuleFields } from "@/components/notify/rule-fields";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { isEmailConfigured } from "@/lib/notify/email";
import { vapidPublicKey } from "@/lib/notify/push";
import { listNotificationRules, MAX_RULES } from "@/lib/notify/rules";
import { listPushSubscriptions } from "@/lib/notify/subscriptions";
import {
  createRuleAction,
  deleteRuleAction,
  subscribeBrowserAction,
  testNotificationAction,
  unsubscribeAction,
  updateRuleAction,
} from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("notifySettings"))("title") };
}

export default async function NotificationSettingsPage() {
  const user = await requirePermission("notifications.own");
  const ctx = await userCtx(user);
  const t = await getTranslations("notifySettings");
  const [{ rules, isDefault, defaults }, subscriptions, publicKey] = await Promise.all([
    listNotificationRules(ctx),
    listPushSubscriptions(ctx),
    vapidPublicKey(),
  ]);
  const when = (minutes: number) => (minutes === 0 ? t("atOnce") : t("afterMinutes", { minutes }));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t("rulesTitle")} description={t("rulesDescription")} />
          <CardBody className="space-y-4">
            {isDefault ? (
              <div className="rounded-md bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-800/60" data-testid="default-rules">
                <p className="font-medium">{t("defaultsTitle")}</p>
                <ul className="mt-1 list-inside list-disc text-zinc-600 dark:text-zinc-400">
                  {defaults.map((r) => (
                    <li key={r.channel}>
                      {t(`channels.${r.channel}`)} · {when(r.delayMinutes)} · {t("allPriorities")}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <ul className="space-y-3" aria-label={t("rulesTitle")}>
                {rules.map((rule) => (
                  <li
                    key={rule.id}
                    className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
                    data-testid="rule"
                  >
                    <p className="mb-3 flex flex-wrap items-center gap-2 text-sm font-medium">
                      <Badge tone="brand">{t(`channels.${rule.channel as "email" | "push"}`)}</Badge>
                      <span>{when(rule.delayMinutes)}</span>
                      <span className="text-zinc-500">
                        · {rule.priorities.length ? rule.priorities.join(", ") : t("allPriorities")}
                      </span>
                    </p>
                    <RuleEditForm rule={rule} />
                    <ActionForm action={deleteRuleAction} confirm={t("deleteConfirm")} className="mt-2">
                      <input type="hidden" name="ruleId" value={rule.id} />
                      <SubmitButton size="sm" variant="danger-outline">
                        {t("delete")}
                      </SubmitButton>
                    </ActionForm>
                  </li>
                ))}
              </ul>
            )}
            {rules.length < MAX_RULES ? (
              <ActionForm
                action={createRuleAction}
                className="space-y-3 rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700"
                aria-label={t("addRule")}
              >
                <p className="text-sm font-medium">{t("addRule")}</p>
                <RuleFields idPrefix="new-rule" />
                <SubmitButton>{t("addRule")}</SubmitButton>
              </ActionForm>
            ) : (
              <p className="text-sm text-zinc-500">{t("maxRules", { max: MAX_RULES })}</p>
            )}
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("browserTitle")} description={t("browserDescription")} />
          <CardBody>
            <PushEnable
              publicKey={publicKey}
              knownEndpoints={subscriptions.map((s) => s.endpoint)}
              subscribe={subscribeBrowserAction}
            />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("browsersTitle")} />
          <CardBody className="space-y-4">
            {subscriptions.length === 0 ? (
              <EmptyState title={t("browsersEmpty")} />
            ) : (
              <ul
                className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
                aria-label={t("browsersTitle")}
              >
                {subscriptions.map((s) => (
                  <li key={s.id} className="flex flex-wrap items-center gap-3 px-3 py-3" data-testid="subscription">
                    <div className="min-w-0 flex-1">
                      <p className="font-medium break-words">{s.label || t("unnamed")}</p>
                      <p className="text-xs break-all text-zinc-500">{new URL(s.endpoint).host}</p>
                      <p className="text-xs text-zinc-500">
                        {t("addedAt")} <LocalTime value={s.createdAt} /> · {t("lastSuccess")}{" "}
                        {s.lastSuccessAt ? <LocalTime value={s.lastSuccessAt} /> : t("never")}
                      </p>
                    </div>
                    <div className="flex flex-wrap gap-2">
                      <ActionForm action={testNotificationAction} resetOnSuccess={false}>
                        <input type="hidden" name="channel" value="push" />
                        <input type="hidden" name="subscriptionId" value={s.id} />
                        <SubmitButton size="sm" variant="secondary">
                          {t("testPush")}
                        </SubmitButton>
                      </ActionForm>
                      <ActionForm
                        action={unsubscribeAction}
                        confirm={t("removeConfirm", { label: s.label || t("unnamed") })}
                      >
                        <input type="hidden" name="subscriptionId" value={s.id} />
                        <SubmitButton size="sm" variant="danger-outline">
                          {t("remove")}
                        </SubmitButton>
                      </ActionForm>
                    </div>
                  </li>
                ))}
              </ul>
            )}
            <div className="border-t border-zinc-100 pt-4 dark:border-zinc-800">
              <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
                {isEmailConfigured() ? t("emailTo", { email: user.email }) : t("emailOff")}
              </p>
              {isEmailConfigured() ? (
                <ActionForm action={testNotificationAction} resetOnSuccess={false}>
                  <input type="hidden" name="channel" value="email" />
                  <SubmitButton size="sm" variant="secondary">
                    {t("testEmail")}
                  </SubmitButton>
                </ActionForm>
              ) : null}
            </div>
          </CardBody>
        </Card>
      </div>
    </>
  );
}

async function RuleEditForm({ rule }: { rule: Awaited<ReturnType<typeof listNotificationRules>>["rules"][number] }) {
  const t = await getTranslations("notifySettings");
  return (
    <ActionForm action={updateRuleAction} resetOnSuccess={false} className="w-full space-y-3" aria-label={t("save")}>
      <input type="hidden" name="ruleId" value={rule.id} />
      <RuleFields
        idPrefix={`rule-${rule.id}`}
        channel={rule.channel as "email" | "push"}
        delayMinutes={rule.delayMinutes}
        priorities={rule.priorities}
      />
      <SubmitButton size="sm" variant="secondary">
        {t("save")}
      </SubmitButton>
    </ActionForm>
  );
}
