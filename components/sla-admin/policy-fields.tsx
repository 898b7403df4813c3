import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { CheckboxGroup, TypeAndPriorityGroups } from "@/components/routing/checkbox-group";
import { Input, Label, Select } from "@/components/ui/input";
import { PRIORITIES, SLA_METRICS, type SlaTargets } from "@/db/schema";
import { splitMinutes, TARGET_UNITS } from "@/lib/sla/form-input";
import { OPEN_STATUSES } from "@/lib/tickets/status";

type Option = { id: string; name: string };
type Values = {
  name?: string;
  ticketTypes?: string[];
  priorities?: string[];
  serviceIds?: string[];
  teamIds?: string[];
  calendarId?: string;
  targets?: SlaTargets;
  pauseStatuses?: string[];
  warnPercent?: number;
};

export async function PolicyFields({
  idPrefix,
  services,
  teams,
  calendars,
  values = {},
}: {
  idPrefix: string;
  services: Option[];
  teams: Option[];
  calendars: Option[];
  values?: Values;
}) {
  const t = await getTranslations("slaAdmin.policies");
  const tu = await getTranslations("slaAdmin.units");
  const ts = await getTranslations("ticketStatus");
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid grid-cols-1 gap-4">
      <div>
        <Label htmlFor={id("name")}>{t("name")}</Label>
        <Input
          id={id("name")}
          name="name"
          defaultValue={values.name}
          maxLength={200}
          placeholder={t("namePlaceholder")}
        />
        <FieldError name="name" />
      </div>
      <fieldset className="min-w-0 space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">{t("appliesTo")}</legend>
        <p className="text-xs break-keep text-zinc-500 dark:text-zinc-400">{t("conditionsHint")}</p>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <TypeAndPriorityGroups idPrefix={idPrefix} namespace="slaAdmin.policies" values={values} />
          <CheckboxGroup
            idPrefix={idPrefix}
            name="serviceIds"
            legend={t("condService")}
            layout="list"
            options={services.map((s) => ({ value: s.id, label: s.name }))}
            values={values.serviceIds}
            emptyText={t("noServices")}
          />
          <CheckboxGroup
            idPrefix={idPrefix}
            name="teamIds"
            legend={t("condTeam")}
            layout="list"
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
            values={values.teamIds}
            emptyText={t("noTeams")}
          />
        </div>
      </fieldset>
      <div>
        <Label htmlFor={id("calendar")}>{t("calendar")}</Label>
        <Select id={id("calendar")} name="calendarId" defaultValue={values.calendarId ?? ""}>
          <option value="">{t("chooseCalendar")}</option>
          {calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <FieldError name="calendarId" />
      </div>
      <fieldset className="min-w-0 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">{t("targets")}</legend>
        <p className="mb-3 text-xs break-keep text-zinc-500 dark:text-zinc-400">{t("targetsHint")}</p>
        <div className="hidden max-w-2xl grid-cols-[2.5rem_1fr_1fr] gap-3 pb-1 text-xs font-medium text-zinc-500 sm:grid dark:text-zinc-400">
          <span />
          <span>{t("response")}</span>
          <span>{t("resolution")}</span>
        </div>
        <div className="max-w-2xl space-y-3 sm:space-y-2">
          {PRIORITIES.map((priority) => (
            <div
              key={priority}
              className="grid grid-cols-1 gap-2 sm:grid-cols-[2.5rem_1fr_1fr] sm:items-start sm:gap-3"
              data-testid={`targets-${priority}`}
            >
              <span className="pt-0 text-sm font-semibold sm:pt-2">{priority}</span>
              {SLA_METRICS.map((metric) => {
                const minutes = values.targets?.[priority]?.[metric];
                const split = minutes ? splitMinutes(minutes) : null;
                const label = t("targetValue", { priority, metric: t(metric) });
                return (
                  <div key={metric} className="min-w-0">
                    <span className="mb-1 block text-xs text-zinc-500 sm:hidden dark:text-zinc-400">{t(metric)}</span>
                    <div className="flex gap-2">
                      <Input
                        name={`targets.${priority}.${metric}.value`}
                        defaultValue={split ? String(split.value) : ""}
                        inputMode="decimal"
                        aria-label={label}
                        className="w-20 shrink-0"
                      />
                      <Select
                        name={`targets.${priority}.${metric}.unit`}
                        defaultValue={split?.unit ?? "hours"}
                        aria-label={t("targetUnit", { priority, metric: t(metric) })}
                        className="min-w-0 flex-1"
                      >
                        {Object.keys(TARGET_UNITS).map((unit) => (
                          <option key={unit} value={unit}>
                            {tu(unit as keyof typeof TARGET_UNITS)}
                          </option>
                        ))}
                      </Select>
                    </div>
                    <FieldError name={`targets.${priority}.${metric}`} />
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <FieldError name="targets" />
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_10rem]">
        <CheckboxGroup
          idPrefix={idPrefix}
          name="pauseStatuses"
          legend={t("pauseStatuses")}
          options={OPEN_STATUSES.map((s) => ({ value: s, label: ts(s) }))}
          values={values.pauseStatuses ?? ["pending"]}
        />
        <div>
          <Label htmlFor={id("warn")}>{t("warnPercent")}</Label>
          <Input
            id={id("warn")}
            name="warnPercent"
            type="number"
            min={1}
            max={99}
            defaultValue={values.warnPercent ?? 75}
          />
          <FieldError name="warnPercent" />
        </div>
      </div>
    </div>
  );
}
