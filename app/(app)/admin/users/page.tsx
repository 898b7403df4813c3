import { getTranslations } from "next-intl/server";
import { EditableRow } from "@/components/catalog/editable-row";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { ROLES } from "@/db/schema";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/users/list";
import { createUserAction, resetPasswordAction, setUserActiveAction, updateUserAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("users"))("title") };
}

export default async function UsersPage() {
  const me = await requirePermission("users.read");
  const t = await getTranslations("users");
  const tc = await getTranslations("common");
  const tr = await getTranslations("roles");
  const users = await listUsers(await userCtx(me));
  const roleOptions = ROLES.map((r) => (
    <option key={r} value={r}>
      {tr(r)}
    </option>
  ));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("title")}>
            {users.map((u) => (
              <EditableRow
                key={u.id}
                editLabel={tc("edit")}
                summary={
                  <div data-testid={`user-row-${u.email}`}>
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{u.name}</span>
                      <Badge tone={u.role === "admin" ? "brand" : "neutral"}>{tr(u.role)}</Badge>
                      {u.isActive ? null : <Badge tone="red">{tc("inactive")}</Badge>}
                    </div>
                    <p className="mt-0.5 truncate text-sm text-zinc-500 dark:text-zinc-400">{u.email}</p>
                    <p className="mt-0.5 text-xs text-zinc-500">
                      {t("lastLogin")}: <LocalTime value={u.lastLoginAt} />
                    </p>
                  </div>
                }
              >
                <div className="grid gap-4 md:grid-cols-2">
                  <ActionForm
                    action={updateUserAction}
                    resetOnSuccess={false}
                    className="space-y-3"
                    aria-label={t("editUser", { name: u.name })}
                  >
                    <input type="hidden" name="userId" value={u.id} />
                    <div>
                      <Label htmlFor={`name-${u.id}`}>{t("name")}</Label>
                      <Input id={`name-${u.id}`} name="name" defaultValue={u.name} />
                      <FieldError name="name" />
                    </div>
                    <div>
                      <Label htmlFor={`role-${u.id}`}>{t("role")}</Label>
                      <Select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {roleOptions}
                      </Select>
                    </div>
                    <SubmitButton size="sm">{tc("save")}</SubmitButton>
                  </ActionForm>
                  <div className="space-y-4">
                    <ActionForm action={resetPasswordAction} className="space-y-3" aria-label={t("resetPassword")}>
                      <input type="hidden" name="userId" value={u.id} />
                      <div>
                        <Label htmlFor={`pw-${u.id}`}>{t("newPassword")}</Label>
                        <Input id={`pw-${u.id}`} name="password" type="password" autoComplete="new-password" />
                        <FieldError name="password" />
                      </div>
                      <SubmitButton size="sm" variant="secondary">
                        {t("resetPassword")}
                      </SubmitButton>
                    </ActionForm>
                    {u.id === me.id ? null : (
                      <ActionForm
                        action={setUserActiveAction}
                        confirm={u.isActive ? t("deactivateConfirm", { name: u.name }) : undefined}
                      >
                        <input type="hidden" name="userId" value={u.id} />
                        <input type="hidden" name="isActive" value={u.isActive ? "false" : "true"} />
                        <SubmitButton size="sm" variant={u.isActive ? "danger-outline" : "secondary"}>
                          {u.isActive ? t("deactivate") : t("reactivate")}
                        </SubmitButton>
                      </ActionForm>
                    )}
                  </div>
                </div>
              </EditableRow>
            ))}
          </ul>
        </Card>
        <Card className="self-start">
          <CardHeader title={t("new")} />
          <CardBody>
            <ActionForm action={createUserAction} className="space-y-3" aria-label={t("new")}>
              <div>
                <Label htmlFor="new-email">{t("email")}</Label>
                <Input id="new-email" name="email" type="email" autoComplete="off" />
                <FieldError name="email" />
              </div>
              <div>
                <Label htmlFor="new-name">{t("name")}</Label>
                <Input id="new-name" name="name" />
                <FieldError name="name" />
              </div>
              <div>
                <Label htmlFor="new-role">{t("role")}</Label>
                <Select id="new-role" name="role" defaultValue="agent">
                  {roleOptions}
                </Select>
                <FieldError name="role" />
              </div>
              <div>
                <Label htmlFor="new-password">{t("initialPassword")}</Label>
                <Input id="new-password" name="password" type="password" autoComplete="new-password" />
                <FieldError name="password" />
              </div>
              <SubmitButton className="w-full">{t("create")}</SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
