"use client";

import { useTranslations } from "next-intl";
import { FieldError } from "@/components/forms/action-form";
import { Label, Select } from "@/components/ui/input";
import { type Level, priorityFor } from "@/lib/desk/priority";

const LEVELS = [1, 2, 3] as const;

export type PriorityValue = { impact: number; urgency: number; isMajor: boolean };
export type Option = { id: string; name: string };

// Impact and urgency with the priority the matrix gives them, previewed as the user chooses.
export function PriorityFields({
  idPrefix,
  value,
  onChange,
  canMajor,
  isMajorFieldMarked = false,
}: {
  idPrefix: string;
  value: PriorityValue;
  onChange: (value: PriorityValue) => void;
  canMajor: boolean;
  isMajorFieldMarked?: boolean;
}) {
  const t = useTranslations("ticket");
  const priority = value.isMajor ? "P1" : priorityFor(value.impact as Level, value.urgency as Level);
  const level = (name: "impact" | "urgency") => (
    <div>
      <Label htmlFor={`${idPrefix}-${name}`}>{t(`field.${name}`)}</Label>
      <Select
        id={`${idPrefix}-${name}`}
        name={name}
        value={value[name]}
        onChange={(e) => onChange({ ...value, [name]: Number(e.target.value) })}
      >
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {t(`level.${l}`)}
          </option>
        ))}
      </Select>
    </div>
  );
  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        {level("impact")}
        {level("urgency")}
        <p className="col-span-2 flex items-center gap-2 text-sm" data-testid="priority-preview">
          <span className="text-zinc-700 dark:text-zinc-300">{t("field.priority")}</span>
          <span className="rounded bg-zinc-100 px-2 py-0.5 font-semibold tabular-nums dark:bg-zinc-800">
            {priority}
          </span>
          <span className="text-zinc-500">{value.isMajor ? t("majorOverride") : t("fromMatrix")}</span>
        </p>
      </div>
      {canMajor ? (
        <label className="flex items-start gap-2 text-sm">
          {isMajorFieldMarked ? <input type="hidden" name="isMajorField" value="1" /> : null}
          <input
            type="checkbox"
            name="isMajor"
            checked={value.isMajor}
            onChange={(e) => onChange({ ...value, isMajor: e.target.checked })}
            className="mt-0.5 size-4 rounded border-zinc-300"
          />
          <span>
            <span className="font-medium">{t("field.isMajor")}</span>
            <span className="block text-xs text-zinc-500">{t("majorHint")}</span>
          </span>
        </label>
      ) : null}
    </>
  );
}

export function OptionSelect({
  idPrefix,
  name,
  label,
  options,
  value,
  none,
}: {
  idPrefix: string;
  name: string;
  label: string;
  options: Option[];
  value: string | null;
  none: string;
}) {
  return (
    <div>
      <Label htmlFor={`${idPrefix}-${name}`}>{label}</Label>
      <Select id={`${idPrefix}-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{none}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      <FieldError name={name} />
    </div>
  );
}

export type RefOptions = { services: Option[]; assets: Option[]; teams: Option[]; agents: Option[] };
type RefName = "teamId" | "assigneeId" | "serviceId" | "assetId";

// Team, assignee, service and asset selects; `none` names what an empty choice means on this form.
export function RefSelects({
  idPrefix,
  options,
  values = {},
  none,
}: {
  idPrefix: string;
  options: RefOptions;
  values?: Partial<Record<RefName, string | null>>;
  none: Record<RefName, string>;
}) {
  const t = useTranslations("ticket");
  const fields: [RefName, Option[]][] = [
    ["teamId", options.teams],
    ["assigneeId", options.agents],
    ["serviceId", options.services],
    ["assetId", options.assets],
  ];
  return fields.map(([name, list]) => (
    <OptionSelect
      key={name}
      idPrefix={idPrefix}
      name={name}
      label={t(`field.${name}`)}
      options={list}
      value={values[name] ?? null}
      none={none[name]}
    />
  ));
}
