import { CalendarRange, ChevronRight, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTimeZone, getTranslations } from "next-intl/server";
import { NowNext } from "@/components/oncall/schedule-now-next";
import { personColors } from "@/components/oncall/schedule-person";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listScheduleSummaries } from "@/lib/oncall/schedule-views";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules"))("title") };
}

export default async function SchedulesPage() {
  const user = await requirePermission("oncall.read");
  const t = await getTranslations("schedules");
  const schedules = await listScheduleSummaries(await userCtx(user));
  const canManage = can(userActor(user), "oncall.schedules.manage");
  const newButton = canManage ? (
    <Link href="/oncall/schedules/new" className={buttonClasses("primary")}>
      <Plus className="size-4" aria-hidden />
      {t("new")}
    </Link>
  ) : null;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { timeZone: await getTimeZone() })}
        action={newButton}
      />
      {schedules.length === 0 ? (
        <Card>
          <EmptyState
            icon={<CalendarRange className="size-8" />}
            title={t("empty")}
            description={canManage ? t("emptyHint") : t("emptyHintReader")}
          />
        </Card>
      ) : (
        <ul className="grid grid-cols-1 gap-4 lg:grid-cols-2" aria-label={t("title")}>
          {schedules.map((s) => (
            <li key={s.id} data-testid={`schedule-${s.id}`}>
              <Card className="h-full transition-colors hover:border-brand-300 dark:hover:border-brand-700">
                <Link href={`/oncall/schedules/${s.id}`} className="block px-4 py-4 sm:px-5">
                  <div className="mb-3 flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <h2 className="truncate text-base font-semibold">{s.name}</h2>
                      <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                        {[s.timeZone, s.teamName, t("layerCount", { count: s.layerCount })].filter(Boolean).join(" · ")}
                      </p>
                    </div>
                    <ChevronRight className="mt-1 size-4 shrink-0 text-zinc-400" aria-hidden />
                  </div>
                  <NowNext
                    onCall={s.onCall}
                    people={s.people}
                    colors={personColors([...s.onCall.now.userIds, ...(s.onCall.next?.userIds ?? [])])}
                  />
                </Link>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
