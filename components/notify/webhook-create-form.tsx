"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, FieldError, type FormState, SubmitButton } from "@/components/forms/action-form";
import { Input, Label, Select } from "@/components/ui/input";

// Create form; the signing secret comes back once in the action's answer and lives only in this component.
export function WebhookCreateForm({ action }: { action: (state: FormState, form: FormData) => Promise<FormState> }) {
  const t = useTranslations("webhooksAdmin");
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <ActionForm
        action={action}
        className="space-y-3"
        aria-label={t("new")}
        onSuccess={(state) => setSecret(state.data?.secret ?? null)}
      >
        <div>
          <Label htmlFor="wh-name">{t("name")}</Label>
          <Input id="wh-name" name="name" required maxLength={100} />
          <FieldError name="name" />
        </div>
        <div>
          <Label htmlFor="wh-url">{t("url")}</Label>
          <Input id="wh-url" name="url" type="url" inputMode="url" placeholder="https://hooks.slack.com/services/…" />
          <FieldError name="url" />
        </div>
        <div>
          <Label htmlFor="wh-format">{t("format")}</Label>
          <Select id="wh-format" name="format" defaultValue="slack">
            <option value="slack">{t("formats.slack")}</option>
            <option value="json">{t("formats.json")}</option>
          </Select>
        </div>
        <SubmitButton>{t("create")}</SubmitButton>
      </ActionForm>
      {secret ? (
        <div
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950"
          role="status"
        >
          <p className="text-sm font-medium text-amber-900 dark:text-amber-200">{t("secretTitle")}</p>
          <code
            data-testid="webhook-secret"
            className="block rounded bg-white px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900"
          >
            {secret}
          </code>
          <p className="text-xs text-amber-900 dark:text-amber-200">{t("secretHelp")}</p>
        </div>
      ) : null}
    </div>
  );
}
