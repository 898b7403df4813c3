import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { TimeZoneSelect } from "@/components/sla-admin/calendar-fields";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import type { LayerRestriction, RotationKind } from "@/db/schema";
import { MembersEditor } from "./schedule-members-editor";
import { RestrictionFields, RotationKindFields } from "./schedule-rotation-fields";

const HINT = "mt-1 text-xs text-zinc-500 dark:text-zinc-400";

export async function ScheduleFields({
  idPrefix,
  values,
  teams,
}: {
  idPrefix: string;
  values: { name?: string; description?: string; timeZone: string; teamId?: string | null };
  teams: { id: string; name: string }[];
}) {
  const t = await getTranslations("schedules");
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="space-y-3">
      <div>
        <Label htmlFor={id("name")}>{t("name")}</Label>
        <Input
          id={id("name")}
          name="name"
          defaultValue={values.name}
          maxLength={100}
          placeholder={t("namePlaceholder")}
        />
        <FieldError name="name" />
      </div>
      <div>
        <Label htmlFor={id("description")}>{t("descriptionLabel")}</Label>
        <Textarea
          id={id("description")}
          name="description"
          rows={2}
          maxLength={1000}
          defaultValue={values.description}
        />
        <FieldError name="description" />
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={id("tz")}>{t("timeZone")}</Label>
          <TimeZoneSelect id={id("tz")} defaultValue={values.timeZone} aria-describedby={`${id("tz")}-hint`} />
          <FieldError name="timeZone" />
        </div>
        <div>
          <Label htmlFor={id("team")}>{t("team")}</Label>
          <Select id={id("team")} name="teamId" defaultValue={values.teamId ?? ""}>
            <option value="">{t("noTeam")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
          <FieldError name="teamId" />
        </div>
      </div>
      <p id={`${id("tz")}-hint`} className={HINT}>
        {t("timeZoneHint")}
      </p>
    </div>
  );
}

export type LayerValues = {
  name: string;
  rotationKind: RotationKind;
  shiftHours?: number;
  startsAt: string;
  endsAt?: string | null;
  restrictions: LayerRestriction[];
  members: string[];
};

export async function LayerFields({
  idPrefix,
  timeZone,
  candidates,
  values,
  isNew = false,
}: {
  idPrefix: string;
  timeZone: string;
  candidates: { id: string; name: string }[];
  values: LayerValues;
  isNew?: boolean;
}) {
  const t = await getTranslations("schedules");
  const td = await getTranslations("slaAdmin.days");
  const dayNames = Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, td(d)]));
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="space-y-4">
      <div>
        <Label htmlFor={id("name")}>{t("layerName")}</Label>
        <Input id={id("name")} name="name" defaultValue={values.name} maxLength={100} />
        <FieldError name="name" />
      </div>
      <RotationKindFields idPrefix={idPrefix} kind={values.rotationKind} shiftHours={values.shiftHours} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={id("starts")}>{t("startsAt")}</Label>
          <Input
            id={id("starts")}
            type="datetime-local"
            name="startsAt"
            defaultValue={values.startsAt}
            aria-describedby={`${id("starts")}-hint`}
          />
          <FieldError name="startsAt" />
        </div>
        <div>
          <Label htmlFor={id("ends")}>{t("endsAt")}</Label>
          <Input id={id("ends")} type="datetime-local" name="endsAt" defaultValue={values.endsAt ?? ""} />
          <FieldError name="endsAt" />
        </div>
        <p id={`${id("starts")}-hint`} className={`${HINT} sm:col-span-2`}>
          {t("startsAtHint", { timeZone })}
        </p>
      </div>
      <MembersEditor candidates={candidates} initial={values.members} resetOnSuccess={isNew} />
      <RestrictionFields initial={values.restrictions} timeZone={timeZone} dayNames={dayNames} />
    </div>
  );
}
