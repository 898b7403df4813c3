import { Trash2 } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { ActionForm, FieldError, type FormState, SubmitButton } from "@/components/forms/action-form";
import { Input, Label } from "@/components/ui/input";

type Action = (state: FormState, form: FormData) => Promise<FormState>;
type Holiday = { id: string; date: string; name: string };

// Holidays grouped by year (this year open), with the add form and the Korean public holidays button.
export async function HolidayList({
  calendarId,
  holidays,
  currentYear,
  locale,
  actions,
}: {
  calendarId: string;
  holidays: Holiday[];
  currentYear: number;
  locale: string;
  actions: { add: Action; remove: Action; addKorean: Action };
}) {
  const t = await getTranslations("slaAdmin.calendars");
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
  const years = [...new Set(holidays.map((h) => Number(h.date.slice(0, 4))))].sort();
  return (
    <section className="space-y-3" aria-label={t("holidays")}>
      <h3 className="text-sm font-semibold">{t("holidays")}</h3>
      {years.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("noHolidays")}</p> : null}
      {years.map((year) => {
        const list = holidays.filter((h) => h.date.startsWith(`${year}-`));
        return (
          <details
            key={year}
            open={year === currentYear}
            className="group rounded-md border border-zinc-200 dark:border-zinc-800"
          >
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
              {t("yearCount", { year: String(year), count: list.length })}
            </summary>
            <ul className="divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800">
              {list.map((h) => (
                <li key={h.id} className="flex items-center gap-2 py-1 pr-1 pl-3 text-sm" aria-label={h.name}>
                  <span className="shrink-0 font-mono text-xs text-zinc-600 tabular-nums dark:text-zinc-300">
                    {h.date.slice(5)} ({weekday.format(new Date(`${h.date}T00:00:00Z`))})
                  </span>
                  <span className="min-w-0 flex-1 break-words">{h.name}</span>
                  <ActionForm action={actions.remove}>
                    <input type="hidden" name="holidayId" value={h.id} />
                    <SubmitButton
                      variant="ghost"
                      size="sm"
                      className="w-8 px-0 text-zinc-500 hover:text-red-600"
                      aria-label={t("removeHoliday", { name: h.name })}
                      title={t("removeHoliday", { name: h.name })}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </SubmitButton>
                  </ActionForm>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
      <ActionForm
        action={actions.add}
        className="grid grid-cols-1 gap-2 sm:grid-cols-[10rem_1fr_auto] sm:items-end"
        aria-label={t("addHoliday")}
      >
        <input type="hidden" name="calendarId" value={calendarId} />
        <div>
          <Label htmlFor={`holiday-date-${calendarId}`}>{t("holidayDate")}</Label>
          <Input id={`holiday-date-${calendarId}`} name="date" type="date" />
        </div>
        <div>
          <Label htmlFor={`holiday-name-${calendarId}`}>{t("holidayName")}</Label>
          <Input
            id={`holiday-name-${calendarId}`}
            name="name"
            maxLength={200}
            placeholder={t("holidayNamePlaceholder")}
          />
        </div>
        <SubmitButton variant="secondary">{t("addHoliday")}</SubmitButton>
        <div className="sm:col-span-3 empty:hidden">
          <FieldError name="date" />
          <FieldError name="name" />
        </div>
      </ActionForm>
      <ActionForm action={actions.addKorean} aria-label={t("addKorean")}>
        <input type="hidden" name="calendarId" value={calendarId} />
        <SubmitButton variant="secondary" size="sm" className="max-w-full whitespace-normal">
          {t("addKorean")}
        </SubmitButton>
        <p className="mt-1 text-xs break-keep text-zinc-500 dark:text-zinc-400">{t("koreanHint")}</p>
      </ActionForm>
    </section>
  );
}
