"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FieldError } from "@/components/forms/action-form";
import { WeeklyHoursEditor } from "@/components/sla-admin/weekly-hours-editor";
import { Input, Label, Select } from "@/components/ui/input";
import type { LayerRestriction, RotationKind } from "@/db/schema";

const KINDS = ["weekly", "daily", "custom"] as const;
const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

// The shift length matters only for a custom rotation, so it shows only then.
export function RotationKindFields({
  idPrefix,
  kind,
  shiftHours,
}: {
  idPrefix: string;
  kind: RotationKind;
  shiftHours?: number;
}) {
  const t = useTranslations("schedules");
  const [current, setCurrent] = useState<RotationKind>(kind);
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <div>
        <Label htmlFor={`${idPrefix}-kind`}>{t("rotationKind")}</Label>
        <Select
          id={`${idPrefix}-kind`}
          name="rotationKind"
          value={current}
          onChange={(e) => setCurrent(e.target.value as RotationKind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </Select>
        <FieldError name="rotationKind" />
      </div>
      {current === "custom" ? (
        <div>
          <Label htmlFor={`${idPrefix}-hours`}>{t("shiftHours")}</Label>
          <Input
            id={`${idPrefix}-hours`}
            name="shiftHours"
            type="number"
            inputMode="numeric"
            min={1}
            max={2160}
            step={1}
            defaultValue={shiftHours ?? 12}
            aria-describedby={`${idPrefix}-hours-hint`}
          />
          <p id={`${idPrefix}-hours-hint`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            {t("shiftHoursHint")}
          </p>
          <FieldError name="shiftHours" />
        </div>
      ) : null}
    </div>
  );
}

// Around the clock, or only inside weekly time ranges; the ranges stay in the form (hidden) while "around the clock" is chosen.
export function RestrictionFields({
  initial,
  timeZone,
  dayNames,
}: {
  initial: LayerRestriction[];
  timeZone: string;
  dayNames: Record<string, string>;
}) {
  const t = useTranslations("schedules");
  const [isRestricted, setRestricted] = useState(initial.length > 0);
  const per = (key: "rangeStart" | "rangeEnd") =>
    Object.fromEntries(DAYS.map((d) => [d, t(key, { day: dayNames[d] })]));
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("restrictions")}</legend>
      <div className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {(["always", "times"] as const).map((mode) => (
          <label key={mode} className="inline-flex items-center gap-2">
            <input
              type="radio"
              name="restrictionMode"
              value={mode}
              checked={isRestricted === (mode === "times")}
              onChange={() => setRestricted(mode === "times")}
              className="size-4 accent-brand-600"
            />
            {t(mode === "always" ? "always" : "onlyTimes")}
          </label>
        ))}
      </div>
      <div hidden={!isRestricted}>
        <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">{t("restrictionsHint", { timeZone })}</p>
        <WeeklyHoursEditor
          name="restrictions"
          initial={initial.length ? initial : [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }))}
          labels={{
            days: dayNames,
            closed: t("notOnCall"),
            addRange: t("addRange"),
            removeRange: t("removeRange"),
            start: per("rangeStart"),
            end: per("rangeEnd"),
          }}
        />
      </div>
    </fieldset>
  );
}
