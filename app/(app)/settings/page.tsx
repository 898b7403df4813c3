import { getLocale, getTranslations } from "next-intl/server";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { TokenCreateForm } from "@/components/settings/token-create-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Select } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { AwayToggle } from "@/components/users/away-toggle";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { listOwnApiTokens } from "@/lib/tokens/list";
import { createTokenAction, revokeTokenAction, setOwnAwayAction, updateProfileAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage() {
  const user = await requireUser();
  const t = await getTranslations("settings");
  const tt = await getTranslations("tokens");
  const ts = await getTranslations("shell");
  const tokens = await listOwnApiTokens(await userCtx(user));
  const zones = Intl.supportedValuesOf("timeZone");
  const now = new Date();
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t("profile")} description={user.email} />
          <CardBody>
            <ActionForm
              action={updateProfileAction}
              resetOnSuccess={false}
              className="grid gap-4 sm:grid-cols-2"
              aria-label={t("profile")}
            >
              <div>
                <Label htmlFor="p-name">{t("name")}</Label>
                <Input id="p-name" name="name" defaultValue={user.name} />
                <FieldError name="name" />
              </div>
              <div>
                <Label htmlFor="p-locale">{ts("language")}</Label>
                <Select id="p-locale" name="locale" defaultValue={user.locale ?? (await getLocale())}>
                  <option value="ko">한국어</option>
                  <option value="en">English</option>
                </Select>
              </div>
              <div>
                <Label htmlFor="p-tz">{t("timezone")}</Label>
                <Select id="p-tz" name="timezone" defaultValue={user.timezone}>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </Select>
                <FieldError name="timezone" />
              </div>
              <div>
                <Label htmlFor="p-theme">{ts("theme")}</Label>
                <Select id="p-theme" name="theme" defaultValue={user.theme}>
                  <option value="system">{ts("themes.system")}</option>
                  <option value="light">{ts("themes.light")}</option>
                  <option value="dark">{ts("themes.dark")}</option>
                </Select>
              </div>
              <div className="sm:col-span-2">
                <SubmitButton>{t("save")}</SubmitButton>
              </div>
            </ActionForm>
          </CardBody>
        </Card>

        {user.role === "requester" ? null : (
          <Card>
            <CardHeader title={t("availability")} />
            <CardBody className="flex items-start justify-between gap-4">
              <div className="min-w-0">
                <p className="text-sm font-medium break-keep">{t("awayLabel")}</p>
                <p className="mt-0.5 text-sm break-keep text-zinc-500 dark:text-zinc-400">
                  {user.isAway ? t("awayOn") : t("awayOff")}
                </p>
              </div>
              <AwayToggle action={setOwnAwayAction} userId={user.id} isAway={user.isAway} label={t("awayLabel")} />
            </CardBody>
          </Card>
        )}

        <Card>
          <CardHeader title={tt("title")} description={tt("description")} />
          <CardBody className="space-y-5">
            <TokenCreateForm action={createTokenAction} />
            {tokens.length === 0 ? (
              <EmptyState title={tt("empty")} />
            ) : (
              <ul
                className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
                aria-label={tt("title")}
              >
                {tokens.map((token) => {
                  const isExpired = token.expiresAt !== null && token.expiresAt <= now;
                  return (
                    <li key={token.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                      <div className="min-w-0 flex-1">
                        <p className="flex flex-wrap items-center gap-2">
                          <span className="font-medium">{token.name}</span>
                          <code className="text-xs text-zinc-500">{token.tokenPrefix}…</code>
                          {token.revokedAt ? <Badge tone="red">{tt("revokedBadge")}</Badge> : null}
                          {!token.revokedAt && isExpired ? <Badge tone="amber">{tt("expiredBadge")}</Badge> : null}
                        </p>
                        <p className="mt-0.5 text-xs text-zinc-500">
                          {tt("created")} <LocalTime value={token.createdAt} /> · {tt("lastUsed")}{" "}
                          <LocalTime value={token.lastUsedAt} />
                          {token.expiresAt ? (
                            <>
                              {" "}
                              · {tt("expiresAt")} <LocalTime value={token.expiresAt} />
                            </>
                          ) : null}
                        </p>
                      </div>
                      {token.revokedAt ? null : (
                        <ActionForm action={revokeTokenAction} confirm={tt("revokeConfirm", { name: token.name })}>
                          <input type="hidden" name="tokenId" value={token.id} />
                          <SubmitButton variant="danger-outline" size="sm">
                            {tt("revoke")}
                          </SubmitButton>
                        </ActionForm>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
