import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import type { RequestField } from "@/db/schema";

// One of a request type's own fields, named requestFields.<key> so its error lands beside it.
export async function RequestFieldInput({ field, idPrefix }: { field: RequestField; idPrefix: string }) {
  const t = await getTranslations("requests");
  const name = `requestFields.${field.key}`;
  const id = `${idPrefix}-${field.key}`;
  const describedBy = [field.help ? `${id}-help` : null, `${name}-error`].filter(Boolean).join(" ");
  const help = field.help ? (
    <p id={`${id}-help`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
      {field.help}
    </p>
  ) : null;

  if (field.type === "checkbox") {
    return (
      <div data-field={field.key}>
        <label className="flex items-start gap-3 rounded-md border border-zinc-200 px-3 py-2.5 text-sm font-medium text-zinc-800 has-[:checked]:border-brand-300 has-[:checked]:bg-brand-50/50 dark:border-zinc-700 dark:text-zinc-200 dark:has-[:checked]:border-brand-700 dark:has-[:checked]:bg-brand-900/20">
          <input
            type="checkbox"
            id={id}
            name={name}
            aria-describedby={describedBy}
            className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-brand-600"
          />
          <span className="min-w-0">
            {field.label}
            {field.isRequired ? null : (
              <span className="ml-1.5 font-normal whitespace-nowrap text-zinc-400">· {t("optional")}</span>
            )}
          </span>
        </label>
        {help}
        <FieldError name={name} />
      </div>
    );
  }

  const label = (
    <Label htmlFor={id}>
      {field.label}
      {field.isRequired ? null : (
        <span className="ml-1.5 font-normal whitespace-nowrap text-zinc-400">· {t("optional")}</span>
      )}
    </Label>
  );
  const common = { id, name, required: field.isRequired, "aria-describedby": describedBy };
  let control: React.ReactNode;
  switch (field.type) {
    case "textarea":
      control = <Textarea {...common} rows={4} maxLength={5000} />;
      break;
    case "number":
      control = <Input {...common} type="number" inputMode="decimal" step="any" className="max-w-48" />;
      break;
    case "date":
      control = <Input {...common} type="date" className="max-w-48" />;
      break;
    case "select":
      control = (
        <Select {...common} defaultValue="">
          <option value="" disabled={field.isRequired}>
            {t("choose")}
          </option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      );
      break;
    default:
      control = <Input {...common} maxLength={500} />;
  }
  return (
    <div data-field={field.key}>
      {label}
      {control}
      {help}
      <FieldError name={name} />
    </div>
  );
}
