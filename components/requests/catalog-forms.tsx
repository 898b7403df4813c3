import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import type { RequestField } from "@/db/schema";
import { FieldEditor } from "./field-editor";

type Option = { id: string; name: string };

export async function CategoryFields({
  idPrefix,
  values = {},
}: {
  idPrefix: string;
  values?: { name?: string; description?: string; position?: number };
}) {
  const t = await getTranslations("requestCatalog");
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid gap-3">
      <div>
        <Label htmlFor={id("name")}>{t("name")}</Label>
        <Input id={id("name")} name="name" defaultValue={values.name} maxLength={100} required />
        <FieldError name="name" />
      </div>
      <div>
        <Label htmlFor={id("description")}>{t("descriptionLabel")}</Label>
        <Textarea id={id("description")} name="description" defaultValue={values.description} rows={2} />
        <FieldError name="description" />
      </div>
      <PositionField id={id("position")} value={values.position} />
    </div>
  );
}

async function PositionField({ id, value }: { id: string; value?: number }) {
  const t = await getTranslations("requestCatalog");
  return (
    <div>
      <Label htmlFor={id}>{t("position")}</Label>
      <Input
        id={id}
        name="position"
        type="number"
        inputMode="numeric"
        min={0}
        max={10000}
        defaultValue={value ?? 0}
        aria-describedby={`${id}-hint`}
        className="max-w-32"
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        {t("positionHint")}
      </p>
      <FieldError name="position" />
    </div>
  );
}

type TypeValues = {
  categoryId?: string;
  name?: string;
  description?: string;
  fields?: RequestField[];
  defaultImpact?: number;
  defaultUrgency?: number;
  teamId?: string | null;
  isActive?: boolean;
  position?: number;
};

// Everything a request type has, its form fields edited in the browser and sent as JSON.
export async function RequestTypeFields({
  idPrefix,
  categories,
  teams,
  values = {},
  isNew = false,
}: {
  idPrefix: string;
  categories: Option[];
  teams: Option[];
  values?: TypeValues;
  isNew?: boolean;
}) {
  const t = await getTranslations("requestCatalog");
  const id = (name: string) => `${idPrefix}-${name}`;
  const levels = [
    [1, t("level.high")],
    [2, t("level.medium")],
    [3, t("level.low")],
  ] as const;
  return (
    <div className="@container grid gap-3">
      <div className="grid gap-3 @lg:grid-cols-2">
        <div>
          <Label htmlFor={id("name")}>{t("name")}</Label>
          <Input id={id("name")} name="name" defaultValue={values.name} maxLength={120} required />
          <FieldError name="name" />
        </div>
        <div>
          <Label htmlFor={id("category")}>{t("category")}</Label>
          <Select id={id("category")} name="categoryId" defaultValue={values.categoryId ?? categories[0]?.id}>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
          <FieldError name="categoryId" />
        </div>
      </div>
      <div>
        <Label htmlFor={id("description")}>{t("descriptionLabel")}</Label>
        <Textarea id={id("description")} name="description" defaultValue={values.description} rows={2} />
        <FieldError name="description" />
      </div>
      <div>
        <Label htmlFor={id("team")}>{t("team")}</Label>
        <Select id={id("team")} name="teamId" defaultValue={values.teamId ?? ""}>
          <option value="">{t("teamByRouting")}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
        <FieldError name="teamId" />
      </div>
      <div className="grid gap-3 @md:grid-cols-2">
        <div>
          <Label htmlFor={id("impact")}>{t("defaultImpact")}</Label>
          <Select id={id("impact")} name="defaultImpact" defaultValue={String(values.defaultImpact ?? 3)}>
            {levels.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          <FieldError name="defaultImpact" />
        </div>
        <div>
          <Label htmlFor={id("urgency")}>{t("defaultUrgency")}</Label>
          <Select id={id("urgency")} name="defaultUrgency" defaultValue={String(values.defaultUrgency ?? 3)}>
            {levels.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          <FieldError name="defaultUrgency" />
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <PositionField id={id("position")} value={values.position} />
        <label className="flex items-center gap-2 pb-6 text-sm font-medium text-zinc-700 dark:text-zinc-300">
          <input
            type="checkbox"
            name="isActive"
            defaultChecked={values.isActive ?? true}
            className="size-4 rounded border-zinc-300 accent-brand-600"
          />
          {t("isActive")}
        </label>
      </div>
      <div className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <FieldEditor initial={values.fields} resetOnSuccess={isNew} />
      </div>
    </div>
  );
}
