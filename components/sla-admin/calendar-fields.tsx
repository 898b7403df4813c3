import { getTranslations } from "next-intl/server";
import type { ComponentProps } from "react";
import { FieldError } from "@/components/forms/action-form";
import { Input, Label, Select } from "@/components/ui/input";
import type { WorkingHours } from "@/db/schema";
import { WeeklyHoursEditor } from "./weekly-hours-editor";

const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

export const TIME_ZONES = (() => {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
})();

export function TimeZoneSelect(props: Omit<ComponentProps<typeof Select>, "name" | "children">) {
  return (
    <Select name="timeZone" {...props}>
      {TIME_ZONES.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </Select>
  );
}

export async function CalendarFields({
  idPrefix,
  values,
}: {
  idPrefix: string;
  values: { name?: string; timeZone: string; hours: WorkingHours[] };
}) {
  const t = await getTranslations("slaAdmin.calendars");
  const td = await getTranslations("slaAdmin.days");
  const days = Object.fromEntries(DAYS.map((d) => [d, td(d)]));
  const per = (key: "start" | "end") => Object.fromEntries(DAYS.map((d) => [d, t(key, { day: days[d] })]));
  return (
    <div className="space-y-3">
      <div>
        <Label htmlFor={`${idPrefix}-name`}>{t("name")}</Label>
        <Input
          id={`${idPrefix}-name`}
          name="name"
          defaultValue={values.name}
          maxLength={100}
          placeholder={t("namePlaceholder")}
        />
        <FieldError name="name" />
      </div>
      <div>
        <Label htmlFor={`${idPrefix}-tz`}>{t("timeZone")}</Label>
        <TimeZoneSelect id={`${idPrefix}-tz`} defaultValue={values.timeZone} />
        <FieldError name="timeZone" />
      </div>
      <fieldset className="min-w-0">
        <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("hours")}</legend>
        <p className="mb-2 text-xs break-keep text-zinc-500 dark:text-zinc-400">{t("hoursHint")}</p>
        <WeeklyHoursEditor
          initial={values.hours}
          labels={{
            days,
            closed: t("closed"),
            addRange: t("addRange"),
            removeRange: t("removeRange"),
            start: per("start"),
            end: per("end"),
          }}
        />
      </fieldset>
    </div>
  );
}

export async function HoursSummary({ hours }: { hours: WorkingHours[] }) {
  const t = await getTranslations("slaAdmin.calendars");
  const td = await getTranslations("slaAdmin.days");
  return (
    <dl className="grid grid-cols-[2.5rem_1fr] gap-x-2 gap-y-1 text-sm" data-testid="hours-summary">
      {DAYS.map((d) => {
        const ranges = hours.filter((h) => String(h.day) === d);
        return (
          <div key={d} className="contents">
            <dt className="font-medium text-zinc-600 dark:text-zinc-300">{td(d)}</dt>
            <dd className={ranges.length ? "font-mono text-zinc-800 dark:text-zinc-100" : "text-zinc-400"}>
              {ranges.length
                ? ranges.map((r, i) => (
                    <span key={`${r.start}-${r.end}`}>
                      {i ? " " : ""}
                      <span className="whitespace-nowrap">
                        {r.start}–{r.end}
                        {i < ranges.length - 1 ? "," : ""}
                      </span>
                    </span>
                  ))
                : t("closed")}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
