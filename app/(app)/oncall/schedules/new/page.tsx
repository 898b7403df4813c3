import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { ScheduleFields } from "@/components/oncall/schedule-fields";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listTeams } from "@/lib/teams/list";
import { createScheduleAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules"))("new") };
}

export default async function NewSchedulePage() {
  const user = await requirePermission("oncall.schedules.manage");
  const t = await getTranslations("schedules");
  const teams = await listTeams(await userCtx(user));
  return (
    <div className="mx-auto max-w-2xl">
      <Link
        href="/oncall/schedules"
        className="mb-3 inline-flex items-center gap-1 text-sm text-brand-600 hover:underline dark:text-brand-400"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <PageHeader title={t("new")} />
      <Card>
        <CardBody>
          <ActionForm action={createScheduleAction} className="space-y-4" aria-label={t("new")} resetOnSuccess={false}>
            <ScheduleFields
              idPrefix="new-schedule"
              values={{ timeZone: user.timezone }}
              teams={teams.map((team) => ({ id: team.id, name: team.name }))}
            />
            <SubmitButton>{t("create")}</SubmitButton>
          </ActionForm>
        </CardBody>
      </Card>
    </div>
  );
}
