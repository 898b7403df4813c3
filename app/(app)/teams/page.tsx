import { ChevronRight, UsersRound } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Textarea } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listTeams } from "@/lib/teams/list";
import { createTeamAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("teams"))("title") };
}

export default async function TeamsPage() {
  const user = await requirePermission("teams.read");
  const t = await getTranslations("teams");
  const teams = await listTeams(await userCtx(user));
  const canManage = can(userActor(user), "teams.manage");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card>
          {teams.length === 0 ? (
            <EmptyState icon={<UsersRound className="size-8" />} title={t("empty")} description={t("emptyHint")} />
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {teams.map((team) => (
                <li key={team.id}>
                  <Link
                    href={`/teams/${team.id}`}
                    className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-50 sm:px-5 dark:hover:bg-zinc-800/50"
                  >
                    <span className="min-w-0 flex-1">
                      <span className="block font-medium">{team.name}</span>
                      {team.description ? (
                        <span className="block truncate text-sm text-zinc-500 dark:text-zinc-400">
                          {team.description}
                        </span>
                      ) : null}
                    </span>
                    <span className="shrink-0 text-sm text-zinc-500">{t("members", { count: team.memberCount })}</span>
                    <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        {canManage ? (
          <Card className="self-start">
            <CardHeader title={t("new")} />
            <CardBody>
              <ActionForm action={createTeamAction} className="space-y-3" aria-label={t("new")}>
                <div>
                  <Label htmlFor="team-name">{t("name")}</Label>
                  <Input id="team-name" name="name" required maxLength={100} />
                  <FieldError name="name" />
                </div>
                <div>
                  <Label htmlFor="team-description">{t("descriptionLabel")}</Label>
                  <Textarea id="team-description" name="description" maxLength={1000} />
                  <FieldError name="description" />
                </div>
                <SubmitButton className="w-full">{t("create")}</SubmitButton>
              </ActionForm>
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
