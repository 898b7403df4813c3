import { CalendarDays } from "lucide-react";
import { getLocale, getTranslations } from "next-intl/server";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { EditableRow } from "@/components/catalog/editable-row";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { CalendarFields, HoursSummary } from "@/components/sla-admin/calendar-fields";
import { HolidayList } from "@/components/sla-admin/holiday-list";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listBusinessCalendars } from "@/lib/sla/calendars";
import { listSlaPolicies } from "@/lib/sla/policies";
import {
  addHolidayAction,
  addKoreanHolidaysAction,
  createCalendarAction,
  deleteCalendarAction,
  removeHolidayAction,
  updateCalendarAction,
} from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("slaAdmin.calendars"))("title") };
}

const WEEKDAYS = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));

export default async function CalendarsPage() {
  const user = await requirePermission("sla.calendars.manage");
  const t = await getTranslations("slaAdmin.calendars");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const ctx = await userCtx(user);
  const [calendars, policies] = await Promise.all([listBusinessCalendars(ctx), listSlaPolicies(ctx)]);
  const currentYear = Number(
    new Intl.DateTimeFormat("en", { timeZone: user.timezone, year: "numeric" }).format(new Date()),
  );
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-6">
          {calendars.length === 0 ? (
            <Card>
              <EmptyState icon={<CalendarDays className="size-8" />} title={t("empty")} description={t("emptyHint")} />
            </Card>
          ) : null}
          {calendars.map((calendar) => {
            const usedBy = policies.filter((p) => p.calendarId === calendar.id).map((p) => p.name);
            return (
              <Card key={calendar.id} aria-label={calendar.name} data-testid={`calendar-${calendar.id}`}>
                <CardHeader
                  title={calendar.name}
                  description={`${calendar.timeZone} · ${t("holidayCount", { count: calendar.holidays.length })}`}
                />
                <ul>
                  <EditableRow
                    editLabel={tc("edit")}
                    summary={
                      <div className="space-y-2">
                        <HoursSummary hours={calendar.hours} />
                        <p className="text-xs break-words text-zinc-500 dark:text-zinc-400">
                          {usedBy.length ? t("usedBy", { names: usedBy.join(", ") }) : t("unused")}
                        </p>
                      </div>
                    }
                  >
                    <EditDeleteForms
                      idName="calendarId"
                      id={calendar.id}
                      updateAction={updateCalendarAction}
                      deleteAction={deleteCalendarAction}
                      deleteConfirm={t("deleteConfirm", { name: calendar.name })}
                      fields={<CalendarFields idPrefix={`calendar-${calendar.id}`} values={calendar} />}
                    />
                  </EditableRow>
                </ul>
                <CardBody className="border-t border-zinc-200 dark:border-zinc-800">
                  <HolidayList
                    calendarId={calendar.id}
                    holidays={calendar.holidays}
                    currentYear={currentYear}
                    locale={locale}
                    actions={{ add: addHolidayAction, remove: removeHolidayAction, addKorean: addKoreanHolidaysAction }}
                  />
                </CardBody>
              </Card>
            );
          })}
        </div>
        <Card className="self-start">
          <CardHeader title={t("new")} />
          <CardBody>
            <ActionForm action={createCalendarAction} className="space-y-3" aria-label={t("new")}>
              <CalendarFields idPrefix="new-calendar" values={{ timeZone: user.timezone, hours: WEEKDAYS }} />
              <SubmitButton className="w-full">{t("create")}</SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
