import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { MatchersField } from "@/components/silences/suppression-fields";
import { Input, Label, Select } from "@/components/ui/input";
import type { LabelMatcher } from "@/db/schema";
import { matcherText } from "@/lib/silences/matcher-text";
import { CheckboxGroup, TypeAndPriorityGroups } from "./checkbox-group";

type Option = { id: string; name: string };
type Values = {
  name?: string;
  matchers?: LabelMatcher[];
  ticketTypes?: string[];
  categoryIds?: string[];
  matchServiceIds?: string[];
  priorities?: string[];
  serviceId?: string | null;
  teamId?: string | null;
  isEnabled?: boolean;
};

export async function RuleFields({
  idPrefix,
  services,
  teams,
  categories,
  values = {},
}: {
  idPrefix: string;
  services: Option[];
  teams: Option[];
  categories: Option[];
  values?: Values;
}) {
  const t = await getTranslations("routing");
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid grid-cols-1 gap-3">
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
        <legend className="px-1 text-sm font-semibold">{t("when")}</legend>
        <p className="text-xs break-keep text-zinc-500 dark:text-zinc-400">{t("conditionsHint")}</p>
        <TypeAndPriorityGroups idPrefix={idPrefix} namespace="routing" values={values} />
        <CheckboxGroup
          idPrefix={idPrefix}
          name="categoryIds"
          legend={t("condCategory")}
          layout="list"
          options={categories.map((c) => ({ value: c.id, label: c.name }))}
          values={values.categoryIds}
          emptyText={t("noCategories")}
        />
        <CheckboxGroup
          idPrefix={idPrefix}
          name="matchServiceIds"
          legend={t("condService")}
          layout="list"
          options={services.map((s) => ({ value: s.id, label: s.name }))}
          values={values.matchServiceIds}
          emptyText={t("noServices")}
        />
        <MatchersField
          idPrefix={idPrefix}
          optional
          defaultValue={values.matchers ? matcherText(values.matchers) : undefined}
          hint={t("matchersHint")}
        />
      </fieldset>
      <fieldset className="grid min-w-0 grid-cols-1 gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-2 lg:grid-cols-1 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">{t("then")}</legend>
        <div>
          <Label htmlFor={id("service")}>{t("service")}</Label>
          <Select id={id("service")} name="serviceId" defaultValue={values.serviceId ?? ""}>
            <option value="">{t("none")}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
          <FieldError name="serviceId" />
        </div>
        <div>
          <Label htmlFor={id("team")}>{t("team")}</Label>
          <Select id={id("team")} name="teamId" defaultValue={values.teamId ?? ""}>
            <option value="">{t("serviceOwner")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
          <FieldError name="teamId" />
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">
        <input
          type="checkbox"
          name="isEnabled"
          defaultChecked={values.isEnabled ?? true}
          className="size-4 rounded border-zinc-300 accent-brand-600"
        />
        {t("enabled")}
      </label>
    </div>
  );
}
