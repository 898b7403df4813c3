import { getTranslations } from "next-intl/server";
import { ActionForm, FieldError, type FormState, SubmitButton } from "@/components/forms/action-form";
import { Input, Label, Textarea } from "@/components/ui/input";
import type { EscalationTargetKind } from "@/db/schema";
import type { PolicyWithSteps, TargetOption } from "@/lib/oncall/policies";
import { PolicyStepsEditor } from "./policy-steps-editor";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

function NumberField({
  id,
  name,
  label,
  hint,
  defaultValue,
  placeholder,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  defaultValue?: number | null;
  placeholder?: string;
}) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        inputMode="numeric"
        defaultValue={defaultValue ?? ""}
        placeholder={placeholder}
        className="w-32"
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs break-keep text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} />
    </div>
  );
}

// One form for a whole policy: its fields and its ordered steps, saved by one submission.
export async function PolicyForm({
  action,
  options,
  policy,
  submitLabel,
}: {
  action: Action;
  options: Record<EscalationTargetKind, TargetOption[]>;
  policy?: PolicyWithSteps;
  submitLabel: string;
}) {
  const t = await getTranslations("escalationPolicies");
  const id = (name: string) => `policy-${name}`;
  return (
    <ActionForm action={action} resetOnSuccess={false} className="space-y-5" aria-label={submitLabel}>
      {policy ? (
        <>
          <input type="hidden" name="policyId" value={policy.id} />
          <input type="hidden" name="version" value={policy.version} />
        </>
      ) : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <div>
          <Label htmlFor={id("name")}>{t("name")}</Label>
          <Input
            id={id("name")}
            name="name"
            defaultValue={policy?.name}
            maxLength={120}
            placeholder={t("namePlaceholder")}
          />
          <FieldError name="name" />
        </div>
        <div>
          <Label htmlFor={id("description")}>{t("descriptionLabel")}</Label>
          <Textarea id={id("description")} name="description" defaultValue={policy?.description} className="min-h-10" />
          <FieldError name="description" />
        </div>
      </div>
      <fieldset className="min-w-0 space-y-2">
        <legend className="text-sm font-semibold">{t("steps")}</legend>
        <p className="text-xs break-keep text-zinc-500 dark:text-zinc-400">{t("stepsHint")}</p>
        <PolicyStepsEditor
          initial={policy?.steps ?? []}
          options={options}
          labels={{
            step: t("step", { n: "{n}" }),
            delayFirst: t("delayFirst"),
            delayNext: t("delayNext", { n: "{n}" }),
            targets: t("targets"),
            kind: t("kind"),
            target: t("target"),
            kinds: {
              schedule: t("kinds.schedule"),
              user: t("kinds.user"),
              team: t("kinds.team"),
              webhook: t("kinds.webhook"),
            },
            choose: t("choose"),
            noOptions: t("noOptions"),
            addTarget: t("addTarget"),
            removeTarget: t("removeTarget"),
            addStep: t("addStep"),
            removeStep: t("removeStep", { n: "{n}" }),
            moveUp: t("moveUp", { n: "{n}" }),
            moveDown: t("moveDown", { n: "{n}" }),
          }}
        />
      </fieldset>
      <fieldset className="grid min-w-0 grid-cols-1 gap-4 rounded-md border border-zinc-200 p-3 sm:grid-cols-2 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">{t("repeat")}</legend>
        <NumberField
          id={id("repeat-count")}
          name="repeatCount"
          label={t("repeatCount")}
          hint={t("repeatHint")}
          defaultValue={policy?.repeatCount ?? 0}
        />
        <NumberField
          id={id("repeat-after")}
          name="repeatAfterMinutes"
          label={t("repeatAfter")}
          defaultValue={policy?.repeatAfterMinutes ?? 30}
        />
      </fieldset>
      <NumberField
        id={id("ack-timeout")}
        name="ackTimeoutMinutes"
        label={t("ackTimeout")}
        hint={t("ackTimeoutHint")}
        defaultValue={policy?.ackTimeoutMinutes}
      />
      <div>
        <label className="flex items-start gap-2 text-sm font-medium" htmlFor={id("default")}>
          <input
            id={id("default")}
            type="checkbox"
            name="isDefault"
            value="true"
            defaultChecked={policy?.isDefault}
            className="mt-0.5 size-4 rounded border-zinc-300"
            aria-describedby={`${id("default")}-hint`}
          />
          {t("makeDefault")}
        </label>
        <p id={`${id("default")}-hint`} className="mt-1 ml-6 text-xs break-keep text-zinc-500 dark:text-zinc-400">
          {t("defaultHint")}
        </p>
      </div>
      <SubmitButton>{submitLabel}</SubmitButton>
    </ActionForm>
  );
}
