import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { cn } from "@/components/ui/cn";
import { PRIORITIES, TICKET_TYPES } from "@/db/schema";

type Option = { value: string; label: string };

// Few short options wrap as chips; a long list (categories, services) scrolls in a box of its own.
export function CheckboxGroup({
  idPrefix,
  name,
  legend,
  options,
  values = [],
  layout = "chips",
  emptyText,
}: {
  idPrefix: string;
  name: string;
  legend: string;
  options: Option[];
  values?: readonly string[];
  layout?: "chips" | "list";
  emptyText?: string;
}) {
  const checked = new Set(values);
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{legend}</legend>
      {options.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{emptyText}</p>
      ) : (
        <div
          className={cn(
            layout === "chips"
              ? "flex flex-wrap gap-2"
              : "max-h-44 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-300 bg-white dark:divide-zinc-800 dark:border-zinc-700 dark:bg-zinc-900",
          )}
        >
          {options.map((option) => {
            const id = `${idPrefix}-${name}-${option.value}`;
            return (
              <label
                key={option.value}
                htmlFor={id}
                className={cn(
                  "flex cursor-pointer items-center gap-2 text-sm text-zinc-700 dark:text-zinc-200",
                  layout === "chips"
                    ? "min-h-9 rounded-md border border-zinc-300 bg-white px-2.5 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 dark:border-zinc-700 dark:bg-zinc-900 dark:has-[:checked]:bg-brand-900/40"
                    : "min-h-10 px-3 py-1.5",
                )}
              >
                <input
                  id={id}
                  type="checkbox"
                  name={name}
                  value={option.value}
                  defaultChecked={checked.has(option.value)}
                  className="size-4 shrink-0 rounded border-zinc-300 accent-brand-600"
                />
                <span className="min-w-0 break-words">{option.label}</span>
              </label>
            );
          })}
        </div>
      )}
      <FieldError name={name} />
    </fieldset>
  );
}

// The ticket-type and priority conditions that routing rules and SLA policies share; both namespaces name them alike.
export async function TypeAndPriorityGroups({
  idPrefix,
  namespace,
  values,
}: {
  idPrefix: string;
  namespace: "routing" | "slaAdmin.policies";
  values: { ticketTypes?: readonly string[]; priorities?: readonly string[] };
}) {
  const t = await getTranslations(namespace);
  return (
    <>
      <CheckboxGroup
        idPrefix={idPrefix}
        name="ticketTypes"
        legend={t("condType")}
        options={TICKET_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))}
        values={values.ticketTypes}
      />
      <CheckboxGroup
        idPrefix={idPrefix}
        name="priorities"
        legend={t("condPriority")}
        options={PRIORITIES.map((p) => ({ value: p, label: p }))}
        values={values.priorities}
      />
    </>
  );
}
